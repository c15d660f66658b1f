"""The partnership journey in a real browser: a fresh database, a partnership with three
agencies, two domains answered by two agencies, results with the band and a disagreement, an
edited action, and everything still there after a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    choose,
    enter_date,
    fill,
    go,
    pick_radio,
    wait_for_app,
)

pytestmark = pytest.mark.browser

AGENCIES = [
    ("Lead agency", "Anytown Council", "Local authority"),
    ("Agency 2", "Anytown Police", "Police"),
    ("Agency 3", "Anytown ICB", "Integrated Care Board"),
]
DOMAINS = ["Leadership and governance", "Definition and scope"]


def _answer_domain(page: Page, agency: str, domain: str, *, highest: bool) -> None:
    """Answer every single-answer question of a domain: the highest option or the lowest."""
    choose(page, "Which agency are you answering for?", agency)
    wait_for_app(page)
    page.get_by_role("radiogroup", name="Domain").get_by_text(
        re.compile(f"^{re.escape(domain)}: ")
    ).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=domain, exact=True)).to_be_visible()
    form = page.locator("[data-testid='stForm']")
    groups = form.get_by_role("radiogroup")
    for index in range(groups.count()):
        options = groups.nth(index).locator("label")
        (options.last if highest else options.first).click()
    form.get_by_role("button", name="Save answers").click()
    wait_for_app(page)
    who = agency.split(" (", maxsplit=1)[0]
    expect(page.get_by_text(f"for {who} in “{domain}”")).to_be_visible()


def test_from_a_fresh_database_to_results_and_an_action_plan_that_survive_a_reload(
    server: Server, page: Page
) -> None:
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_role("button", name="Load the demo data")).to_be_visible()

    # Set up the partnership with three agencies and its first round.
    go(page, "Partnership set-up")
    # A region is created in its own step; the set-up form then has it chosen.
    fill(page, "Name of the new region", "Northshire VRU")
    page.get_by_role("button", name="Create region").click()
    wait_for_app(page)
    expect(page.get_by_text("The region Northshire VRU has been created")).to_be_visible()
    fill(page, "Partnership name", "Anytown CSP")
    fill(page, "Local government areas (one a line)", "Anytown\nBexley Vale")
    pick_radio(page, "England or Wales", "England")
    for who, name, role in AGENCIES:
        fill(page, f"{who} name", name)
        choose(page, f"{who} role", role)
    fill(page, "Round label, for example 2026/27", "2026/27")
    enter_date(page, "Assessment date", "01", "06", "2026")
    page.get_by_role("button", name="Create partnership").click()
    wait_for_app(page)
    expect(page.get_by_text("Anytown CSP has been set up with 3 member agencies")).to_be_visible()

    # Two agencies answer two domains, far apart on the same questions.
    go(page, "Answer the questionnaire")
    for domain in DOMAINS:
        _answer_domain(page, "Anytown Council (Local authority)", domain, highest=True)
        _answer_domain(page, "Anytown Police (Police)", domain, highest=False)
    page.screenshot(path=str(SCREENSHOTS / "answer.png"))

    # Results say how much is answered and, with two domains of eleven, that it is too early
    # for a headline; the disagreement between the agencies is in its own section.
    go(page, "Results")
    expect(page.get_by_text("Questions answered", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"so this is not yet a fair picture"))).to_be_visible()
    page.get_by_text("Where agencies disagree", exact=True).click()
    wait_for_app(page)
    agenda = page.get_by_role("table").filter(has_text="Who said what")
    expect(agenda).to_contain_text("Anytown Police: 0.0 (Not started)")
    expect(agenda).to_contain_text("Anytown Council: 4.0 (Embedded)")
    page.screenshot(path=str(SCREENSHOTS / "results.png"))

    # Edit the first action of the plan: one click on its row opens its form.
    go(page, "Action plan")
    page.get_by_role("button", name="Change action 1", exact=True).click()
    wait_for_app(page)
    edit = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Save action")
    )
    edit.get_by_role("textbox", name="Lead person", exact=True).fill("Sam Patel")
    edit.get_by_role("textbox", name="Notes", exact=True).fill("Agreed at the June board")
    edit.get_by_role("button", name="Save action").click()
    wait_for_app(page)
    expect(page.get_by_text("The action has been saved.")).to_be_visible()
    expect(page.get_by_text("lead: Sam Patel").first).to_be_visible()

    # A reload starts a new session: everything comes back from the database.
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("lead: Sam Patel").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "action-plan.png"))
    go(page, "Answer the questionnaire")
    choose(page, "Which agency are you answering for?", "Anytown Police (Police)")
    wait_for_app(page)
    expect(page.get_by_role("radiogroup", name="Domain")).to_contain_text(
        re.compile(r"Leadership and governance: Complete \(\d+ of \d+\)")
    )
    go(page, "Home")
    expect(page.get_by_role("heading", name="Where Anytown CSP stands")).to_be_visible()
    progress = page.get_by_role("table").filter(has_text="Next domain to finish")
    expect(progress).to_contain_text("Anytown Police")
    page.screenshot(path=str(SCREENSHOTS / "home.png"))
