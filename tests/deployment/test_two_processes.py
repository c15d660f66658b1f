"""Two server processes behind nginx on one database (issue 19): sticky sessions, saves, conflicts.

Starts two ``streamlit run`` processes and Debian's nginx as the current user (everything in a
temporary folder, listening on 127.0.0.1 only, stopped by PID) with ``deploy.launch.Cluster``,
then drives sessions THROUGH nginx with Streamlit's own websocket protocol
(``benchmarks.ws_session``): a save is a page run carrying the states of the answer form's
comment box and its "Save answers" button, exactly what a browser sends. The database is read
directly to check what landed.

Without nginx the tests are skipped with the install hint; in CI (``CI=true``) they fail.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from benchmarks.ws_session import Run, Session, string_state, trigger_state
from deploy.launch import NGINX_HINT, Cluster, nginx_binary

pytestmark = pytest.mark.servers
T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
PARTNERSHIP = "demo-ashby-vale"
ROUND = "demo-ashby-vale.2026-27"
QUERY = f"partnership={PARTNERSHIP}&round={ROUND}"
AGENCY_KEY = "answer.agency"
SAVE_KEY = "answer.save"


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to its end in a thread of its own: in the whole suite Playwright's
    synchronous API (the browser tests, a session-wide fixture) keeps an event loop running in
    the main thread, where ``asyncio.run`` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _two_processes(tmp: Path) -> Cluster:
    """Two processes (not started yet) on a new copy of the demo data in ``tmp``."""
    if nginx_binary() is None:
        if _in_ci():
            pytest.fail(NGINX_HINT)
        pytest.skip(NGINX_HINT)
    db = tmp / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "readiness", "demo", "--db", str(db)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return Cluster(processes=2, db=db, workdir=tmp / "run")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with _two_processes(tmp_path_factory.mktemp("two-processes")) as running:
        yield running


def _process_for(cluster: Cluster, cookie: str, path: str = "/_stcore/health") -> str:
    request = urllib.request.Request(
        cluster.url + path, headers={"Cookie": f"readiness_node={cookie}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.headers["X-Readiness-Process"])


def _first_visit(cluster: Cluster) -> tuple[str, str]:
    """A new browser loads the page: (the process that answered, the cookie nginx set)."""
    with urllib.request.urlopen(cluster.url + "/", timeout=30) as response:
        process = str(response.headers["X-Readiness-Process"])
        cookies = [
            header.split(";")[0].split("=", 1)[1]
            for header in response.headers.get_all("Set-Cookie") or []
            if header.startswith("readiness_node=")
        ]
    assert len(cookies) == 1, f"a first visit must get one sticky cookie, got {cookies}"
    return process, cookies[0]


def _cookies_by_process(cluster: Cluster) -> dict[str, list[str]]:
    """Sticky cookies of new browsers, by process: ``{"127.0.0.1:port": [cookie, cookie]}``."""
    found: dict[str, list[str]] = {}
    for _ in range(20):
        process, cookie = _first_visit(cluster)
        found.setdefault(process, []).append(cookie)
        if len(found) == 2 and all(len(c) >= 2 for c in found.values()):
            return found
    raise AssertionError(f"nginx sent 20 new browsers to {sorted(found)} only")


def _db(cluster: Cluster) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{cluster.db}?mode=ro", uri=True, timeout=30)
    conn.row_factory = sqlite3.Row
    return conn


def _answer(cluster: Cluster, agency_id: str, question_id: str) -> sqlite3.Row | None:
    with _db(cluster) as conn:
        row: sqlite3.Row | None = conn.execute(
            "SELECT comment, revision FROM answers"
            " WHERE round_id = ? AND agency_id = ? AND question_id = ?",
            (ROUND, agency_id, question_id),
        ).fetchone()
    conn.close()
    return row


def _comment_keys(run: Run) -> list[str]:
    """The widget keys of the comment boxes on the answer page, top to bottom."""
    keys = []
    for box in run.of_type("text_area"):
        key = box.id.split("-", 2)[-1] if box.id.startswith("$$ID-") else box.id
        if key.startswith("q|") and key.endswith("|comment"):
            keys.append(key)
    return keys


async def _open_answer_page(session: Session, agency_number: int) -> tuple[Run, str]:
    """Open the answer page for the partnership's ``agency_number``th agency: (run, agency id)."""
    run = await session.run("answer", QUERY, timeout=120)
    assert run.ok
    if agency_number:
        box = run.widget("selectbox", AGENCY_KEY)
        run = await session.run(
            "answer",
            QUERY,
            [string_state(box.id, box.options[agency_number])],
            timeout=120,
        )
        assert run.ok
    agency_id = _comment_keys(run)[0].split("|")[1]
    return run, agency_id


