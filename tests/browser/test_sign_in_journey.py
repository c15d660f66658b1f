"""Sign-in in a real browser against a real OpenID Connect provider running on this machine.

Two people are given roles with the command line on the demo data: Jo answers for Ashby Vale
Council in Ashby Vale; Priya leads Brackenford. Each signs in with the provider
(``oauth2-mock-server``, see ``tests/browser/oidc.py``), sees only their own partnership,
changes something, and signs out; a browser without the cookie sees only the sign-in page. The
audit log then names each of them, by name and e-mail, for their own changes only. A sign-in
cookie that was tampered with, or is older than Streamlit accepts, means signed out.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, expect

from readiness.excel import layout as L
from readiness.store import Store
from tests.browser.conftest import ROOT, WAIT_MS, Server, go, stop_server, wait_for_app
from tests.browser.oidc import (
    USER_COOKIE,
    Provider,
    choose_person,
    signed_cookie,
    start_provider,
    start_signed_in_server,
    stop_provider,
    unsigned_cookie,
)

pytestmark = pytest.mark.browser

SIGN_IN_TITLE = "Serious Violence Duty readiness"
SIGN_IN_BUTTON = "Sign in with your organisation's account"
PARTNERSHIP_REFUSED = "You do not have access to that partnership, or it does not exist."


@dataclass(frozen=True)
class Person:
    email: str
    name: str


JO = Person("jo.bloggs@ashbyvale.example.gov.uk", "Jo Bloggs")
PRIYA = Person("priya.shah@brackenford.example.gov.uk", "Priya Shah")
X, X_AGENCY = "demo-ashby-vale", "demo-ashby-vale-council"
Y = "demo-brackenford"


@dataclass
class App:
    server: Server
    provider: Provider
    cookie_secret: str
    names: dict[str, str]  # partnership id -> name, every partnership in the database


def _users_add(db: Path, email: str, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "users", "add", email, *args, "--db", str(db)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Provider]:
    running = start_provider(tmp_path_factory.mktemp("oidc"))
    yield running
    stop_provider(running)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, provider: Provider) -> Iterator[App]:
    tmp = tmp_path_factory.mktemp("sign-in")
    db = tmp / "demo.db"
    store = Store(db)
    assert store.load_demo().ok
    names = {p.id: p.name for p in store.list_partnerships()}
    assert {X, Y} <= set(names)
    _users_add(db, JO.email, "--role", "respondent", "--partnership", X, "--agency", X_AGENCY)
    _users_add(db, PRIYA.email, "--role", "partnership_lead", "--partnership", Y)
    cookie_secret = secrets.token_hex(32)
    server = start_signed_in_server(tmp, db, provider, cookie_secret)
    yield App(server, provider, cookie_secret, names)
    stop_server(server)


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 1800}, locale="en-GB")
    context.set_default_timeout(WAIT_MS)
    return context


def _expect_sign_in_page(page: Page, app: App) -> None:
    """The sign-in page, and nothing of any partnership."""
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=SIGN_IN_TITLE, exact=True)).to_be_visible()
    expect(main.get_by_role("button", name=SIGN_IN_BUTTON)).to_be_visible()
    text = page.locator("body").inner_text()
    for name in app.names.values():
        assert name not in text
    assert "Signed in as" not in text


def _sign_in(page: Page, app: App, person: Person) -> None:
    page.goto(app.server.url)
    wait_for_app(page)
    _expect_sign_in_page(page, app)
    choose_person(app.provider, person.email, person.name)
    page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    # to the provider, straight back to /oauth2callback, then to the app
    page.wait_for_url(re.compile(r"^http://localhost:\d+/(\?.*)?$"), timeout=WAIT_MS)
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(_signed_in_as(person))


def _signed_in_as(person: Person) -> re.Pattern[str]:
    """What the sidebar says (the page may put an invisible word joiner after the "@")."""
    user, _, domain = person.email.partition("@")
    email = f"{re.escape(user)}@\u2060?{re.escape(domain)}"
    return re.compile(f"Signed in as {re.escape(person.name)} \\({email}\\)")


def _sign_out(page: Page, app: App) -> None:
    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/"), timeout=WAIT_MS)
    wait_for_app(page)
    _expect_sign_in_page(page, app)


def _sees_only(page: Page, app: App, own: str) -> None:
    """The partnership selector (in the page on the home page, in the sidebar elsewhere)
    offers only ``own``; no other partnership's name is anywhere on the page."""
    box = page.get_by_role("combobox", name="Partnership", exact=True).first
    expect(box).to_be_visible()
    box.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    assert options.all_inner_texts() == [app.names[own]]
    page.keyboard.press("Escape")
    wait_for_app(page)
    expect(page.get_by_test_id("stMain")).to_contain_text(app.names[own])
    text = page.locator("body").inner_text()
    for pid, name in app.names.items():
        if pid != own:
            assert name not in text, f"{name} is on the page"


