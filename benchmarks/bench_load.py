"""Load test through Streamlit's own websocket protocol.

Run: ``.venv/bin/python -m benchmarks.bench_load --before /tmp/g-before``.

No browser. Each simulated session is one websocket to ``/_stcore/stream`` (subprotocol
"streamlit"); a page view is one ``BackMsg`` with ``rerun_script`` (the page's url path and the
partnership and round in the query string), timed until the server's ``script_finished``
``ForwardMsg``. A run that draws an exception element, ends in an error or times out counts as
an error.

The servers are ``streamlit run`` processes this script starts on 127.0.0.1, each on its own
copy of the demo data (``python -m readiness demo --db ...``), and stops by PID. ``--before DIR``
measures another checkout too (e.g. ``git worktree add /tmp/g-before <commit>``), side by side
in the same run, so two versions of the code meet the same machine at the same time.

Bounded: at most ``--sessions`` x ``--views`` page views per case, and each case stops at
``--case-timeout`` seconds (views not done by then count as errors).

``--profile`` also profiles one results-page run in-process (cProfile over AppTest) and prints
the top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTNERSHIP = "demo-ashby-vale"
ROUND = "demo-ashby-vale.2026-27"


@dataclass
class CaseResult:
    label: str
    page: str
    sessions: int
    views: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)

    @property
    def runs_per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def row(self) -> str:
        return (
            f"| {self.label} | {self.page} | {self.sessions} | {self.runs_per_second:.1f} | "
            f"{self.quantile(0.5):.2f} s | {self.quantile(0.95):.2f} s | {self.errors} |"
        )


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


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


class Server:
    """One ``streamlit run`` process of the checkout ``code`` on ``db``, stopped by its PID."""

    def __init__(self, code: Path, db: Path, port: int | None = None) -> None:
        self.code = code
        self.port = port or free_port()
        env = {
            **os.environ,
            "READINESS_DB": str(db),
            "PYTHONPATH": str(code),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
        self.proc = subprocess.Popen(  # noqa: S603 (a fixed command)
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "streamlit_app.py",
                "--server.address=127.0.0.1",
                f"--server.port={self.port}",
                "--server.headless=true",
                "--server.fileWatcherType=none",
            ],
            cwd=code,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/_stcore/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"the server for {self.code} stopped (exit {self.proc.returncode})"
                )
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"the server for {self.code} did not start in {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: only what it started
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


# --------------------------------------------------------------------------- sessions


def rerun_message(page: str, query: str) -> bytes:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    return bytes(msg.SerializeToString())


async def view(ws: object, page: str, query: str, timeout: float) -> tuple[float, bool]:
    """One page view on an open websocket: (seconds, ok)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    ok = True
    start = time.perf_counter()
    await ws.send(rerun_message(page, query))  # type: ignore[attr-defined]
    async with asyncio.timeout(timeout):
        while True:
            raw = await ws.recv()  # type: ignore[attr-defined]
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                if msg.delta.new_element.WhichOneof("type") == "exception":
                    ok = False
            elif kind == "script_finished":
                # 0 finished successfully, 3 finished early for a rerun; others are errors
                status = msg.script_finished
                ok = ok and status in (0, 3)
                return time.perf_counter() - start, ok


async def session(
    *,
    port: int,
    page: str,
    query: str,
    views: int,
    think: float,
    result: CaseResult,
    view_timeout: float,
) -> None:
    import websockets

    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            max_size=None,
            open_timeout=30,
        ) as ws:
            for i in range(views):
                if i and think:
                    await asyncio.sleep(think)
                try:
                    seconds, ok = await view(ws, page, query, view_timeout)
                except TimeoutError:
                    result.errors += 1
                    return
                result.views += 1
                if ok:
                    result.latencies.append(seconds)
                else:
                    result.errors += 1
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
        result.errors += 1


async def run_case(
    ports: list[int],
    *,
    label: str,
    page: str,
    sessions: int,
    views: int,
    think: float,
    case_timeout: float,
) -> CaseResult:
    result = CaseResult(label, page, sessions)
    query = f"partnership={PARTNERSHIP}&round={ROUND}"
    start = time.perf_counter()
    tasks = [
        asyncio.create_task(
            session(
                port=ports[i % len(ports)],
                page=page,
                query=query,
                views=views,
                think=think,
                result=result,
                view_timeout=case_timeout,
            )
        )
        for i in range(sessions)
    ]
    _done, pending = await asyncio.wait(tasks, timeout=case_timeout)
    for task in pending:
        task.cancel()
    result.seconds = time.perf_counter() - start
    result.errors += (sessions * views) - result.views - result.errors if pending else 0
    return result


# --------------------------------------------------------------------------- profile


def profile_results(code: Path, db: Path, top: int) -> None:
    """cProfile over AppTest reruns of the results page (in this process, ``code`` first)."""
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
    at.switch_page("readiness/ui/pages/results.py")
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="another checkout to measure side by side")
    parser.add_argument("--pages", default="results", help="url paths, comma separated")
    parser.add_argument("--sessions", default="1,10", help="session counts, comma separated")
    parser.add_argument("--views", type=int, default=5, help="page views per session")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between views")
    parser.add_argument("--processes", type=int, default=1, help="servers per checkout")
    parser.add_argument("--case-timeout", type=float, default=120.0)
    parser.add_argument("--profile", action="store_true", help="profile a results-page run")
    args = parser.parse_args(argv)

    sessions = [int(s) for s in args.sessions.split(",")]
    sessions = [max(1, min(s, 200)) for s in sessions]  # bounded
    views = max(1, min(args.views, 50))
    checkouts = [("after", ROOT)]
    if args.before:
        checkouts.insert(0, ("before", args.before.resolve()))

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        servers: dict[str, list[Server]] = {}
        try:
            for label, code in checkouts:
                directory = Path(tmp) / label
                directory.mkdir()
                db = demo_db(code, directory)
                servers[label] = [Server(code, db) for _ in range(args.processes)]
            for group in servers.values():
                for server in group:
                    server.wait_ready()
            rows = []
            for page in args.pages.split(","):
                for count in sessions:
                    for label, group in servers.items():  # interleaved: same machine state
                        ports = [s.port for s in group]
                        # one warm-up view per server (first run loads content, imports)
                        asyncio.run(
                            run_case(
                                ports,
                                label=label,
                                page=page,
                                sessions=len(ports),
                                views=1,
                                think=0,
                                case_timeout=120,
                            )
                        )
                        case = asyncio.run(
                            run_case(
                                ports,
                                label=label,
                                page=page,
                                sessions=count,
                                views=views,
                                think=args.think,
                                case_timeout=args.case_timeout,
                            )
                        )
                        print(case.row(), flush=True)
                        rows.append(case)
        finally:
            for group in servers.values():
                for server in group:
                    server.stop()
        print()
        print(f"processes per checkout: {args.processes}; views per session: {views}")
        print("| code | page | sessions | runs/s | p50 | p95 | errors |")
        print("|---|---|---|---|---|---|---|")
        for case in rows:
            print(case.row())
        if args.profile:
            label, code = checkouts[-1]
            (Path(tmp) / "profile").mkdir()
            db = demo_db(code, Path(tmp) / "profile")
            profile_results(code, db, 40)


if __name__ == "__main__":
    main()
