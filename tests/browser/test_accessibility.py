"""axe-core on every page, in Chromium: no serious or critical WCAG 2.2 A/AA violations, on an
empty database and on the demo data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from readiness.store import Store
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    run_axe,
    settle,
    start_server,
    stop_server,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PAGES = {
    "": "Serious Violence Duty readiness",
    "setup": "Partnership set-up",
    "answer": "Answer the questionnaire",
    "results": "Results",
    "actions": "Action plan",
    "upload": "Upload a completed workbook",
    "evidence": "Evidence profile",
    "region": "Compare partnerships",
}
IDS = ["home", "set-up", "answer", "results", "action plan", "upload", "evidence", "region"]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("demo-browser")
    db = tmp / "demo.db"
    assert Store(db).load_demo().ok
    running = start_server(tmp, db)
    yield running
    stop_server(running)


def _open(page: Page, server: Server, path: str) -> None:
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=PAGES[path], exact=True)).to_be_visible()


@pytest.mark.parametrize("path", list(PAGES), ids=IDS)
def test_no_serious_violations_on_the_demo_data(
    demo_server: Server, page: Page, axe_source: str, path: str
) -> None:
    _open(page, demo_server, path)
    # Open every expander (guidance, blockers, data sources ...) so hidden content is checked.
    summaries = page.locator("[data-testid='stExpander'] summary")
    for index in range(summaries.count()):
        if summaries.nth(index).is_visible():  # those in other tabs are not
            summaries.nth(index).click()
    settle(page)  # the expanders have finished opening
    assert run_axe(page, axe_source) == []
    if path == "setup":
        page.screenshot(path=str(SCREENSHOTS / "setup.png"))


@pytest.mark.parametrize("path", list(PAGES), ids=IDS)
def test_no_serious_violations_on_an_empty_database(
    server: Server, page: Page, axe_source: str, path: str
) -> None:
    _open(page, server, path)
    assert run_axe(page, axe_source) == []
