"""Store benchmark at national scale: ``.venv/bin/python -m benchmarks.bench_store``.

Builds (once) ``benchmarks/out/store-national.db``: 300 partnerships in 8 regions (40 each,
the last 20), 10 agencies per partnership, 3 rounds each and every agency answering every
question of the shipped questionnaire (about 918,000 answers), written with bulk inserts.
Then measures what the app does: load one round for scoring, load every partnership's latest
round in a region of 40, save one answer and a 10-answer form, and reports the file size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from readiness.demo import _value_for
from readiness.loading import load_default_bundle
from readiness.runtime import tune_garbage_collector
from readiness.store import Store
from readiness.store.records import AnswerInput

OUT = Path(__file__).resolve().parent / "out"
PARTNERSHIPS, PER_REGION, AGENCIES, ROUNDS = 300, 40, 10, 3
ROLES = (
    "partnership_lead",
    "police",
    "fire_rescue",
    "local_authority",
    "icb",
    "youth_justice",
    "probation",
    "education",
    "vcs",
    "local_policing_body",
)


def build(path: Path) -> None:
    bundle = load_default_bundle()
    questions = bundle.questionnaire.questions()
    rng = random.Random(1)
    Store(path)  # schema via the migrations
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    regions = (PARTNERSHIPS + PER_REGION - 1) // PER_REGION
    conn.executemany(
        "INSERT INTO regions (id, name) VALUES (?, ?)",
        [(f"r{r}", f"Region {r}") for r in range(regions)],
    )
    stamp = "2026-10-01T09:00:00+00:00"
    for p in range(PARTNERSHIPS):
        pid = f"p{p:03d}"
        agencies = [(f"{pid}-a{a}", f"Agency {a} of {pid}", ROLES[a]) for a in range(AGENCIES)]
        conn.executemany("INSERT INTO agencies (id, name, role_id) VALUES (?, ?, ?)", agencies)
        conn.execute(
            "INSERT INTO partnerships (id, name, region_id, nation, partnership_type, "
            "lead_agency_id) VALUES (?, ?, ?, 'england', 'csp', ?)",
            (pid, f"Partnership {p}", f"r{p // PER_REGION}", agencies[0][0]),
        )
        conn.executemany("INSERT INTO memberships VALUES (?, ?)", [(pid, a[0]) for a in agencies])
        for r in range(ROUNDS):
            rid = f"{pid}.{2024 + r}"
            conn.execute(
                "INSERT INTO rounds (id, partnership_id, questionnaire_id, questionnaire_version,"
                " label, as_of, dates, status, created_at) VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?)",
                (
                    rid,
                    pid,
                    bundle.questionnaire.id,
                    bundle.questionnaire.version,
                    f"{2024 + r}/{25 + r}",
                    f"{2025 + r}-03-31",
                    "open" if r == ROUNDS - 1 else "closed",
                    stamp,
                ),
            )
            as_of = dt.date(2025 + r, 3, 31)
            rows = [
                (
                    rid,
                    agency_id,
                    q.id,
                    json.dumps(_value_for(q, rng.randint(0, 4), as_of, rng), sort_keys=True),
                    "Board minutes" if rng.random() < 0.7 else "",
                    "[]",
                    "",
                    "bench",
                    stamp,
                    1,
                )
                for agency_id, _, _ in agencies
                for q in questions
            ]
            conn.executemany(
                "INSERT INTO answers (round_id, agency_id, question_id, value, evidence, "
                "evidence_links, comment, updated_by, updated_at, revision) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst time in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    tune_garbage_collector()  # as the app and the command line do at start-up
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / "store-national.db"
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        start = time.perf_counter()
        build(path)
        print(f"built in {time.perf_counter() - start:.1f} s")
    store = Store(path)
    answers = sqlite3.connect(path).execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    size_mb = (
        sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
        / 1e6
    )
    rng = random.Random(2)
    one_round = store.round_answer_set("p123.2026")
    rows = [
        ("Answers in the database", f"{answers:,}", ""),
        ("Database size", f"{size_mb:.0f} MB", ""),
    ]
    med, worst = timed(
        lambda: store.round_answer_set(f"p{rng.randrange(300):03d}.2026"), args.repeat
    )
    rows.append(
        (
            f"Load one round for scoring ({len(one_round.answers):,} answers, "
            "AnswerSet of pydantic models)",
            f"{med:.1f} ms",
            f"{worst:.1f} ms",
        )
    )
    med, worst = timed(
        lambda: store.answers_for(f"p{rng.randrange(300):03d}.2026", "p000-a1"), args.repeat
    )
    rows.append(
        ("Load one agency's answers in a round (answers_for)", f"{med:.1f} ms", f"{worst:.1f} ms")
    )
    med, worst = timed(
        lambda: store.latest_answer_sets(f"r{rng.randrange(7)}"), max(3, args.repeat // 5)
    )
    rows.append(
        (
            "Load every partnership's latest round in a region of 40",
            f"{med:.0f} ms",
            f"{worst:.0f} ms",
        )
    )
    counter = iter(range(10**9))
    med, worst = timed(
        lambda: store.save_answer(
            "p007.2026",
            "p007-a1",
            f"bench.q{next(counter)}",
            value=2,
            expected_revision=None,
            user="bench",
        ),
        args.repeat,
    )
    rows.append(("Save one answer (new, with audit row)", f"{med:.1f} ms", f"{worst:.1f} ms"))
    med, worst = timed(
        lambda: store.save_answers(
            "p008.2026",
            "p008-a1",
            [AnswerInput(question_id=f"bench.f{next(counter)}", value=1) for _ in range(10)],
            user="bench",
        ),
        args.repeat,
    )
    rows.append(("Save a 10-answer form (one transaction)", f"{med:.1f} ms", f"{worst:.1f} ms"))
    print("| Measure | Median | Worst |\n|---|---|---|")
    for name, median, worst_text in rows:
        print(f"| {name} | {median} | {worst_text} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