async def _save_comment(session: Session, page: Run, key: str, text: str) -> Run:
    """Type ``text`` in the comment box ``key`` and press "Save answers", as a browser does."""
    box = page.widget("text_area", key)
    button = page.widget("button", SAVE_KEY)
    run = await session.run(
        "answer", QUERY, [string_state(box.id, text), trigger_state(button.id)], timeout=120
    )
    assert run.ok
    return run


def _alerts(run: Run, kind: int) -> list[str]:
    return [a.body for a in run.of_type("alert") if a.format == kind]


SUCCESS, ERROR = 4, 1  # streamlit.proto.Alert.Format


def test_the_launcher_wrote_a_sticky_config_and_both_processes_answer(cluster: Cluster) -> None:
    site = (cluster.workdir / "nginx" / "readiness-site.conf").read_text(encoding="utf-8")
    assert "least_conn;" in site
    for port in cluster.server_ports:
        assert f"server 127.0.0.1:{port} " in site
    with urllib.request.urlopen(cluster.url + "/healthz", timeout=30) as response:
        assert response.status == 200
    by_process = _cookies_by_process(cluster)
    assert sorted(by_process) == sorted(f"127.0.0.1:{p}" for p in cluster.server_ports)


def test_every_request_of_a_browser_reaches_the_same_process(cluster: Cluster) -> None:
    for process, cookies in _cookies_by_process(cluster).items():
        for cookie in cookies:
            # the page, a static file, the health check and the websocket: one process
            for path in ("/", "/_stcore/health", "/_stcore/host-config"):
                assert _process_for(cluster, cookie, path) == process

            async def websocket_process(key: str = cookie) -> str:
                async with Session(cluster.url, cookie=key) as session:
                    return session.process

            assert _run(websocket_process()) == process


