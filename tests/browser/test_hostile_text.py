"""No user text renders as Markdown in a real browser: every user field carries an image that
points at a local server counting requests, and a phishing link; every page is opened in
Chromium and the server must see no request, and the page must hold no planted link."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import WAIT_MS, Server, start_server, stop_server, wait_for_app
from tests.hostile import pages as hostile
from tests.ui.conftest import MINI

pytestmark = pytest.mark.browser

PAGES = ["", "setup", "answer", "results", "actions", "upload", "evidence", "region"]


class _Tracker(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture(scope="module")
def tracker() -> Iterator[tuple[str, list[str]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tracker)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}", _Tracker.hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile_server(
    tmp_path_factory: pytest.TempPathFactory,
    chromium_path: Path,
    tracker: tuple[str, list[str]],
) -> Iterator[Server]:
    address, _ = tracker
    tmp = tmp_path_factory.mktemp("hostile-browser")
    db = tmp / "hostile.db"
    patch = pytest.MonkeyPatch()
    patch.setattr(hostile, "IMAGE", f"![zqximg](http://{address}/x.png)")
    patch.setattr(hostile, "HTML", f'<img src="http://{address}/y.png" alt="zqxhtml">')
    try:
        hostile.build(db)
        hostile.build_evidence(db)
    finally:
        patch.undo()
    running = start_server(tmp, db, {"READINESS_QUESTIONNAIRE": str(MINI)})
    yield running
    stop_server(running)


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_planted_markdown_fetches_nothing_and_links_nowhere(
    path: str, hostile_server: Server, tracker: tuple[str, list[str]], page: Page
) -> None:
    address, hits = tracker
    hits.clear()
    page.goto(f"{hostile_server.url}/{path}")
    wait_for_app(page)
    # the planted text is on the page (otherwise this proves nothing), then nothing is loading
    page.wait_for_function("document.body.innerHTML.includes('zqx')", timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")
    assert hits == [], f"the browser fetched {hits} from the planted image"
    assert page.locator(f"img[src*='{address}']").count() == 0
    assert page.locator("a[href*='example.invalid']").count() == 0, _debug_where(page)


def _debug_where(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href*='example.invalid']",
        "els => els.map(e => { let n = e; const ids = []; while (n) { if (n.dataset && "
        "n.dataset.testid) ids.push(n.dataset.testid); n = n.parentElement; } "
        "return ids.slice(0, 4).join(' < ') + ' :: ' + e.outerHTML.slice(0, 80); })",
    )
