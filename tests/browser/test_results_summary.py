"""A board member opening Results for the demo's most complete partnership reads the whole
summary (band and why, what would move it, next deadline, who needs to act) on the first
screen of a 1280 x 800 laptop, and on a 390 px phone nothing is wider than the screen; the
blockers table scrolls inside a region that takes keyboard focus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from readiness.store import Store
from tests.browser.conftest import SCREENSHOTS, Server, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.browser

#: The demo's most complete partnership: every one of its 95 questions is answered.
COMPLETE = "demo-aberglannau"
#: A demo partnership with blockers (Approaching, 22 legal-duty questions below Established).
BLOCKED = "demo-calder-moor"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("results-browser")
    db = tmp / "demo.db"
    assert Store(db).load_demo().ok
    running = start_server(tmp, db)
    yield running
    stop_server(running)


def _results(page: Page, server: Server, partnership: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{server.url}/results?partnership={partnership}&round={partnership}.2026-27")
    wait_for_app(page)
    page.get_by_text("Who needs to act").first.wait_for()


def _summary_bottom(page: Page) -> float:
    """Where the summary's last line ends, in page pixels from the top."""
    text = page.locator("[data-testid='stMarkdownContainer']", has_text="Who needs to act")
    return float(
        text.first.evaluate(
            """e => { const last = e.lastElementChild || e;
                      return last.getBoundingClientRect().bottom + window.scrollY; }"""
        )
    )


def test_the_summary_fits_the_first_screen_of_a_laptop(demo_server: Server, page: Page) -> None:
    _results(page, demo_server, COMPLETE, 1280)
    bottom = _summary_bottom(page)
    print(f"summary ends at {bottom:.0f} px of an 800 px screen")  # shown with pytest -s
    assert bottom <= 800
    page.screenshot(path=str(SCREENSHOTS / "results-summary-1280.png"))


def test_on_a_phone_nothing_is_cut_off_and_the_blockers_scroll_in_a_focusable_region(
    demo_server: Server, page: Page
) -> None:
    _results(page, demo_server, BLOCKED, 390)
    page.screenshot(path=str(SCREENSHOTS / "results-summary-390.png"))
    page.get_by_text("Legal duties and what blocks the next band").click()
    wait_for_app(page)
    region = page.locator(".results-table [role='region']").first
    region.wait_for()
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # it scrolls, inside
    main = page.get_by_test_id("stMain")
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth")  # the page does not
    widths = region.evaluate(
        "r => [...r.querySelectorAll('thead th')].map(th => th.getBoundingClientRect().width)"
    )
    assert min(widths) >= 100  # no column squeezed to a letter or two
    region.focus()
    page.keyboard.press("ArrowRight")
    assert region.evaluate("r => document.activeElement === r")
