"""The load test's own arithmetic (benchmarks/bench_load.py): what its figures mean."""

from __future__ import annotations

import math
import os

from benchmarks.bench_load import CaseResult, cpu_seconds


def test_a_case_reports_runs_per_second_quantiles_and_cpu_per_run() -> None:
    case = CaseResult("after", "results", processes=2, sessions=3, think=20.0)
    case.latencies = [n / 10 for n in range(1, 11)]  # ten runs: 0.1 s to 1.0 s
    case.seconds = 5.0
    case.cpu = 1.5
    case.load = 3.25
    assert case.runs_per_second == 2.0
    assert case.quantile(0.5) == 0.6
    assert case.quantile(0.95) == 1.0
    assert math.isclose(case.cpu_per_run, 0.15)
    assert case.row() == (
        "| after | results | 2 | 3 | 20 s | 2.0 | 0.60 s | 1.00 s | 0 | 0 | 0 | 150 ms | 3.2 |"
    )


def test_a_case_without_runs_reports_no_figures_rather_than_zero() -> None:
    case = CaseResult("after", "results", processes=1, sessions=1, think=0.0)
    assert case.runs_per_second == 0.0
    assert math.isnan(case.quantile(0.95))
    assert math.isnan(case.cpu_per_run)


def test_cpu_seconds_reads_a_process_and_skips_one_that_is_gone() -> None:
    before = cpu_seconds([os.getpid()])
    sum(n * n for n in range(2_000_000))  # burn a little CPU
    assert cpu_seconds([os.getpid()]) > before
    assert cpu_seconds([2**22 + 12345]) == 0.0  # no such process


def test_errors_are_counted_by_kind() -> None:
    case = CaseResult("after", "answer", processes=1, sessions=4, think=0.0)
    case.error("a run over 60 s")
    case.error("people not finished by the case timeout", 2)
    assert case.errors == 3
    assert dict(case.error_kinds) == {
        "a run over 60 s": 1,
        "people not finished by the case timeout": 2,
    }
