"""Benchmark the scoring engine on the shipped questionnaire.

    .venv/bin/python benchmarks/bench_scoring.py [--rounds 300]

Three figures:

1. one partnership, 10 agencies each answering every question for its role (realistic);
2. one partnership, 10 agencies each answering every question whatever its role (worst case);
3. 300 different partnerships scored in a row (10 agencies each, realistic).

Target: well under 10 ms for one partnership on one core. Record the figures in
benchmarks/README.md ("Scoring").
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from readiness.loading import load_default_bundle
from readiness.models import AnswerSet
from readiness.scoring import score
from readiness.scoring.samples import sample_answer_set


def _time_one(answer_set: AnswerSet, repeats: int) -> list[float]:
    bundle = load_default_bundle()
    context = answer_set.context()
    score(bundle, answer_set.answers, context)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        score(bundle, answer_set.answers, context)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _describe(label: str, times: list[float], answers: int) -> str:
    p95 = statistics.quantiles(times, n=20)[-1]
    return (
        f"{label}: {answers} answers, median {statistics.median(times):.2f} ms, "
        f"p95 {p95:.2f} ms, best {min(times):.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300, help="partnerships in a row")
    parser.add_argument("--repeats", type=int, default=200, help="repeats for the single cases")
    args = parser.parse_args()

    bundle = load_default_bundle()
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(
        f"Questionnaire {bundle.questionnaire.id} {bundle.questionnaire.version}: "
        f"{len(bundle.questionnaire.questions())} questions"
    )

    realistic = sample_answer_set(bundle, "developing", agency_count=10)
    print(_describe("One partnership, 10 agencies (by role)", _time_one(realistic, args.repeats),
                    len(realistic.answers)))  # fmt: skip
    worst = sample_answer_set(bundle, "developing", agency_count=10, every_question=True)
    print(_describe("One partnership, 10 agencies (every question)",
                    _time_one(worst, args.repeats), len(worst.answers)))  # fmt: skip

    profiles = ("starting", "developing", "mature")
    sets = [
        sample_answer_set(bundle, profiles[i % 3], agency_count=10, seed=i)
        for i in range(args.rounds)
    ]
    contexts = [s.context() for s in sets]
    start = time.perf_counter()
    for answer_set, context in zip(sets, contexts, strict=True):
        score(bundle, answer_set.answers, context)
    total = time.perf_counter() - start
    print(
        f"{args.rounds} partnerships in a row: {total * 1000:.0f} ms in total, "
        f"{total * 1000 / args.rounds:.2f} ms each on average"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
