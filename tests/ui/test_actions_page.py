"""Action plan: generated actions saved to the store, edited, filtered by owner, your own
actions added and removed; edits survive regeneration."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store
from tests.ui.builders import ROUND, answer, anytown
from tests.ui.conftest import no_exceptions, open_page, texts


@pytest.fixture
def store(ui_env: Path, mini_content: Path) -> Store:
    store = anytown(ui_env)
    answer(store, "anytown-police", "gov.partnership", 1)
    answer(store, "anytown-council", "gov.partnership", 1)
    answer(store, "anytown-council", "gov.strategy", "no")
    return store


def _plan(at: AppTest) -> list[dict[str, str]]:
    """The rows of the plan as shown: each row's "N. text" heading and its caption
    ("Priority 1 · Owner: ... · Due: ... · Status: ... · RAG: ...")."""
    headings = [
        m.value.strip("*").split(". ", 1)[1]
        for m in at.markdown
        if m.value.startswith("**") and ". " in m.value and m.value[2:3].isdigit()
    ]
    captions = [c.value for c in at.caption if " · Owner: " in c.value]
    rows = []
    for text, caption in zip(headings, captions, strict=True):
        priority, *fields = caption.split(" · ")
        row = {"Action": text, "Priority": priority}
        row.update(dict(f.split(": ", 1) for f in fields))
        rows.append(row)
    return rows


def _change(at: AppTest, action_id: str) -> None:
    """One click on the action's row opens its form."""
    at.button(key=f"actions.row.{action_id}").click().run()


def _field(at: AppTest, label: str) -> str:
    return next(k for k in at.session_state.filtered_state if k.endswith(label))


def test_the_generated_actions_are_saved_to_the_plan(store: Store) -> None:
    at = open_page("actions")
    no_exceptions(at)
    stored = store.actions_for(ROUND)
    assert stored, "the generated actions are saved to the store"
    assert [row["Action"] for row in _plan(at)] == [a.text for a in stored]
    assert all(row["RAG"] in ("Red", "Amber", "Green", "Not set") for row in _plan(at))


def test_an_edited_action_is_saved_and_survives_regeneration(store: Store) -> None:
    at = open_page("actions")
    first = store.actions_for(ROUND)[0]
    prefix = f"act.{first.id}"
    _change(at, first.id)
    at.selectbox(key=f"{prefix}.owner_agency_id").set_value("anytown-police")
    at.text_input(key=f"{prefix}.lead_person").input("Sam Patel")
    at.selectbox(key=f"{prefix}.status").set_value("In progress")
    at.radio(key=f"{prefix}.rag").set_value("Amber")
    at.text_area(key=f"{prefix}.notes").input("Draft agreement with legal")
    at.form_submit_button(key="actions.save").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["The action has been saved."]

    answer(store, "anytown-council", "gov.strategy", "partly")  # answers change ...
    again = open_page("actions")  # ... the plan is regenerated in a new session
    no_exceptions(again)
    saved = store.get_action(ROUND, first.id)
    assert (saved.owner_agency_id, saved.lead_person, saved.status, saved.rag, saved.notes) == (
        "anytown-police",
        "Sam Patel",
        "In progress",
        "Amber",
        "Draft agreement with legal",
    )
    row = next(r for r in _plan(again) if r["Action"] == first.text)
    assert (row["Owner"], row["Status"], row["RAG"]) == (
        "Anytown Police, lead: Sam Patel",
        "In progress",
        "Amber",
    )


def test_filtering_by_agency_shows_only_the_actions_it_owns(store: Store) -> None:
    at = open_page("actions")
    first = store.actions_for(ROUND)[0]
    _change(at, first.id)
    at.selectbox(key=f"act.{first.id}.owner_agency_id").set_value("anytown-police")
    at.form_submit_button(key="actions.save").click().run()
    at.selectbox(key="actions.owner").set_value("anytown-police").run()
    police = [a.text for a in store.actions_for(ROUND) if a.owner_agency_id == "anytown-police"]
    assert first.text in police
    assert [r["Action"] for r in _plan(at)] == police
    assert {r["Owner"] for r in _plan(at)} == {"Anytown Police"}


