"""Start N ``streamlit run`` processes and nginx in front of them; stop them all by PID.

Run: ``python -m deploy.launch --processes 2 --port 8080 --db data/readiness.db``, then browse
http://127.0.0.1:8080. Ctrl-C stops nginx and every process it started (by their PIDs, never by
name). The processes listen on 127.0.0.1 only; nginx on ``--host`` (127.0.0.1 by default). Every
file (nginx's configuration, pid file, logs and one log per process) is in ``--workdir`` (a new
temporary folder by default). The load test and ``tests/deployment`` use :class:`Cluster`.

For a real server use the systemd units in ``deploy/systemd/`` instead (docs/deployment.md,
"Several processes on one machine").
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

from deploy.nginx_config import write_config

ROOT = Path(__file__).resolve().parents[1]
NGINX_HINT = (
    "nginx is not installed: install Debian's package with `apt-get install nginx-light` "
    "(or run scripts/install-test-deps.sh as root)."
)


class LaunchError(Exception):
    """Something the launcher could not start; the message says what and where to look."""


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        # as the servers do: a closed connection waiting out its time does not hold the port
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http)
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def _stop(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stop a process started in its own session, and only what it started."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        except ProcessLookupError:
            proc.wait()


class Cluster:
    """N server processes of the checkout ``code`` on the database ``db``, behind nginx."""

    def __init__(
        self,
        *,
        processes: int,
        db: Path,
        workdir: Path,
        code: Path = ROOT,
        port: int | None = None,
        host: str = "127.0.0.1",
        first_server_port: int | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        if processes < 1:
            raise LaunchError("Start at least one server process.")
        self.code = code.resolve()
        self.db = db.resolve()
        self.workdir = workdir.resolve()
        self.host = host
        self.port = port or free_port()
        first = first_server_port
        self.server_ports = [first + i if first else free_port() for i in range(processes)]
        self.env = dict(env) if env is not None else {}
        self.servers: list[subprocess.Popen[bytes]] = []
        self.nginx: subprocess.Popen[bytes] | None = None

    # ------------------------------------------------------------------ paths

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def server_log(self, port: int) -> Path:
        return self.workdir / f"streamlit-{port}.log"

    @property
    def access_log(self) -> Path:
        return self.workdir / "nginx" / "access.log"

    # ------------------------------------------------------------------ start and stop

    def start(self, timeout: float = 90.0) -> Cluster:
        nginx = nginx_binary()
        if nginx is None:
            raise LaunchError(NGINX_HINT)
        self.workdir.mkdir(parents=True, exist_ok=True)
        for port in [*self.server_ports, self.port]:
            if not port_is_free(port):
                raise LaunchError(f"Port {port} is already in use: choose another one.")
        try:
            for port in self.server_ports:
                self.servers.append(self._start_server(port))
            deadline = time.monotonic() + timeout
            for port, proc in zip(self.server_ports, self.servers, strict=True):
                self._wait(f"http://127.0.0.1:{port}/_stcore/health", deadline, proc, port)
            prefix = self.workdir / "nginx"
            prefix.mkdir(exist_ok=True)
            conf = write_config(prefix, self.server_ports, f"{self.host}:{self.port}")
            self.nginx = subprocess.Popen(  # noqa: S603 (a fixed command)
                [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            self._wait(f"{self.url}/healthz", deadline, self.nginx, None)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_server(self, port: int) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            **self.env,
            "READINESS_DB": str(self.db),
            "PYTHONPATH": str(self.code),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        }
        with self.server_log(port).open("wb") as log:
            return subprocess.Popen(  # noqa: S603 (a fixed command)
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "streamlit_app.py",
                    "--server.address=127.0.0.1",
                    f"--server.port={port}",
                    "--server.headless=true",
                    "--server.fileWatcherType=none",
                ],
                cwd=self.code,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _wait(
        self, url: str, deadline: float, proc: subprocess.Popen[bytes], port: int | None
    ) -> None:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                where = self.server_log(port) if port else self.workdir / "nginx" / "error.log"
                raise LaunchError(
                    f"A process stopped at start (exit {proc.returncode}): see {where}"
                )
            if healthy(url):
                return
            time.sleep(0.3)
        raise LaunchError(f"{url} did not answer in time")

    def stop(self) -> None:
        if self.nginx is not None:
            _stop(self.nginx, signal.SIGQUIT)  # graceful: finishes the requests in flight
            self.nginx = None
        for proc in self.servers:
            _stop(proc)
        self.servers = []

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="N server processes behind nginx.")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address")
    parser.add_argument("--db", type=Path, default=Path("data/readiness.db"))
    parser.add_argument("--first-server-port", type=int, default=8501)
    parser.add_argument("--workdir", type=Path, help="folder for logs and nginx's files")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="readiness-launch-"))
    cluster = Cluster(
        processes=args.processes,
        db=args.db,
        workdir=workdir,
        port=args.port,
        host=args.host,
        first_server_port=args.first_server_port,
    )
    stop = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        cluster.start()
    except LaunchError as error:
        raise SystemExit(str(error)) from None
    print(f"{args.processes} processes behind {cluster.url} (logs in {workdir}); Ctrl-C stops")
    try:
        while not stop:
            for proc in cluster.servers:
                if proc.poll() is not None:
                    print(f"a server process stopped (exit {proc.returncode}); stopping all")
                    stop = True
            time.sleep(1)
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