def _tampering_is_refused(page: Page, app: App, own: str, other: str) -> None:
    page.goto(f"{app.server.url}/?partnership={other}")
    wait_for_app(page)
    expect(page.get_by_text(PARTNERSHIP_REFUSED)).to_be_visible()
    text = page.locator("body").inner_text()
    assert app.names[other] not in text
    assert other not in text
    expect(page.get_by_test_id("stMain")).to_contain_text(app.names[own])


def _change_an_answer(page: Page) -> None:
    """Answer the first question of the first domain with an option it does not have now."""
    go(page, "Answer the questionnaire")
    # a respondent answers only for their own agency: it is the only one offered
    agency = page.get_by_role("combobox", name="Which agency are you answering for?")
    expect(agency).to_be_visible()
    agency.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    offered = options.all_inner_texts()
    assert len(offered) == 1
    assert offered[0].startswith("Demo Ashby Vale Council")
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_role("radiogroup", name="Domain").locator("label").first.click()
    wait_for_app(page)
    form = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Save answers")
    )
    first = form.get_by_role("radiogroup").first
    radios = first.get_by_role("radio")
    unchecked = next(i for i in range(radios.count()) if not radios.nth(i).is_checked())
    first.locator("label").nth(unchecked).click()
    form.get_by_role("button", name="Save answers").click()
    wait_for_app(page)
    expect(page.get_by_text("for Demo Ashby Vale Council in")).to_be_visible()


def _pack_names(page: Page, app: App, person: Person, partnership_id: str) -> None:
    """The agency's offline questionnaire, downloaded now, names ``person`` beside each answer
    they last changed (as the database has it), with when, and beside no other."""
    with page.expect_download() as download:
        page.get_by_role(
            "button", name="Download the questionnaire to fill in offline (Excel)"
        ).click()
    ws = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))[L.QUESTIONS]
    assert ws.cell(row=1, column=L.Q_CHANGED_BY).value == "Last changed by"
    shown = {
        (str(row[L.Q_AGENCY_ID - 1]), str(row[L.Q_REF - 1])): row[L.Q_CHANGED_ON - 1]
        for row in ws.iter_rows(min_row=2, values_only=True)
        if row[L.Q_CHANGED_BY - 1] == _label(person)
    }
    store = Store(app.server.db)
    round_id = store.list_rounds(partnership_id)[-1].id
    stored = {
        (a.agency_id, a.question_id): a.updated_at.replace(tzinfo=None)
        for a in store.answers_for(round_id)
        if a.updated_by == _label(person)
    }
    assert stored
    assert set(shown) == set(stored)
    for key, when in shown.items():  # Excel keeps times to about a millisecond
        assert isinstance(when, dt.datetime), key
        assert abs(when - stored[key]) < dt.timedelta(seconds=1), key


def _change_an_action(page: Page) -> None:
    go(page, "Action plan")
    change = page.get_by_role("button", name="Change action 1", exact=True)
    if change.count():  # the plan lists the actions; each opens its form with "Change"
        change.click()
        wait_for_app(page)
    edit = page.locator("[data-testid='stForm']").filter(
        has=page.get_by_role("button", name="Save action")
    )
    edit.first.get_by_role("textbox", name="Lead person", exact=True).fill("Priya Shah")
    edit.first.get_by_role("textbox", name="Notes", exact=True).fill("Agreed at the board")
    edit.first.get_by_role("button", name="Save action").click()
    wait_for_app(page)
    expect(page.get_by_text("The action has been saved.")).to_be_visible()
    # the plan downloaded now holds the change (the workbook is built after the click)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the action plan (Excel)").click()
    ws = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))[L.PLAN]
    leads = {
        (row[L.P_LEAD - 1], row[L.P_NOTES - 1]) for row in ws.iter_rows(min_row=2, values_only=True)
    }
    assert ("Priya Shah", "Agreed at the board") in leads


def _label(person: Person) -> str:
    return f"{person.name} <{person.email}>"


