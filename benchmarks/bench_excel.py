"""Excel benchmark: an action plan with 150 actions, a pack for the largest role, importing a
full pack. Run: ``.venv/bin/python -m benchmarks.bench_excel`` (figures in benchmarks/README.md).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from readiness.excel import build_action_plan, build_pack, check_workbook, open_workbook
from readiness.excel.importer import ImportOutcome
from tests.excel import factory as F

RUNS = 5


def timed(label: str, work: Callable[[], object]) -> None:
    work()  # warm up
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(f"{label:<58} median {statistics.median(times):.3f} s  max {max(times):.3f} s")


def main() -> None:
    bundle = F.bundle()
    source = F.source().model_copy(update={"actions": F.actions(150)})
    result = F.result()
    largest = max(F.agencies(), key=lambda a: len(bundle.questions_for(a.role_id, "england")))
    rows = len(bundle.questions_for(largest.role_id, "england"))
    plan = build_action_plan(bundle, source, result, generated_at=F.GENERATED)
    full_pack = build_pack(bundle, source, generated_at=F.GENERATED)

    def import_full() -> ImportOutcome:
        opened, problems = open_workbook(full_pack)
        assert opened is not None, problems
        outcome = check_workbook(opened, bundle, source)
        assert outcome.ok, outcome.problems
        return outcome

    print(f"plan {len(plan) // 1024} KB; full pack {len(full_pack) // 1024} KB")
    timed(
        "action plan, 150 actions (all sheets, chart)",
        lambda: build_action_plan(bundle, source, result, generated_at=F.GENERATED),
    )
    timed(
        f"pack for the largest role ({largest.role_id}, {rows} questions)",
        lambda: build_pack(bundle, source, generated_at=F.GENERATED, agency_id=largest.id),
    )
    total = sum(len(bundle.questions_for(a.role_id, "england")) for a in F.agencies())
    timed(f"import a full pack (3 agencies, {total} question rows)", import_full)


if __name__ == "__main__":
    main()