def test_a_first_visit_gets_its_sticky_cookie(cluster: Cluster) -> None:
    with urllib.request.urlopen(cluster.url + "/", timeout=30) as response:
        cookie = next(
            header
            for header in response.headers.get_all("Set-Cookie") or []
            if header.startswith("readiness_node=")
        )
        process = response.headers["X-Readiness-Process"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    key = cookie.split(";")[0].split("=", 1)[1]
    assert key in ("p1", "p2"), "the cookie names the process, not its address"
    assert _process_for(cluster, key, "/") == process  # the key leads back to the same process


def test_new_browsers_are_spread_evenly_over_the_processes(cluster: Cluster) -> None:
    """Ten new browsers, one after another: five on each process (least connections), where a
    hash of random keys could put seven or more on one."""
    # A page an earlier test closed may still hold its connection for a moment, and nginx then
    # rightly sends every new browser to the other process: wait for the processes to be level.
    processes: Counter[str] = Counter()
    for _ in range(20):
        processes = Counter(_first_visit(cluster)[0] for _ in range(10))
        if sorted(processes.values()) == [5, 5]:
            return
        time.sleep(0.5)
    raise AssertionError(f"ten new browsers were not spread five and five: {processes}")


def test_a_browser_that_already_has_its_process_keeps_it_without_a_new_cookie(
    cluster: Cluster,
) -> None:
    process, cookie = _first_visit(cluster)
    request = urllib.request.Request(
        cluster.url + "/_stcore/health", headers={"Cookie": f"readiness_node={cookie}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["X-Readiness-Process"] == process
        set_cookies = response.headers.get_all("Set-Cookie") or []
    assert not [c for c in set_cookies if c.startswith("readiness_node=")]


@pytest.mark.parametrize("tampered", ["p99", "127.0.0.1:1", "p1:p2", "../../etc"])
def test_a_cookie_that_names_no_process_is_served_and_given_a_real_one(
    cluster: Cluster, tampered: str
) -> None:
    request = urllib.request.Request(
        cluster.url + "/_stcore/health", headers={"Cookie": f"readiness_node={tampered}"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        process = response.headers["X-Readiness-Process"]
        cookies = [
            c.split(";")[0]
            for c in response.headers.get_all("Set-Cookie") or []
            if c.startswith("readiness_node=")
        ]
    assert process in {f"127.0.0.1:{p}" for p in cluster.server_ports}
    assert len(cookies) == 1
    assert _process_for(cluster, cookies[0].split("=", 1)[1]) == process


def test_saves_from_sessions_on_both_processes_all_land(cluster: Cluster) -> None:
    """Four sessions, two on each process, four agencies of one round: all save at once.

    (Each agency's own answers: saving also confirms the answers carried forward from the last
    round, so two sessions of one agency would rightly conflict on those.)
    """
    by_process = _cookies_by_process(cluster)
    cookies = [c for pair in zip(*by_process.values(), strict=False) for c in pair][:4]

    async def scenario() -> list[tuple[str, str, str, Run, str]]:
        sessions = [Session(cluster.url, cookie=c) for c in cookies]
        for session in sessions:
            await session.__aenter__()
        try:
            assert {s.process for s in sessions} == set(by_process)
            pages: list[tuple[Run, str, str]] = []
            for number, session in enumerate(sessions):
                page, agency_id = await _open_answer_page(session, number)
                key = _comment_keys(page)[0]
                pages.append((page, agency_id, key))
            texts = [f"Saved through {s.process} by session {n}" for n, s in enumerate(sessions)]
            runs = await asyncio.gather(
                *(
                    _save_comment(session, page, key, text)
                    for session, (page, _, key), text in zip(sessions, pages, texts, strict=True)
                )
            )
            return [
                (agency_id, key.split("|")[2], text, run, session.process)
                for (_, agency_id, key), text, run, session in zip(
                    pages, texts, runs, sessions, strict=True
                )
            ]
        finally:
            for session in sessions:
                await session.__aexit__()

    results = _run(scenario())
    assert len({agency for agency, *_ in results}) == 4
    for agency_id, question_id, text, run, process in results:
        assert any("Saved" in text for text in _alerts(run, SUCCESS)), process
        assert not _alerts(run, ERROR)
        row = _answer(cluster, agency_id, question_id)
        assert row is not None, f"the save through {process} did not land"
        assert row["comment"] == text


def test_the_same_answer_saved_at_once_on_two_processes_is_a_conflict(cluster: Cluster) -> None:
    """Both opened the page on the same revision: one save wins, the other is told, not lost."""
    by_process = _cookies_by_process(cluster)
    first, second = (cookies[-1] for cookies in by_process.values())

    async def scenario() -> tuple[list[Run], str, str, int]:
        async with (
            Session(cluster.url, cookie=first) as one,
            Session(cluster.url, cookie=second) as two,
        ):
            assert one.process != two.process
            page_one, agency_id = await _open_answer_page(one, 5)
            page_two, agency_two = await _open_answer_page(two, 5)
            assert agency_id == agency_two
            key = _comment_keys(page_one)[-1]
            question_id = key.split("|")[2]
            before = _answer(cluster, agency_id, question_id)
            revision = before["revision"] if before is not None else 0
            runs = await asyncio.gather(
                _save_comment(one, page_one, key, f"First version, from {one.process}"),
                _save_comment(two, page_two, key, f"Second version, from {two.process}"),
            )
        return list(runs), agency_id, question_id, revision

    runs, agency_id, question_id, revision = _run(scenario())
    saved = [run for run in runs if _alerts(run, SUCCESS)]
    refused = [run for run in runs if _alerts(run, ERROR)]
    assert len(saved) == 1, "exactly one of the two saves must win"
    assert len(refused) == 1, "the other must be told about the conflict"
    assert not _alerts(refused[0], SUCCESS)
    assert any("not saved" in text for text in _alerts(refused[0], ERROR))
    row = _answer(cluster, agency_id, question_id)
    assert row is not None
    assert row["revision"] == revision + 1, "one save, not two: nothing overwritten silently"
    winner = runs.index(saved[0])
    assert row["comment"].startswith(("First", "Second")[winner])


def test_both_processes_served_websocket_sessions(cluster: Cluster) -> None:
    """nginx's access log names each process for a websocket (/_stcore/stream) it carried."""

    async def one_session(cookie: str) -> None:
        async with Session(cluster.url, cookie=cookie) as session:
            assert (await session.run("", QUERY, timeout=120)).ok

    for cookies in _cookies_by_process(cluster).values():
        _run(one_session(cookies[0]))
    streams: list[str] = []
    for _ in range(50):  # nginx writes the line when the websocket closes
        log = cluster.access_log.read_text(encoding="utf-8")
        streams = [line for line in log.splitlines() if "/_stcore/stream" in line]
        if all(any(f"upstream=127.0.0.1:{p} " in s for s in streams) for p in cluster.server_ports):
            return
        time.sleep(0.2)
    raise AssertionError(f"websockets were not carried to both processes: {streams}")


def test_when_a_process_stops_its_browsers_move_to_another_and_nobody_else_moves(
    tmp_path: Path,
) -> None:
    """Its own two processes (stopping one would spoil the shared cluster)."""
    with _two_processes(tmp_path) as running:
        by_process = _cookies_by_process(running)
        (_stopped, gone), (staying, kept) = sorted(
            by_process.items(), key=lambda item: item[0] != f"127.0.0.1:{running.server_ports[0]}"
        )
        running.servers[0].terminate()
        running.servers[0].wait(timeout=30)
        request = urllib.request.Request(
            running.url + "/_stcore/health", headers={"Cookie": f"readiness_node={gone[0]}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
            answered = response.headers["X-Readiness-Process"].split(", ")[-1]
            moved = [
                c.split(";")[0].split("=", 1)[1]
                for c in response.headers.get_all("Set-Cookie") or []
                if c.startswith("readiness_node=")
            ]
        assert answered == staying
        assert moved == kept[:1], "the moved browser's cookie now names the process that answered"
        assert _process_for(running, kept[0]) == staying  # the others stay where they were
