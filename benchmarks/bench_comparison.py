"""Benchmark the regional comparison on a national-scale database.

    .venv/bin/python benchmarks/bench_comparison.py

Builds (once, in benchmarks/out/national.db) 34 copies of the demo region: 306 partnerships,
each with three rounds (the demo's two, plus a third carried forward). Then times building the
region view for 40 partnerships and the national view for all, and exporting the pack for 40:

* "nothing cached": every round scored (the database's score cache is not used);
* "first view": the score cache emptied first, so every round is scored and written to it;
* "cold": a new ``ScoreCache``, as in a new process, with the scores in the database;
* "new process": the cold national view in a fresh Python process (imports not timed);
* "warm": the scores already in the process's ``ScoreCache``, as on the region page.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from readiness.comparison import tables  # noqa: E402
from readiness.comparison.load import ScoreCache, load_comparison, region_data  # noqa: E402
from readiness.comparison.pack import comparison_pack  # noqa: E402
from readiness.demo import demo_document  # noqa: E402
from readiness.loading import load_default_bundle  # noqa: E402
from readiness.runtime import tune_garbage_collector  # noqa: E402
from readiness.store import Store  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DB = OUT / "national.db"
COPIES = 34


def build(store: Store) -> None:
    bundle = load_default_bundle()
    text = json.dumps(demo_document(bundle).model_dump(mode="json"))
    for n in range(COPIES):
        copy = (
            text.replace("demo-", f"r{n:02d}-")
            .replace("Demo: ", f"Region {n:02d}: ")
            .replace("Demo ", f"Region {n:02d} ")
        )
        report = store.import_json(json.loads(copy), user="bench")
        if not report.ok:
            raise SystemExit(f"import failed: {report}")
    for p in store.list_partnerships():
        latest = store.latest_round(p.id)
        assert latest is not None
        store.carry_forward(latest.id, "2027/28", dt.date(2027, 6, 30), user="bench")


def timed(label: str, fn, repeat: int = 3) -> object:  # type: ignore[no-untyped-def]
    best = float("inf")
    value = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:8.0f} ms")
    return value


def clear_score_cache() -> None:
    """Empty the score cache (the store has no method for this: entries are only replaced)."""
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("DELETE FROM score_cache")
    conn.close()


def new_process() -> None:
    """Run in a child process: time the national view once, cold, with imports done first."""
    store = Store(DB)
    bundles = [load_default_bundle()]
    start = time.perf_counter()
    data = region_data(store, None)
    c = load_comparison(store, bundles, data, cache=ScoreCache())
    tables.maturity_matrix(c)
    tables.ranking(c)
    tables.domain_distribution(c)
    tables.common_gaps(c)
    tables.changes(c)
    print(f"{time.perf_counter() - start:.3f}")


def main() -> None:
    tune_garbage_collector()  # as the app and the command line do at start-up
    if sys.argv[1:] == ["--new-process"]:
        new_process()
        return
    OUT.mkdir(parents=True, exist_ok=True)
    fresh = not DB.exists()
    store = Store(DB)
    if fresh:
        start = time.perf_counter()
        build(store)
        print(f"built {DB} in {time.perf_counter() - start:.1f} s")
    bundles = [load_default_bundle()]
    national = region_data(store, None)
    ids = [p.id for p in national.partnerships][:40]
    region = type(national)(
        region_id="bench",
        region_name="40 partnerships",
        partnerships=[p for p in national.partnerships if p.id in set(ids)],
        rounds=[r for r in national.rounds if r.partnership_id in set(ids)],
    )
    print(f"{len(national.partnerships)} partnerships, {len(national.rounds)} rounds")
    timed("metadata for all regions (region_data)", lambda: region_data(store, None))

    def view(data, cache, persist=True):  # type: ignore[no-untyped-def]
        c = load_comparison(store, bundles, data, cache=cache, persist=persist)
        tables.maturity_matrix(c)
        tables.ranking(c)
        tables.domain_distribution(c)
        tables.common_gaps(c)
        tables.changes(c)
        return c

    def first(data):  # type: ignore[no-untyped-def]
        clear_score_cache()
        start = time.perf_counter()
        view(data, ScoreCache())
        return time.perf_counter() - start

    n = len(national.partnerships)
    timed(
        "region view, 40 partnerships, nothing cached (scores 80 rounds)",
        lambda: view(region, ScoreCache(), persist=False),
    )
    print(
        f"{'region view, 40 partnerships, first view (scores, caches)':<58} "
        f"{min(first(region) for _ in range(3)) * 1000:8.0f} ms"
    )
    timed(
        "region view, 40 partnerships, cold (scores in the database)",
        lambda: view(region, ScoreCache()),
    )
    warm = ScoreCache()
    view(region, warm)
    timed("region view, 40 partnerships, warm cache", lambda: view(region, warm))
    timed(
        f"national view, {n} partnerships, nothing cached",
        lambda: view(national, ScoreCache(), persist=False),
        repeat=1,
    )
    print(
        f"{f'national view, {n} partnerships, first view (scores, caches)':<58} "
        f"{first(national) * 1000:8.0f} ms"
    )
    timed(
        f"national view, {n} partnerships, cold (scores in the database)",
        lambda: view(national, ScoreCache()),
    )
    child = [
        float(
            subprocess.run(  # noqa: S603 - this very script, run again
                [sys.executable, __file__, "--new-process"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(3)
    ]
    print(
        f"{f'national view, {n} partnerships, cold, in a new process':<58} "
        f"{min(child) * 1000:8.0f} ms (worst {max(child) * 1000:.0f} ms)"
    )
    warm_all = ScoreCache()
    view(national, warm_all)
    c = timed(f"national view, {n} partnerships, warm cache", lambda: view(national, warm_all))
    c40 = view(region, warm)
    timed(
        "comparison pack, 40 partnerships + 40 partnership sheets",
        lambda: comparison_pack(
            c40, region_name="40", partnership_sheets=[s.partnership_id for s in c40.current]
        ),
    )
    del c


if __name__ == "__main__":
    main()