def test_your_own_action_needs_a_description_and_can_be_added_and_removed(store: Store) -> None:
    at = open_page("actions")
    at.button(key="actions.add.open").click().run()
    at.form_submit_button(key="actions.add.submit").click().run()
    assert texts(at.error)[0] == "**There is a problem**\n\n- Enter what needs to be done"
    at.text_area(key="add.text").input("Run a youth voice workshop")
    at.selectbox(key="add.owner").set_value("anytown-council")
    at.form_submit_button(key="actions.add.submit").click().run()
    no_exceptions(at)
    assert texts(at.success) == [
        "Your action has been added to the plan: Run a youth voice workshop"
    ]
    mine = next(a for a in store.actions_for(ROUND) if a.source == "manual")
    assert (mine.text, mine.owner_agency_id) == ("Run a youth voice workshop", "anytown-council")
    assert "Run a youth voice workshop" in [r["Action"] for r in _plan(at)]
    _change(at, mine.id)
    at.button(key="actions.remove").click().run()
    assert "Error: Tick the box to confirm you want to remove this action" in texts(at.error)
    at.checkbox(key=f"act.{mine.id}.remove_sure").check()
    at.button(key="actions.remove").click().run()
    assert texts(at.success) == ["The action has been removed from the plan."]
    assert mine.id not in [a.id for a in store.actions_for(ROUND)]


def test_a_conflicting_edit_is_not_saved_and_says_who_changed_it(store: Store) -> None:
    from readiness.store.records import ActionEdit

    at = open_page("actions")
    first = store.actions_for(ROUND)[0]
    _change(at, first.id)
    store.update_action(
        ROUND,
        first.id,
        ActionEdit(lead_person="Alex Jones"),
        expected_revision=first.revision,
        user="colleague",
    )
    at.text_input(key=f"act.{first.id}.lead_person").input("Sam Patel")
    at.form_submit_button(key="actions.save").click().run()
    no_exceptions(at)
    [message] = [e for e in texts(at.error) if "colleague changed this action" in e]
    assert message.endswith("Your changes were: lead person: Sam Patel.")
    assert store.get_action(ROUND, first.id).lead_person == "Alex Jones"


def test_a_closed_round_shows_its_plan_but_no_forms(store: Store) -> None:
    open_page("actions")  # the plan is generated while the round is open
    store.close_round(ROUND, user="test")
    at = open_page("actions")
    no_exceptions(at)
    assert "This round is closed, so its action plan can be read but not changed." in texts(at.info)
    assert len(at.get("form")) == 0
    assert len(_plan(at)) == len(store.actions_for(ROUND))


