"""Opening the action plan writes nothing; saving answers on the answer page brings the plan
in line (once, through the service)."""

from __future__ import annotations

from pathlib import Path

from readiness.store import Store
from tests.ui.builders import ROUND, anytown
from tests.ui.conftest import no_exceptions, open_page
from tests.ui.test_answer_page import _as, key


def test_the_action_plan_page_writes_nothing(ui_env: Path, mini_content: Path) -> None:
    store = anytown(ui_env)
    entries = len(store.audit_log())
    for _ in range(2):
        at = open_page("actions")
        no_exceptions(at)
    assert len(store.audit_log()) == entries


def test_answers_saved_on_the_answer_page_update_the_plan(ui_env: Path, mini_content: Path) -> None:
    store = anytown(ui_env)
    before = {a.id: a for a in store.actions_for(ROUND)}
    at = _as(open_page("answer"), "anytown-police")
    no_exceptions(at)
    at.radio(key=key("anytown-police", "gov.partnership")).set_value(4)
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    assert Store(ui_env).answers_for(ROUND, "anytown-police")
    after = {a.id: a for a in Store(ui_env).actions_for(ROUND, include_inactive=True)}
    changed = [i for i in after if after[i].revision != before.get(i, after[i]).revision]
    assert changed, "the generated actions were brought in line with the saved answer"
