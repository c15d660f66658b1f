"""The load test's own arithmetic (benchmarks/bench_load.py): what its figures mean."""

from __future__ import annotations

import math
import os
import subprocess
import sys

from benchmarks.bench_load import HEADER, CaseResult, children, cpu_seconds, machine_seconds


def test_a_case_reports_runs_per_second_quantiles_and_cpu_per_run() -> None:
    case = CaseResult("after", "results", processes=2, sessions=3, think=20.0)
    case.latencies = [n / 10 for n in range(1, 11)]  # ten runs: 0.1 s to 1.0 s
    case.seconds = 5.0
    case.cpu = 1.5
    case.client_cpu = 0.02
    case.nginx_cpu = 0.01
    case.machine_cpu = 8.0
    case.load = 3.25
    assert case.runs_per_second == 2.0
    assert case.quantile(0.5) == 0.6
    assert case.quantile(0.95) == 1.0
    assert math.isclose(case.cpu_per_run, 0.15)
    # no end times were noted, so the steady figure is the whole case's
    assert case.steady_runs_per_second == 2.0
    assert case.row() == (
        "| after | results | 2 | 3 | 20 s | 2.0 | 2.0 | 0.60 s | 1.00 s | 0 | 0 | 0 | 150 ms "
        "| 2 ms | 1 ms | 1.60 | 3.2 |"
    )
    assert case.row().count("|") == HEADER.split("\n")[0].count("|")


def test_runs_per_second_while_every_session_is_at_work_leaves_out_the_tail() -> None:
    """Three sessions start at 100 s; the first is done at 104 s, the last at 110 s. Runs that
    ended by 104 s count over 4 s; the tail, when one process may sit idle, does not."""
    case = CaseResult("after", "results", processes=2, sessions=3, think=0.0)
    case.started = 100.0
    case.finished_at = [101.0, 102.0, 103.0, 104.0, 106.0, 108.0, 110.0]
    case.latencies = [0.5] * len(case.finished_at)
    case.people_done = [104.0, 108.0, 110.0]
    case.seconds = 10.0
    assert case.runs_per_second == 0.7
    assert case.steady_runs_per_second == 1.0  # 4 runs in 4 s


def test_nginx_cpu_counts_its_workers_and_the_machine_figure_only_grows() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert set(children(os.getpid())) >= {os.getpid(), child.pid}
    finally:
        child.kill()
        child.wait()
    before = machine_seconds()
    sum(n * n for n in range(2_000_000))
    assert machine_seconds() > before


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