def test_emptying_fields_and_choosing_no_owner_or_no_rag_clears_them(store: Store) -> None:
    import datetime as dt

    from readiness.store.records import ActionEdit

    none_chosen = "__none__"  # actions.NONE_CHOSEN (importing a page module runs the page)
    open_page("actions")  # the plan is generated
    first = store.actions_for(ROUND)[0]
    store.update_action(
        ROUND,
        first.id,
        ActionEdit(
            owner_agency_id="anytown-police",
            lead_person="Sam Patel",
            due=dt.date(2027, 3, 31),
            rag="Red",
            notes="Chased twice",
        ),
        expected_revision=first.revision,
        user="colleague",
    )
    at = open_page("actions")
    prefix = f"act.{first.id}"
    _change(at, first.id)
    assert at.selectbox(key=f"{prefix}.owner_agency_id").value == "anytown-police"
    assert at.radio(key=f"{prefix}.rag").options == ["No RAG rating", "Red", "Amber", "Green"]
    at.selectbox(key=f"{prefix}.owner_agency_id").set_value(none_chosen)
    at.radio(key=f"{prefix}.rag").set_value(none_chosen)
    at.text_input(key=f"{prefix}.lead_person").input("")
    at.date_input(key=f"{prefix}.due").set_value(None)
    at.text_area(key=f"{prefix}.notes").input("")
    at.form_submit_button(key="actions.save").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["The action has been saved."]
    saved = store.get_action(ROUND, first.id)
    assert (saved.owner_agency_id, saved.lead_person, saved.due, saved.rag, saved.notes) == (
        None,
        "",
        None,
        None,
        "",
    )
    cleared = {
        e.field: (e.old_value, e.new_value)
        for e in store.audit_log(entity="action", entity_id=f"{ROUND}/{first.id}")
        if e.user == "Web user" and e.field not in {"due_edited", "created"}  # the page's edit
    }
    assert cleared == {
        "owner_agency_id": ("anytown-police", None),
        "lead_person": ("Sam Patel", None),
        "due": ("2027-03-31", None),
        "rag": ("Red", None),
        "notes": ("Chased twice", None),
    }
    row = next(r for r in _plan(at) if r["Action"] == first.text)
    assert (row["Due"], row["RAG"]) == ("Not set", "Not set")
    assert row["Owner"] in (
        "No owner yet",
        f"{_role_name(first.owner_role)} (no agency chosen yet)",
    )


def _role_name(role_id: str | None) -> str:
    from readiness.services.content import load_content

    return {r.id: r.name for r in load_content().roles.roles}[role_id or ""]


def _labels(at: AppTest) -> list[str]:
    widgets = [*at.selectbox, *at.text_input, *at.text_area, *at.date_input, *at.radio]
    return [w.label for w in [*widgets, *at.checkbox]]


def test_one_click_on_an_actions_row_opens_its_form_under_it(store: Store) -> None:
    """No list of truncated texts to pick from: the row's own Change button opens the form."""
    at = open_page("actions")
    assert "Action to change" not in _labels(at)
    assert len(at.get("form")) == 0, "no form is open until a row is chosen"
    second = store.actions_for(ROUND)[1]
    _change(at, second.id)
    no_exceptions(at)
    assert [f.proto.form.form_id for f in at.get("form")] == [f"actions.edit.{second.id}"]
    assert at.selectbox(key=f"act.{second.id}.status").value == second.status
    assert not [b for b in at.button if b.key == f"actions.row.{second.id}"]
    at.button(key="actions.close").click().run()
    assert len(at.get("form")) == 0


def test_no_two_fields_on_the_page_share_a_label(store: Store) -> None:
    at = open_page("actions")
    _change(at, store.actions_for(ROUND)[0].id)
    labels = _labels(at)
    assert "Owner agency" in labels
    assert len(labels) == len(set(labels)), labels
    at.button(key="actions.add.open").click().run()  # opening the add form closes the other
    labels = _labels(at)
    assert [f.proto.form.form_id for f in at.get("form")] == ["actions.add"]
    assert len(labels) == len(set(labels)), labels


def test_the_owner_reads_the_same_on_the_page_and_in_the_excel_plan(store: Store) -> None:
    import datetime as dt
    import io

    from openpyxl import load_workbook

    from readiness.excel import layout as L
    from readiness.excel.service import plan_workbook
    from readiness.services.content import load_content

    at = open_page("actions")
    page = {r["Action"]: r["Owner"] for r in _plan(at)}
    data = plan_workbook(
        store, load_content(), ROUND, generated_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    )
    ws = load_workbook(io.BytesIO(data))[L.PLAN]
    excel = {
        ws.cell(row=r, column=L.P_ACTION).value: ws.cell(row=r, column=L.P_OWNER).value
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=L.P_REF).value
    }
    assert page == excel
    assert any(owner.endswith(" (no agency chosen yet)") for owner in page.values())
    assert any(owner == "Anytown Police" for owner in page.values())
