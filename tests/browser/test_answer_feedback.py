"""The answer page in Chromium, on the demo data, at a desktop and a phone width: after saving,
the confirmation (or the error summary) is on the screen without scrolling and has the focus;
"Save and go to the next domain" opens the next domain with the confirmation in view; a link
in the error summary takes the person to the question; a domain is not a mile long."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from readiness.store import Store
from tests.browser.conftest import (
    SCREENSHOTS,
    WAIT_MS,
    Server,
    run_axe,
    settle,
    start_server,
    stop_server,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PARTNERSHIP = "demo-ashby-vale"
ROUND = "demo-ashby-vale.2026-27"
ANSWER_URL = "{url}/answer?partnership={p}&round={r}"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
FEEDBACK = "[data-testid='stMain'] .st-key-answer-feedback [data-testid='stAlert']"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("answer-feedback")
    db = tmp / "demo.db"
    assert Store(db).load_demo().ok
    running = start_server(tmp, db)
    yield running
    stop_server(running)


def _page(browser: Browser, width: int, height: int) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from _page(browser, *WIDTHS[request.param])


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, *WIDTHS["desktop"])


def _open(page: Page, server: Server, agency: str | None = None) -> None:
    page.goto(ANSWER_URL.format(url=server.url, p=PARTNERSHIP, r=ROUND))
    wait_for_app(page)
    if agency is not None:
        page.get_by_role("combobox", name="Which agency are you answering for?").click()
        page.get_by_role("option", name=re.compile(agency)).first.click()
        wait_for_app(page)


def _domain(page: Page, title: str) -> None:
    page.get_by_role("radiogroup", name="Domain").get_by_text(
        re.compile(f"^{re.escape(title)}: ")
    ).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()


def _in_view(page: Page, element: Locator) -> bool:
    """Entirely on the screen as it is now (no scrolling)."""
    box = element.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert viewport is not None
    return (
        box["y"] >= 0
        and box["y"] + box["height"] <= viewport["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
    )


def _has_focus(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            "(s) => { const b = document.querySelector(s);"
            " return !!b && b.contains(document.activeElement); }",
            selector,
        )
    )


def _change_first_level(page: Page) -> None:
    """Choose another level for the first question (whatever it held) so there is a change."""
    group = page.locator("[data-testid='stForm']").get_by_role("radiogroup").first
    first_checked = group.get_by_role("radio").first.is_checked()
    group.locator("label").nth(1 if first_checked else 0).click()


def test_after_saving_the_confirmation_is_visible_without_scrolling_and_has_the_focus(
    demo_server: Server, sized: Page, axe_source: str
) -> None:
    page = sized
    _open(page, demo_server)
    _domain(page, "Engagement with the voluntary sector, young people and communities")
    _change_first_level(page)
    page.locator("[data-testid='stForm']").get_by_role("button", name="Save answers").click()
    wait_for_app(page)
    feedback = page.locator(FEEDBACK)
    expect(feedback).to_contain_text("Saved ")
    expect(feedback).to_contain_text("“Engagement with the voluntary sector")
    page.wait_for_function(
        "(s) => { const b = document.querySelector(s); if (!b) return false;"
        " const r = b.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=FEEDBACK,
    )
    assert _in_view(page, feedback)
    assert _has_focus(page, FEEDBACK)
    settle(page)
    assert run_axe(page, axe_source) == []
    width = page.viewport_size["width"] if page.viewport_size else 0
    page.screenshot(path=str(SCREENSHOTS / f"answer-saved-{width}.png"))


def test_save_and_go_to_the_next_domain_opens_it_with_the_confirmation_in_view(
    demo_server: Server, sized: Page
) -> None:
    page = sized
    _open(page, demo_server)
    _domain(page, "Leadership and governance")
    _change_first_level(page)
    page.get_by_role("button", name="Save and go to the next domain").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Definition and scope", exact=True)).to_be_visible()
    feedback = page.locator(FEEDBACK)
    expect(feedback).to_contain_text("This is the next domain: “Definition and scope”.")
    page.wait_for_function(
        "(s) => { const b = document.querySelector(s); if (!b) return false;"
        " const r = b.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=FEEDBACK,
    )
    assert _in_view(page, feedback)
    assert _has_focus(page, FEEDBACK)


def test_a_percentage_of_150_is_named_in_the_summary_which_links_to_the_question(
    demo_server: Server, desktop: Page
) -> None:
    page = desktop
    _open(page, demo_server, agency="Integrated Care Board")
    _domain(page, "Data and information sharing")
    before = {
        (a.agency_id, a.question_id, a.revision) for a in Store(demo_server.db).answers_for(ROUND)
    }
    box = page.get_by_role("spinbutton", name=re.compile(r"^\d+\. What percentage"))
    box.fill("150")
    box.press("Tab")
    page.locator("[data-testid='stForm']").get_by_role("button", name="Save answers").click()
    wait_for_app(page)
    summary = page.locator(FEEDBACK)
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("enter a percentage from 0 to 100")
    page.wait_for_function(
        "(s) => { const b = document.querySelector(s); if (!b) return false;"
        " const r = b.getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=FEEDBACK,
    )
    assert _in_view(page, summary)
    assert _has_focus(page, FEEDBACK)
    after = {
        (a.agency_id, a.question_id, a.revision) for a in Store(demo_server.db).answers_for(ROUND)
    }
    assert after == before  # nothing saved
    # The link in the summary takes the person to the question, with its message beside it.
    summary.get_by_role("link").first.click()
    field = page.get_by_role("spinbutton", name=re.compile(r"^\d+\. What percentage"))
    expect(field).to_be_in_viewport()
    expect(field).to_be_focused()
    expect(
        page.get_by_text(re.compile("^Error: .*enter a percentage from 0 to 100$"))
    ).to_be_in_viewport()


def test_the_longest_domain_is_much_shorter_than_it_was(demo_server: Server, desktop: Page) -> None:
    """The SNA domain (17 questions) was 14,965 px long at 1280 px: the guidance, the optional
    fields and each data source are folded now (6,959 px), every field still labelled."""
    page = desktop
    _open(page, demo_server)
    _domain(page, "Strategic needs assessment")
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    assert height < 8_000, height
    fold = page.locator("[data-testid='stForm'] [data-testid='stExpander'] summary").first
    fold.click()
    expect(page.get_by_role("textbox", name="Evidence (optional)").first).to_be_visible()
