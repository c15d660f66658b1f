"""axe-core on every page, in Chromium: no serious or critical WCAG 2.2 A/AA violations, on an
empty database and on the demo data (with police and health data uploaded for the demo's most
complete partnership), on a desktop (1280 px) and a phone (390 px). On the phone the sidebar
starts collapsed and nothing on the page is wider than the screen: wide tables scroll inside
their own focusable region or stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    Server,
    run_axe,
    settle,
    start_server,
    stop_server,
    wait_for_app,
)
from tests.browser.demo_data import demo_with_evidence

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
#: The demo's most complete partnership, and its open round.
DEMO = "?partnership=demo-ashby-vale&round=demo-ashby-vale.2026-27"
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("demo-browser")
    db = tmp / "demo.db"
    demo_with_evidence(db, police_months=3, uploaded_by="analyst")
    running = start_server(tmp, db)
    yield running
    stop_server(running)


def _open(page: Page, server: Server, path: str, width: int, query: str = "") -> None:
    page.set_viewport_size({"width": width, "height": 900 if width < 600 else 1800})
    page.goto(f"{server.url}/{path}{query}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name=PAGES[path], exact=True)).to_be_visible()


def _fits_the_screen(page: Page, width: int) -> None:
    """On a phone the sidebar starts collapsed and nothing is wider than the screen."""
    if width >= 600:
        return
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_attribute("data-collapsed") == "true"
    wider = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] *')].filter(el => {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= window.innerWidth + 1) return false;
            for (let a = el.parentElement; a; a = a.parentElement) {
                const s = getComputedStyle(a);
                if (['auto', 'scroll'].includes(s.overflowX)
                    && a.getBoundingClientRect().right <= window.innerWidth + 1) return false;
            }
            return true;
        }).map(el => el.outerHTML.slice(0, 120))"""
    )
    assert wider == []
    main = page.get_by_test_id("stMain")
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth")


DEMO_CASES = [
    pytest.param(path, width, id=f"{name}-{kind}")
    for path, name in zip(PAGES, IDS, strict=True)
    for kind, width in WIDTHS.items()
]


@pytest.mark.parametrize(("path", "width"), DEMO_CASES)
def test_no_serious_violations_on_the_demo_data(
    demo_server: Server, page: Page, axe_source: str, path: str, width: int
) -> None:
    _open(page, demo_server, path, width, DEMO)
    # Open every expander (guidance, blockers, data sources ...) so hidden content is checked;
    # some are drawn only when opened, so the page runs again after each click.
    summaries = page.locator("[data-testid='stExpander'] summary")
    for index in range(summaries.count()):
        if summaries.nth(index).is_visible():  # those in other tabs are not
            summaries.nth(index).click()
            wait_for_app(page)
    settle(page)  # the expanders have finished opening
    assert run_axe(page, axe_source) == []
    _fits_the_screen(page, width)


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
@pytest.mark.parametrize("path", list(PAGES), ids=IDS)
def test_no_serious_violations_on_an_empty_database(
    server: Server, page: Page, axe_source: str, path: str, width: int
) -> None:
    _open(page, server, path, width)
    assert run_axe(page, axe_source) == []
    _fits_the_screen(page, width)
