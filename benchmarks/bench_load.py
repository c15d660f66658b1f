"""Load test through Streamlit's own websocket protocol, through nginx, 1 to N processes.

Run: ``.venv/bin/python -m benchmarks.bench_load --processes 1,2,4 --sessions 20``.

No browser. Each simulated session is one websocket to ``/_stcore/stream`` (subprotocol
"streamlit", see ``benchmarks/ws_session.py``); a page view is one ``BackMsg`` with
``rerun_script`` (the page's url path and the partnership and round in the query string), timed
until the server's ``script_finished``. A run that draws an exception element, ends in an error
or times out counts as an error.

The servers: for each case, ``deploy.launch.Cluster`` starts N ``streamlit run`` processes on
127.0.0.1 and Debian's nginx in front of them with the shipped sticky-session configuration, all
on one copy of the demo data (``python -m readiness demo``), and stops them by PID. Each session
loads the page first and keeps the sticky cookie nginx sets there, as a browser does: nginx
sends a new browser to the process with the fewest open connections and the cookie names it.

* ``--think S``: a person reads between views: each session waits S seconds on average
  (uniformly 0.5 S to 1.5 S) between views, and starts at a random moment in the first S seconds.
* ``--save-every K``: every Kth action of a session is a save: the answer page for the session's
  own agency (agency number = session number modulo the partnership's agencies), then a submit
  of its answer form with a changed comment, as a browser sends it (two runs). A save refused
  because another session saved the same answer first is counted as a conflict, not an error.
* ``--before DIR``: measures another checkout too (e.g. ``git worktree add /tmp/g-before
  <commit>``), case by case in the same run, so two versions meet the same machine state.
* ``--profile PAGE``: also profiles five runs of the page in-process (cProfile over AppTest).

Bounded: at most ``--sessions`` x ``--views`` actions per case; a case stops at
``--case-timeout`` seconds (actions not done by then count as errors). The load average of the
machine is printed with each case: the figures mean little without it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.ws_session import Run, Session, first_visit, string_state, trigger_state
from deploy.launch import Cluster, LaunchError

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIP = "demo-ashby-vale"
ROUND = "demo-ashby-vale.2026-27"
QUERY = f"partnership={PARTNERSHIP}&round={ROUND}"
AGENCIES = 10  # the demo partnership's member agencies
ALERT_SUCCESS, ALERT_ERROR = 4, 1  # streamlit.proto.Alert.Format


@dataclass
class CaseResult:
    label: str
    page: str
    processes: int
    sessions: int
    think: float
    runs: int = 0
    errors: int = 0
    saves: int = 0
    conflicts: int = 0
    seconds: float = 0.0
    load: float = 0.0
    cpu: float = 0.0  # CPU seconds the server processes used during the case
    client_cpu: float = 0.0  # CPU seconds this load generator used
    nginx_cpu: float = 0.0  # CPU seconds nginx (master and workers) used
    machine_cpu: float = 0.0  # CPU seconds every process on the machine used
    latencies: list[float] = field(default_factory=list)
    error_kinds: Counter[str] = field(default_factory=Counter)
    spread: Counter[str] = field(default_factory=Counter)  # sessions per server process
    started: float = 0.0  # perf_counter at the start of the case
    finished_at: list[float] = field(default_factory=list)  # perf_counter of each good run's end
    people_done: list[float] = field(default_factory=list)  # perf_counter as each person ends
    by_kind: dict[str, list[float]] = field(default_factory=dict)  # latencies by kind of run

    def kinds(self) -> str:
        """p50 and p95 for each kind of run: a page view, choosing an agency, a save."""
        parts = []
        for kind, seconds in sorted(self.by_kind.items()):
            ordered = sorted(seconds)
            p50 = ordered[int(0.5 * len(ordered))]
            p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
            parts.append(f"{kind}: {len(ordered)} runs, p50 {p50:.2f} s, p95 {p95:.2f} s")
        return "; ".join(parts)

    def error(self, kind: str, count: int = 1) -> None:
        self.errors += count
        self.error_kinds[kind] += count

    @property
    def runs_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def steady_runs_per_second(self) -> float:
        """Runs/s while every session was still at work: up to the moment the first one ended.

        The whole case's figure also counts its tail, when the last sessions of one process
        finish while the other process has nothing left to do; with a few views per session
        that tail is a large part of the case and hides what the processes can serve.
        """
        if not self.people_done or not self.finished_at:
            return self.runs_per_second
        first_done = min(self.people_done)
        window = first_done - self.started
        runs = sum(1 for t in self.finished_at if t <= first_done)
        return runs / window if window > 0 else 0.0

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def row(self) -> str:
        return (
            f"| {self.label} | {self.page} | {self.processes} | {self.sessions} | "
            f"{self.think:g} s | {self.runs_per_second:.1f} | {self.steady_runs_per_second:.1f} | "
            f"{self.quantile(0.5):.2f} s | "
            f"{self.quantile(0.95):.2f} s | {self.errors} | {self.saves} | {self.conflicts} | "
            f"{self.cpu_per_run * 1000:.0f} ms | {self.per_run(self.client_cpu) * 1000:.0f} ms | "
            f"{self.per_run(self.nginx_cpu) * 1000:.0f} ms | "
            f"{self.machine_cpu / self.seconds if self.seconds else 0:.2f} | {self.load:.1f} |"
        )

    def per_run(self, seconds: float) -> float:
        return seconds / len(self.latencies) if self.latencies else float("nan")

    @property
    def cpu_per_run(self) -> float:
        """Server CPU per page run: what a quiet machine's capacity follows from."""
        return self.cpu / len(self.latencies) if self.latencies else float("nan")