def test_two_people_each_see_and_change_only_their_own_partnership(
    app: App, browser: Browser
) -> None:
    store = Store(app.server.db)
    before = len(store.audit_log())

    context = _context(browser)
    page = context.new_page()
    # Jo, respondent for Ashby Vale Council
    _sign_in(page, app, JO)
    _sees_only(page, app, X)
    _tampering_is_refused(page, app, X, Y)
    _change_an_answer(page)
    _pack_names(page, app, JO, X)
    _sees_only(page, app, X)
    _sign_out(page, app)
    assert not [c for c in context.cookies() if c["name"] == USER_COOKIE]

    # Priya, partnership lead of Brackenford, in the same browser after Jo signed out
    _sign_in(page, app, PRIYA)
    _sees_only(page, app, Y)
    _tampering_is_refused(page, app, Y, X)
    _change_an_action(page)

    # A second browser without the cookie sees the sign-in page and nothing else, even when
    # the address names a partnership
    stranger = _context(browser)
    other = stranger.new_page()
    for address in ("/", f"/?partnership={Y}", "/results", "/actions"):
        other.goto(f"{app.server.url}{address}")
        wait_for_app(other)
        _expect_sign_in_page(other, app)
    stranger.close()
    _sign_out(page, app)
    context.close()

    # The audit log names each person, by name and e-mail, for their own changes only
    entries = store.audit_log()[before:]
    assert entries
    by_user: dict[str, set[str | None]] = {}
    entities: dict[str, set[str]] = {}
    for entry in entries:
        by_user.setdefault(entry.user, set()).add(entry.partnership_id)
        entities.setdefault(entry.user, set()).add(entry.entity)
    assert set(by_user) == {_label(JO), _label(PRIYA)}, by_user
    assert by_user[_label(JO)] == {X}
    assert by_user[_label(PRIYA)] == {Y}
    assert "answer" in entities[_label(JO)]
    assert "action" in entities[_label(PRIYA)]


def _user_cookie(context: BrowserContext) -> dict[str, object]:
    found = [c for c in context.cookies() if c["name"] == USER_COOKIE]
    assert len(found) == 1, [c["name"] for c in context.cookies()]
    return dict(found[0])


def _replace_cookie(context: BrowserContext, cookie: dict[str, object], value: str) -> None:
    context.clear_cookies(name=USER_COOKIE)
    context.add_cookies(
        [
            {
                "name": USER_COOKIE,
                "value": value,
                "domain": str(cookie["domain"]),
                "path": str(cookie["path"]),
                "httpOnly": bool(cookie.get("httpOnly", True)),
                "sameSite": "Lax",
            }
        ]
    )


def test_a_tampered_or_expired_sign_in_cookie_means_signed_out(app: App, browser: Browser) -> None:
    context = _context(browser)
    page = context.new_page()
    _sign_in(page, app, JO)
    cookie = _user_cookie(context)
    signed = str(cookie["value"])
    payload = unsigned_cookie(app.cookie_secret, signed)
    assert json.loads(payload)["email"] == JO.email

    # Tampered: the same cookie claiming to be Priya, with Jo's signature
    forged = payload.replace(JO.email, PRIYA.email).replace(JO.name, PRIYA.name)
    signature = signed.rpartition(".")[2]
    other = signed_cookie(app.cookie_secret, forged, at=time.time())
    tampered = other.rpartition(".")[0] + "." + signature
    assert tampered != other
    _replace_cookie(context, cookie, tampered)
    page.reload()
    wait_for_app(page)
    _expect_sign_in_page(page, app)

    # Signed with the right secret just now: still signed in (the cookie is built right) ...
    _replace_cookie(context, cookie, signed_cookie(app.cookie_secret, payload, at=time.time()))
    page.reload()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text(_signed_in_as(JO))

    # ... but 32 days ago, past the 30 days Streamlit gives a sign-in: signed out
    old = time.time() - 32 * 24 * 60 * 60
    _replace_cookie(context, cookie, signed_cookie(app.cookie_secret, payload, at=old))
    page.reload()
    wait_for_app(page)
    _expect_sign_in_page(page, app)
    context.close()


def _sign_in_refused(page: Page, app: App, person: Person, *, verified: bool, title: str) -> None:
    """Sign in at the provider, and land on a page that says why the tool goes no further."""
    page.goto(app.server.url)
    wait_for_app(page)
    choose_person(app.provider, person.email, person.name, verified=verified)
    page.get_by_role("button", name=SIGN_IN_BUTTON).click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/(\?.*)?$"), timeout=WAIT_MS)
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=title, exact=True)).to_be_visible()
    text = page.locator("body").inner_text()
    for name in app.names.values():
        assert name not in text
    main.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/"), timeout=WAIT_MS)
    wait_for_app(page)
    _expect_sign_in_page(page, app)


def test_an_unconfirmed_address_or_a_person_with_no_role_sees_no_data(
    app: App, browser: Browser
) -> None:
    context = _context(browser)
    page = context.new_page()
    # Jo holds a role, but this sign-in says the address is not confirmed
    _sign_in_refused(page, app, JO, verified=False, title="Your e-mail address is not confirmed")
    # Sam's address is confirmed, but nobody has given Sam a role
    sam = Person("sam.patel@example.gov.uk", "Sam Patel")
    _sign_in_refused(
        page, app, sam, verified=True, title="You do not have access to a partnership yet"
    )
    context.close()
