"""Nothing lost: concurrent agencies, stale revisions, a failure mid-save, the audit trail."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from readiness.store import Store, StoreError
from readiness.store.records import AnswerInput
from tests.store.sample import COUNCIL, HEALTH, LEAD, POLICE, add_partnership, add_round, draft

AGENCIES = (POLICE, COUNCIL, HEALTH, LEAD)
QUESTIONS = [f"q.{n:02d}" for n in range(25)]


def _run_threads(targets: list[Any]) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def wrap(target: Any) -> None:
        try:
            barrier.wait()
            target()
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_agencies_saving_at_the_same_moment_lose_nothing(store: Store, round_id: str) -> None:
    """One shared Store, as in Streamlit: each agency saves answers one by one and as forms."""

    def agency_work(agency: str) -> None:
        for question in QUESTIONS[:15]:
            result = store.save_answer(
                round_id,
                agency,
                question,
                value=f"{agency}:{question}",
                expected_revision=None,
                user=agency,
            )
            assert result.ok
        form = [AnswerInput(question_id=q, value=f"{agency}:{q}") for q in QUESTIONS[15:]]
        assert store.save_answers(round_id, agency, form, user=agency).ok

    errors = _run_threads([lambda a=a: agency_work(a) for a in AGENCIES for _ in range(1)])
    assert errors == []
    saved = {(a.agency_id, a.question_id): a.value for a in store.answers_for(round_id)}
    assert saved == {(a, q): f"{a}:{q}" for a in AGENCIES for q in QUESTIONS}
    assert len(store.audit_log(entity="answer")) == len(AGENCIES) * len(QUESTIONS)


def test_separate_store_objects_in_separate_threads_also_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    setup = Store(path)
    add_partnership(setup)
    round_id = add_round(setup)

    def agency_work(agency: str) -> None:
        own = Store(path)
        for question in QUESTIONS:
            assert own.save_answer(
                round_id, agency, question, value=1, expected_revision=None, user=agency
            ).ok

    assert _run_threads([lambda a=a: agency_work(a) for a in AGENCIES]) == []
    assert len(setup.answers_for(round_id)) == len(AGENCIES) * len(QUESTIONS)


def test_racing_edits_on_one_revision_save_exactly_one(store: Store, round_id: str) -> None:
    store.save_answer(round_id, POLICE, "q.hot", value=0, expected_revision=None, user="setup")
    results: dict[int, Any] = {}

    def edit(n: int) -> None:
        results[n] = store.save_answer(
            round_id, POLICE, "q.hot", value=n, expected_revision=1, user=f"user{n}"
        )

    assert _run_threads([lambda n=n: edit(n) for n in range(1, 9)]) == []
    winners = [n for n, r in results.items() if r.ok]
    losers = [r for r in results.values() if not r.ok]
    assert len(winners) == 1
    assert len(losers) == 7
    [stored] = store.answers_for(round_id, POLICE)
    assert (stored.value, stored.revision, stored.updated_by) == (
        winners[0],
        2,
        f"user{winners[0]}",
    )
    for loser in losers:
        assert loser.conflict.theirs.value == winners[0]


def test_a_database_failure_in_the_middle_of_a_form_saves_nothing(
    store: Store, round_id: str
) -> None:
    conn = sqlite3.connect(store.path)
    conn.execute(
        "CREATE TRIGGER fail_third BEFORE INSERT ON answers WHEN NEW.question_id = 'q.03' "
        "BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END"
    )
    conn.commit()
    conn.close()
    before = store.audit_log()
    form = [AnswerInput(question_id=q, value=1) for q in QUESTIONS[:6]]
    with pytest.raises(StoreError, match="Nothing was saved"):
        store.save_answers(round_id, POLICE, form, user="pat")
    assert store.answers_for(round_id) == []
    assert store.audit_log() == before


def test_a_crash_in_the_code_in_the_middle_of_a_form_saves_nothing(
    store: Store, round_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_answer(round_id, POLICE, "q.00", value=0, expected_revision=None, user="pat")
    real_audit = Store._audit
    calls = {"n": 0}

    def crash_on_third(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the process died (simulated)")
        real_audit(*args, **kwargs)

    monkeypatch.setattr(Store, "_audit", staticmethod(crash_on_third))
    form = [AnswerInput(question_id="q.00", value=4, expected_revision=1)] + [
        AnswerInput(question_id=q, value=1) for q in QUESTIONS[1:6]
    ]
    with pytest.raises(RuntimeError):
        store.save_answers(round_id, POLICE, form, user="pat")
    monkeypatch.undo()
    [only] = store.answers_for(round_id)
    assert (only.question_id, only.value, only.revision) == ("q.00", 0, 1)


# --------------------------------------------------------------------------- audit


def test_every_change_is_in_the_audit_log_with_who_what_old_and_new(
    store: Store, round_id: str
) -> None:
    store.save_answer(
        round_id, POLICE, "q.a", value=1, evidence="Minutes", expected_revision=None, user="pat"
    )
    store.save_answer(
        round_id, POLICE, "q.a", value=3, evidence="Minutes", expected_revision=1, user="sam"
    )
    store.sync_generated_actions(round_id, [draft("q.a")], user="lee")
    store.close_round(round_id, user="lee")
    entries = [
        (e.user, e.entity, e.field, e.old_value, e.new_value)
        for e in store.audit_log(round_id=round_id)
    ]
    assert entries[0][:3] == ("setup", "round", "created")
    assert entries[1:4] == [
        ("pat", "answer", "value", None, 1),
        ("pat", "answer", "evidence", None, "Minutes"),
        ("sam", "answer", "value", 1, 3),
    ]
    assert entries[4][:3] == ("lee", "action", "created")
    assert entries[5] == ("lee", "round", "status", "open", "closed")
    times = [e.at for e in store.audit_log()]
    assert times == sorted(times)


def test_setting_up_a_partnership_is_audited(store: Store, round_id: str) -> None:
    fields = {(e.entity, e.entity_id, e.field) for e in store.audit_log()}
    assert ("partnership", "p-ashby", "created") in fields
    assert ("membership", "p-ashby/a-police", "member") in fields
    assert ("agency", "a-council", "created") in fields


def test_the_store_has_no_way_to_change_or_delete_audit_entries() -> None:
    public = [name for name in dir(Store) if not name.startswith("_")]
    audit_methods = [name for name in public if "audit" in name]
    assert audit_methods == ["audit_log"]
    assert not [n for n in public if n.startswith(("delete", "purge", "clear", "truncate"))]


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET user = 'someone else'", "DELETE FROM audit_log"],
    ids=["edit an entry", "delete entries"],
)
def test_the_database_itself_refuses_to_change_audit_entries(
    store: Store, round_id: str, statement: str
) -> None:
    before = store.audit_log()
    conn = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(statement)
    conn.close()
    assert store.audit_log() == before