HEADER = (
    "| code | page | processes | sessions | think | runs/s | runs/s, all at work | p50 | p95 | "
    "errors | saves | "
    "conflicts | server CPU per run | load generator CPU per run | nginx CPU per run | "
    "cores busy | load avg |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time used so far by these processes (Linux ``/proc``)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """``pid`` and the processes it started (nginx's workers), from ``/proc``."""
    found = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # the parent's id (field 4)
            found.append(int(stat.parent.name))
    return found


def machine_seconds() -> float:
    """CPU seconds spent by every core on anything but idling and waiting, so far."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def demo_db(code: Path, directory: Path) -> Path:
    db = directory / "demo.db"
    subprocess.run(  # noqa: S603 (a fixed command)
        [sys.executable, "-m", "readiness", "demo", "--db", str(db)],
        cwd=code,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    return db


# --------------------------------------------------------------------------- sessions


class Person:
    """One simulated person: page views and saves on one session, with think time."""

    def __init__(self, number: int, session: Session, result: CaseResult, timeout: float) -> None:
        self.number = number
        self.session = session
        self.result = result
        self.timeout = timeout
        self.agency_chosen = False

    async def timed(
        self, page: str, widgets: list[object] | None = None, *, kind: str = ""
    ) -> Run | None:
        """One page run; ``kind`` names it in the per-kind figures (default: the page)."""
        try:
            run = await self.session.run(page, QUERY, widgets or [], timeout=self.timeout)
        except TimeoutError:
            self.result.error(f"a run over {self.timeout:g} s")
            return None
        self.result.runs += 1
        if run.ok:
            self.result.latencies.append(run.seconds)
            self.result.finished_at.append(time.perf_counter())
            self.result.by_kind.setdefault(kind or f"{page} page", []).append(run.seconds)
            return run
        self.result.error("an exception or error status")
        return None

    async def save(self, count: int) -> None:
        """Open the answer page for this person's agency and submit a changed comment."""
        page = await self.timed("answer", kind="answer page, to save")
        if page is None:
            return
        if not self.agency_chosen:
            box = page.widget("selectbox", "answer.agency")
            choice = box.options[self.number % min(AGENCIES, len(box.options))]
            page = await self.timed(
                "answer", [string_state(box.id, choice)], kind="choose an agency"
            )
            if page is None:
                return
            self.agency_chosen = True
        comment = next(b for b in page.of_type("text_area") if b.id.endswith("|comment"))
        button = page.widget("button", "answer.save")
        text = f"Load test: person {self.number}, save {count}"
        done = await self.timed(
            "answer",
            [string_state(comment.id, text), trigger_state(button.id)],
            kind="save (the save and the page drawn again)",
        )
        if done is None:
            return
        alerts = {a.format for a in done.of_type("alert")}
        if ALERT_SUCCESS in alerts:
            self.result.saves += 1
        elif ALERT_ERROR in alerts:
            self.result.conflicts += 1
        else:
            self.result.error("a save with neither confirmation nor conflict")


async def person(
    number: int,
    *,
    url: str,
    pages: list[str],
    views: int,
    think: float,
    save_every: int,
    result: CaseResult,
    view_timeout: float,
    arrivals: asyncio.Lock,
) -> None:
    import websockets

    rng = random.Random(number)
    if think:
        await asyncio.sleep(rng.uniform(0, think))
    try:
        # People arrive one after another, not in the same millisecond: the page loads first
        # (nginx picks the least busy process and its cookie names it), then the websocket.
        async with arrivals:
            cookie = await asyncio.to_thread(first_visit, url)
        async with Session(url, cookie=cookie or "") as session:
            result.spread[session.process] += 1
            who = Person(number, session, result, view_timeout)
            for i in range(views):
                if i and think:
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
                if save_every and i % save_every == save_every - 1:
                    await who.save(i)
                else:
                    page = pages[i % len(pages)]
                    await who.timed(page, kind="first page of a visit" if i == 0 else "")
    except LookupError as error:
        result.error(f"not on the page: {error}")
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as error:
        result.error(f"connection: {type(error).__name__}")
    finally:
        result.people_done.append(time.perf_counter())


async def run_case(
    url: str,
    result: CaseResult,
    *,
    pages: list[str],
    views: int,
    save_every: int,
    case_timeout: float,
    view_timeout: float,
) -> CaseResult:
    start = result.started = time.perf_counter()
    arrivals = asyncio.Lock()
    tasks = [
        asyncio.create_task(
            person(
                n,
                url=url,
                pages=pages,
                views=views,
                think=result.think,
                save_every=save_every,
                result=result,
                view_timeout=view_timeout,
                arrivals=arrivals,
            )
        )
        for n in range(result.sessions)
    ]
    _done, pending = await asyncio.wait(tasks, timeout=case_timeout)
    for task in pending:
        task.cancel()
    result.seconds = time.perf_counter() - start
    if pending:
        result.error("people not finished by the case timeout", len(pending))
    result.load = os.getloadavg()[0]
    return result


# --------------------------------------------------------------------------- profile


PAGE_FILES = {
    "results": "readiness/ui/pages/results.py",
    "answer": "readiness/ui/pages/answer.py",
    "actions": "readiness/ui/pages/actions.py",
    "compare": "readiness/ui/pages/region.py",
}


def profile_page(code: Path, db: Path, page: str, top: int) -> None:
    """cProfile over AppTest reruns of one page (in this process, ``code`` first)."""
    import cProfile
    import pstats

    os.environ["READINESS_DB"] = str(db)
    sys.path.insert(0, str(code))
    os.chdir(code)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(code / "streamlit_app.py"), default_timeout=120)
    at.session_state["sel.partnership"] = PARTNERSHIP
    at.session_state["sel.round"] = ROUND
    at.run()
    at.switch_page(PAGE_FILES[page])
    at.run()
    # The script runs in its own thread and cProfile sees one thread: profile inside the
    # page's own runner (frame.run_page), which the page looks up on each run.
    from readiness.ui import frame

    profiler = cProfile.Profile()
    original = frame.run_page

    def profiled(render: Callable[[], None]) -> None:
        profiler.runcall(original, render)

    frame.run_page = profiled
    for _ in range(5):
        at.run()
    frame.run_page = original
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


# --------------------------------------------------------------------------- main


def warm_up(url: str, processes: int, pages: list[str]) -> None:
    """One view of each page per process (the first run loads content and imports)."""
    for page in pages:
        warm = CaseResult("warm-up", page, processes, processes * 4, 0.0)
        asyncio.run(
            run_case(
                url, warm, pages=[page], views=1, save_every=0, case_timeout=180, view_timeout=180
            )
        )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="another checkout to measure side by side")
    parser.add_argument("--pages", default="results", help="url paths, comma separated")
    parser.add_argument(
        "--processes",
        default="1",
        help="server processes, e.g. 1,2,4 (1,2,1,2 repeats, interleaved)",
    )
    parser.add_argument("--sessions", default="1,10", help="session counts, comma separated")
    parser.add_argument("--views", type=int, default=5, help="actions per session")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between views")
    parser.add_argument("--save-every", type=int, default=0, help="every Kth action saves")
    parser.add_argument("--case-timeout", type=float, default=300.0)
    parser.add_argument("--view-timeout", type=float, default=60.0)
    parser.add_argument(
        "--profile", choices=sorted(PAGE_FILES), help="profile five runs of this page"
    )
    args = parser.parse_args(argv)
    # `kill PID` stops the servers too (the finally below), as Ctrl-C does
    signal.signal(signal.SIGTERM, _interrupt)

    sessions = [max(1, min(int(s), 400)) for s in args.sessions.split(",")]  # bounded
    counts = [max(1, min(int(p), 8)) for p in args.processes.split(",")]
    views = max(1, min(args.views, 50))
    pages = args.pages.split(",")
    checkouts = [("after", ROOT)]
    if args.before:
        checkouts.insert(0, ("before", args.before.resolve()))

    rows: list[CaseResult] = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        for number, processes in enumerate(counts):  # "1,2,1,2" repeats, interleaved
            clusters: dict[str, Cluster] = {}
            try:
                for label, code in checkouts:
                    directory = Path(tmp) / f"{label}-{number}-{processes}"
                    directory.mkdir()
                    db = demo_db(code, directory)
                    clusters[label] = Cluster(
                        processes=processes, db=db, workdir=directory / "run", code=code
                    ).start()
                for cluster in clusters.values():
                    warm_up(cluster.url, processes, sorted({*pages, "answer"}))
                for count in sessions:
                    for label, cluster in clusters.items():  # interleaved: same machine state
                        case = CaseResult(label, "+".join(pages), processes, count, args.think)
                        pids = [proc.pid for proc in cluster.servers]
                        nginx = children(cluster.nginx.pid) if cluster.nginx else []
                        used, nginx_used = cpu_seconds(pids), cpu_seconds(nginx)
                        machine, client = machine_seconds(), time.process_time()
                        asyncio.run(
                            run_case(
                                cluster.url,
                                case,
                                pages=pages,
                                views=views,
                                save_every=args.save_every,
                                case_timeout=args.case_timeout,
                                view_timeout=args.view_timeout,
                            )
                        )
                        case.cpu = cpu_seconds(pids) - used
                        case.client_cpu = time.process_time() - client
                        case.nginx_cpu = cpu_seconds(nginx) - nginx_used
                        case.machine_cpu = machine_seconds() - machine
                        print(case.row(), flush=True)
                        print(f"  sessions per process: {sorted(case.spread.values())}")
                        print(f"  by kind: {case.kinds()}", flush=True)
                        if case.error_kinds:
                            print(f"  errors: {dict(case.error_kinds)}", flush=True)
                        rows.append(case)
            except LaunchError as error:
                raise SystemExit(str(error)) from None
            finally:
                for cluster in clusters.values():
                    cluster.stop()
        print()
        print(f"actions per session: {views}; a save every {args.save_every or 'never'}")
        print(HEADER)
        for case in rows:
            print(case.row())
        if args.profile:
            label, code = checkouts[-1]
            (Path(tmp) / "profile").mkdir()
            db = demo_db(code, Path(tmp) / "profile")
            profile_page(code, db, args.profile, 40)


if __name__ == "__main__":
    main()
