"""Sign-in as a person expects it, through the whole app (AppTest with ``st.user`` set).

With an ``[auth]`` section in the secrets, a visitor who is not signed in sees only the sign-in
page; a signed-in person sees only the partnerships their roles allow, and changing the address
bar to another partnership shows a plain refusal and nothing of it (not even its name).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from readiness.access.policy import Grant, Role
from readiness.store import Store
from readiness.store.records import Agency, Partnership, Region
from readiness.ui.components.text import JOINER
from readiness.ui.frame import PARTNERSHIP_REFUSED, ROUND_REFUSED
from tests.ui.builders import AUTH
from tests.ui.conftest import PAGES, new_app, no_exceptions, texts

OWN = "demo-dunmere"
OWN_NAME = "Demo: Dunmere Community Safety Partnership"
OWN_AGENCY = "demo-dunmere-council"
OTHER = "demo-greyhaven"
OTHER_NAME = "Greyhaven"
ELSEWHERE = "southmoor-secret"  # a partnership in another region
ELSEWHERE_NAME = "Southmoor Secret"
JO = "jo@council.example.gov.uk"


def _add_another_region(store: Store) -> None:
    user = "test"
    store.save_region(Region(id="southmoor", name="Southmoor VRU"), user=user)
    store.save_agency(
        Agency(id="southmoor-police", name="Southmoor Police", role_id="police"), user=user
    )
    store.save_partnership(
        Partnership(
            id=ELSEWHERE,
            name=f"{ELSEWHERE_NAME} CSP",
            region_id="southmoor",
            nation="england",
            local_government_areas=["Southmoor"],
            lead_agency_id="southmoor-police",
        ),
        user=user,
    )
    store.add_member(ELSEWHERE, "southmoor-police", user=user)
    store.create_round(
        ELSEWHERE,
        "2026/27",
        dt.date(2026, 6, 1),
        questionnaire_id="x",
        questionnaire_version="1",
        user=user,
        round_id=f"{ELSEWHERE}.2026-27",
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signin") / "demo.db"
    store = Store(path)
    assert store.load_demo().ok
    _add_another_region(store)
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    copy = tmp_path / "copy.db"
    for part in demo_db.parent.glob(f"{demo_db.name}*"):  # the write-ahead log too, if any
        (tmp_path / part.name.replace(demo_db.name, copy.name)).write_bytes(part.read_bytes())
    monkeypatch.setenv("READINESS_DB", str(copy))
    monkeypatch.delenv("READINESS_ADMINS", raising=False)
    return Store(copy)


def grant(store: Store, email: str, role: Role, **scope: str) -> None:
    assert store.add_grant(Grant(email=email, role=role, **scope), user="test")


def signed_in(email: str, name: str = "", **claims: Any) -> AppTest:
    """A new session of a person who has signed in (the ID token's claims)."""
    at = new_app()
    at.secrets = dict(AUTH)
    at.user = {"is_logged_in": True, "email": email, "name": name, **claims}
    return at


def signed_out() -> AppTest:
    at = new_app()
    at.secrets = dict(AUTH)
    at.user = {"is_logged_in": False}
    return at


def rendered(at: AppTest) -> str:
    """Every element the page drew, as text (titles, messages, tables, selectbox options)."""
    out: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        children = getattr(node, "children", {})
        for child in children.values():
            walk(child)

    walk(at._tree)
    return "\n".join(out).replace(JOINER, "")


def sidebar_choices(at: AppTest) -> list[str]:
    """The partnerships offered to choose from (the home page has the chooser in the page)."""
    for key in ("main.partnership", "nav.partnership"):
        found = [b for b in at.selectbox if b.key == key]
        if found:
            return [str(o) for o in found[0].options]
    return []


# --------------------------------------------------------------------------- signed out


def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in_page(db: Store) -> None:
    at = signed_out().run()
    no_exceptions(at)
    assert texts(at.title) == ["Serious Violence Duty readiness"]
    assert [b.label for b in at.button] == ["Sign in with your organisation's account"]
    page = rendered(at)
    assert "Dunmere" not in page
    assert "Demo data" not in page
    assert not at.selectbox
    assert not [e for e in at.sidebar if getattr(e, "proto", None) is not None]
    with pytest.raises(ValueError, match="not"):
        at.switch_page(PAGES["results"])


def test_a_visitor_following_a_link_to_a_partnership_still_sees_only_the_sign_in_page(
    db: Store,
) -> None:
    at = signed_out()
    at.query_params["partnership"] = OWN
    at.run()
    assert texts(at.title) == ["Serious Violence Duty readiness"]
    assert "Dunmere" not in rendered(at)


# --------------------------------------------------------------------------- no role, unverified


def test_a_person_with_no_role_is_told_to_ask_for_an_invitation(db: Store) -> None:
    at = signed_in(JO, "Jo Bloggs").run()
    no_exceptions(at)
    assert texts(at.title) == ["You do not have access to a partnership yet"]
    [message] = [m.replace(JOINER, "") for m in texts(at.markdown)]
    assert message == (
        f"You are signed in as Jo Bloggs ({JO}), but you have no role in any partnership yet. "
        f"Ask your partnership lead to invite you with this e-mail address: {JO}."
    )
    assert [b.label for b in at.button] == ["Sign out"]
    assert "Dunmere" not in rendered(at)
    at.button(key="sign_in.sign_out").click().run()
    assert at.user.get("is_logged_in") is False
    at.run()
    assert [b.label for b in at.button] == ["Sign in with your organisation's account"]


def test_an_e_mail_address_the_provider_has_not_verified_is_refused(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo", email_verified=False).run()
    no_exceptions(at)
    assert texts(at.title) == ["Your e-mail address is not confirmed"]
    assert "Dunmere" not in rendered(at)
    assert [b.label for b in at.button] == ["Sign out"]


def test_an_account_that_gives_no_e_mail_address_is_refused(db: Store) -> None:
    at = signed_in("", "Jo").run()
    assert texts(at.title) == ["Your account did not give an e-mail address"]
    assert "Dunmere" not in rendered(at)


def test_a_role_taken_away_takes_effect_at_the_next_click(db: Store) -> None:
    grant(db, JO, Role.VIEWER, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    assert sidebar_choices(at) == [OWN_NAME]
    db.remove_grants(JO, [Role.VIEWER], user="test")
    at.run()
    assert texts(at.title) == ["You do not have access to a partnership yet"]
    assert "Dunmere" not in rendered(at)


# --------------------------------------------------------------------------- signed in


def test_the_sidebar_names_who_is_signed_in_and_signs_them_out(db: Store) -> None:
    grant(db, JO, Role.VIEWER, partnership_id=OWN)
    at = signed_in(JO.upper(), "Jo Bloggs").run()
    no_exceptions(at)
    shown = [m.value.replace(JOINER, "") for m in at.sidebar.markdown]
    assert f"Signed in as Jo Bloggs ({JO})" in shown
    at.sidebar.button(key="identity.sign_out").click().run()
    assert at.user.get("is_logged_in") is False
    assert "Dunmere" not in rendered(at)  # the page stops at once
    at.run()
    assert texts(at.title) == ["Serious Violence Duty readiness"]
    assert "Dunmere" not in rendered(at)


def test_a_respondent_sees_only_their_own_partnership(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo").run()
    no_exceptions(at)
    assert sidebar_choices(at) == [OWN_NAME]
    page = rendered(at)
    assert OWN_NAME in page
    assert OTHER_NAME not in page
    assert ELSEWHERE_NAME not in page
    assert not at.warning or "Sign-in is not set up" not in page


@pytest.mark.parametrize("page", [p for p in PAGES if p != "region"])
def test_changing_the_address_bar_to_another_partnership_is_refused_on_every_page(
    db: Store, page: str
) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo").run()
    # what a changed address bar (or an old link) gives the next run of the page
    at.session_state["sel.partnership"] = OTHER
    at.session_state["sel.round"] = f"{OTHER}.2026-27"
    at.query_params["partnership"] = OTHER
    if page != "home":
        at.switch_page(PAGES[page])
    at.run()
    no_exceptions(at)
    assert PARTNERSHIP_REFUSED in texts(at.error)
    shown = rendered(at)
    assert OTHER_NAME not in shown
    assert OTHER not in shown
    assert at.session_state["sel.partnership"] == OWN
    assert at.query_params["partnership"] == [OWN] or at.query_params["partnership"] == OWN


def test_a_link_to_another_partnership_is_refused_when_the_session_starts(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo")
    at.query_params["partnership"] = OTHER
    at.run()
    assert texts(at.error)[0] == PARTNERSHIP_REFUSED
    assert OTHER_NAME not in rendered(at)
    assert sidebar_choices(at) == [OWN_NAME]


def test_a_partnership_that_does_not_exist_gets_the_same_refusal(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo")
    at.query_params["partnership"] = "no-such-partnership"
    at.run()
    assert texts(at.error)[0] == PARTNERSHIP_REFUSED


def test_another_partnerships_round_in_the_address_bar_is_refused(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo")
    at.query_params["partnership"] = OWN
    at.query_params["round"] = f"{OTHER}.2026-27"
    at.run()
    no_exceptions(at)
    assert ROUND_REFUSED in texts(at.error)
    assert OTHER_NAME not in rendered(at)
    assert at.session_state["sel.round"] == f"{OWN}.2026-27"


def test_the_region_page_refuses_a_respondent_and_names_no_partnership(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["region"]).run()
    no_exceptions(at)
    shown = rendered(at)
    assert OTHER_NAME not in shown
    assert ELSEWHERE_NAME not in shown


def test_a_region_lead_sees_the_region_but_not_another_region(db: Store) -> None:
    grant(db, JO, Role.REGION_LEAD, region_id="demo-northshire")
    at = signed_in(JO, "Jo").run()
    no_exceptions(at)
    choices = sidebar_choices(at)
    assert OWN_NAME in choices
    assert f"Demo: {OTHER_NAME} Community Safety Partnership" in choices
    assert not [c for c in choices if ELSEWHERE_NAME in c]
    at.switch_page(PAGES["region"]).run()
    no_exceptions(at)
    assert [str(o) for o in at.selectbox(key="region.region").options] == [
        "Demo: Northshire and Glannau Violence Reduction Network (fictional)"
    ]
    shown = rendered(at)
    assert OTHER_NAME in shown  # the comparison of the region's partnerships
    assert "Southmoor" not in shown


def test_a_region_lead_gets_no_answer_form(db: Store) -> None:
    grant(db, JO, Role.REGION_LEAD, region_id="demo-northshire")
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["answer"]).run()
    no_exceptions(at)
    assert "You do not have permission to answer the questionnaire" in " ".join(texts(at.info))
    assert not [b for b in at.button if "Save" in b.label]


def test_an_administrator_named_in_the_settings_sees_every_partnership(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_ADMINS", "boss@example.gov.uk")
    at = signed_in("Boss@Example.gov.uk", "The Boss").run()
    no_exceptions(at)
    choices = sidebar_choices(at)
    assert OWN_NAME in choices
    assert f"{ELSEWHERE_NAME} CSP" in choices


def test_a_viewer_sees_no_set_up_forms_and_is_told_why(db: Store) -> None:
    grant(db, JO, Role.VIEWER, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["setup"]).run()
    no_exceptions(at)
    assert texts(at.info) == [
        "You do not have permission to change the partnership's set-up and members here. "
        "Ask your partnership lead if you need it."
    ]
    assert not at.text_input
    assert not at.tabs


def test_a_partnership_lead_gets_the_set_up_forms_of_their_partnership(db: Store) -> None:
    grant(db, JO, Role.PARTNERSHIP_LEAD, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["setup"]).run()
    no_exceptions(at)
    assert at.text_input(key=f"edit.{OWN}.name").value == OWN_NAME
    assert OTHER_NAME not in rendered(at)


def test_a_respondent_answers_only_for_their_own_agency(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["answer"]).run()
    no_exceptions(at)
    assert at.selectbox(key="answer.agency").options == ["Demo Dunmere Council (Local authority)"]


def test_a_person_whose_roles_show_no_partnership_is_told_to_ask_for_an_invitation(
    db: Store,
) -> None:
    db.save_region(Region(id="empty", name="Empty VRU"), user="test")
    grant(db, JO, Role.REGION_LEAD, region_id="empty")
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["results"]).run()
    no_exceptions(at)
    assert texts(at.info) == [
        "You cannot see any partnership yet. Ask your partnership lead to invite you, or an "
        "administrator to give you a role."
    ]
    assert "Dunmere" not in rendered(at)


def test_a_viewer_gets_no_workbook_upload_and_is_told_why(db: Store) -> None:
    grant(db, JO, Role.VIEWER, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["upload"]).run()
    no_exceptions(at)
    assert texts(at.info) == [
        "You do not have permission to import an agency's completed workbook here. "
        "Ask your partnership lead if you need it."
    ]
    assert not at.get("file_uploader")


def test_a_respondent_may_import_their_own_agencys_workbook(db: Store) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["upload"]).run()
    no_exceptions(at)
    assert at.get("file_uploader")


def test_a_viewer_sees_no_evidence_and_is_told_why(db: Store) -> None:
    grant(db, JO, Role.VIEWER, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["evidence"]).run()
    no_exceptions(at)
    assert texts(at.info) == [
        "You do not have permission to read the evidence profile (small numbers suppressed) "
        "here. Ask your partnership lead if you need it."
    ]
    assert not at.get("file_uploader")


def test_a_region_lead_reads_the_evidence_profile_but_uploads_nothing(db: Store) -> None:
    grant(db, JO, Role.REGION_LEAD, region_id="demo-northshire")
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["evidence"]).run()
    no_exceptions(at)
    assert not at.get("file_uploader")
    assert "No data uploaded for this partnership yet." in texts(at.info)


def test_an_analyst_may_upload_evidence(db: Store) -> None:
    grant(db, JO, Role.ANALYST, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    at.switch_page(PAGES["evidence"]).run()
    no_exceptions(at)
    assert "evidence-upload-files" in [u.key for u in at.get("file_uploader")]


# --------------------------------------------------------------------------- home page


def test_home_offers_setting_up_a_partnership_only_to_an_administrator(
    db: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    grant(db, JO, Role.PARTNERSHIP_LEAD, partnership_id=OWN)
    at = signed_in(JO, "Jo").run()
    no_exceptions(at)
    assert "Set up a new partnership" not in rendered(at)
    monkeypatch.setenv("READINESS_ADMINS", "boss@example.gov.uk")
    boss = signed_in("boss@example.gov.uk", "Boss").run()
    no_exceptions(boss)
    assert "Set up a new partnership" in rendered(boss)


# --------------------------------------------------------------------------- action plan


def _change_buttons(at: AppTest) -> list[str]:
    """The action ids whose row offers a "Change action N" button."""
    prefix = "actions.row."
    return [
        str(b.key)[len(prefix) :]
        for b in at.button
        if b.key and str(b.key).startswith(prefix) and not str(b.key).startswith(prefix + "box")
    ]


def _plan(at: AppTest) -> AppTest:
    at.run()
    at.switch_page(PAGES["actions"]).run()
    no_exceptions(at)
    return at


def test_a_viewer_reads_the_action_plan_but_is_offered_no_change(db: Store) -> None:
    grant(db, JO, Role.VIEWER, partnership_id=OWN)
    at = _plan(signed_in(JO, "Jo"))
    assert "Action plan" in texts(at.title)
    assert _change_buttons(at) == []
    keys = {b.key for b in at.button}
    assert "actions.add.open" not in keys
    assert "actions.refresh" not in keys


def test_a_respondent_is_offered_to_change_only_the_actions_their_agency_owns(
    db: Store,
) -> None:
    grant(db, JO, Role.RESPONDENT, partnership_id=OWN, agency_id=OWN_AGENCY)
    at = _plan(signed_in(JO, "Jo"))
    offered = _change_buttons(at)
    round_id = db.list_rounds(OWN)[-1].id
    owners = {a.id: a.owner_agency_id for a in db.actions_for(round_id)}
    assert offered, "the council owns some of the demo's actions"
    assert {owners[i] for i in offered} == {OWN_AGENCY}
    assert "actions.add.open" not in {b.key for b in at.button}


def test_a_partnership_lead_may_change_every_action_and_add_one(db: Store) -> None:
    grant(db, JO, Role.PARTNERSHIP_LEAD, partnership_id=OWN)
    at = _plan(signed_in(JO, "Jo"))
    assert len(_change_buttons(at)) > 1
    assert "actions.add.open" in {b.key for b in at.button}
