"""``export-plan``, ``export-pack`` and ``import-workbook`` against a real database."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from readiness.cli import excel_cmds
from readiness.excel import layout as L
from readiness.store import Store
from readiness.store.records import AnswerInput, Region
from tests.excel import factory as F
from tests.excel.make_corpus import BAD, edit, row_of
from tests.excel.test_workbooks import CORPUS


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    excel_cmds.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "excel.db"
    store = Store(path)
    store.save_region(Region(id="test-region", name="Test VRU"), user="setup")
    for agency in F.agencies():
        store.save_agency(agency, user="setup")
    store.save_partnership(F.partnership(), user="setup")
    for agency in F.agencies():
        store.add_member(F.PARTNERSHIP, agency.id, user="setup")
    store.create_round(
        F.PARTNERSHIP,
        "2026/27",
        F.AS_OF,
        questionnaire_id="svd-readiness",
        questionnaire_version=F.bundle().questionnaire.version,
        user="setup",
        round_id=F.ROUND,
    )
    for agency in F.agencies():
        inputs = [
            AnswerInput(
                question_id=a.question_id,
                value=_not_top(a.value),
                evidence=a.evidence,
                evidence_links=a.evidence_links,
                comment=a.comment,
            )
            for a in F.answers()
            if a.agency_id == agency.id
        ]
        assert store.save_answers(F.ROUND, agency.id, inputs, user="setup").ok
    return path


def _not_top(value: object) -> object:
    """Scale answers below 4, so a test can raise one to 4."""
    return 3 if value == 4 else value


def _state(path: Path) -> tuple[object, ...]:
    store = Store(path)
    return (
        [a.model_dump() for a in store.answers_for(F.ROUND)],
        [a.model_dump() for a in store.actions_for(F.ROUND, include_inactive=True)],
        len(store.audit_log()),
    )


def _export(db: Path, tmp_path: Path, kind: str, *extra: str) -> Path:
    out = tmp_path / f"{kind}.xlsx"
    code = run(
        f"export-{kind}",
        "--db",
        str(db),
        "--partnership",
        F.PARTNERSHIP,
        "--round",
        F.ROUND,
        "-o",
        str(out),
        *extra,
    )
    assert code == 0
    return out


def test_export_plan_writes_a_workbook_of_the_saved_plan(db: Path, tmp_path: Path) -> None:
    out = _export(db, tmp_path, "plan")
    wb = load_workbook(out)
    refs = [c.value for c in wb["Action plan"]["A"][1:]]
    assert refs == [a.id for a in Store(db).actions_for(F.ROUND)]
    assert refs, "the round's gaps give actions"


def test_a_pack_imports_only_with_yes_and_is_audited(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _export(db, tmp_path, "pack", "--agency", F.POLICE)

    def change(wb: object) -> None:
        ws = wb[L.QUESTIONS]  # type: ignore[index]
        row = row_of(ws, "scale")
        assert ws.cell(row=row, column=L.Q_ANSWER).value != "4 - Embedded"
        ws.cell(row=row, column=L.Q_ANSWER).value = "4 - Embedded"
        ws.cell(row=row, column=L.Q_EVIDENCE).value = "Signed agreement, 2026"

    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(edit(out.read_bytes(), change))
    before = _state(db)
    assert run("import-workbook", "--db", str(db), str(filled)) == 0
    printed = capsys.readouterr().out
    assert "It would change 1 answer" in printed
    assert "-> 4 - Embedded" in printed
    assert "Nothing has been saved" in printed
    assert _state(db) == before

    assert run("import-workbook", "--db", str(db), str(filled), "--yes", "--user", "Sam") == 0
    store = Store(db)
    saved = [a for a in store.answers_for(F.ROUND, F.POLICE) if a.value == 4]
    assert any(a.evidence == "Signed agreement, 2026" and a.updated_by == "Sam" for a in saved)
    assert any(
        e.user == "Sam" and e.field == "value" and e.new_value == 4
        for e in store.audit_log(round_id=F.ROUND)
    )
    # the same file again: the answer has moved on since the download
    assert run("import-workbook", "--db", str(db), str(filled), "--yes") == 0
    assert "does not change anything" in capsys.readouterr().out


def test_action_updates_come_back_through_the_store(db: Path, tmp_path: Path) -> None:
    out = _export(db, tmp_path, "plan")

    def change(wb: object) -> None:
        ws = wb[L.PLAN]  # type: ignore[index]
        ws.cell(row=2, column=L.P_STATUS).value = "In progress"
        ws.cell(row=2, column=L.P_RAG).value = "Amber"
        ws.cell(row=2, column=L.P_DUE).value = dt.datetime(2027, 6, 30)
        ws.cell(row=2, column=L.P_NOTES).value = "Agreed at the June board"

    wb = load_workbook(io.BytesIO(out.read_bytes()))
    action_id = wb[L.PLAN]["A2"].value
    filled = tmp_path / "plan-filled.xlsx"
    filled.write_bytes(edit(out.read_bytes(), change))
    assert run("import-workbook", "--db", str(db), str(filled), "--yes") == 0
    action = Store(db).get_action(F.ROUND, str(action_id))
    assert (action.status, action.rag, action.due, action.notes) == (
        "In progress",
        "Amber",
        dt.date(2027, 6, 30),
        "Agreed at the June board",
    )
    assert action.due_edited


@pytest.mark.parametrize(
    ("name", "status", "expected"), CORPUS, ids=[c[0].removesuffix(".xlsx") for c in CORPUS]
)
def test_a_bad_file_changes_nothing_in_the_database(
    db: Path, name: str, status: str | None, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if status == "closed":
        Store(db).close_round(F.ROUND, user="setup")
    before = _state(db)
    assert run("import-workbook", "--db", str(db), str(BAD / name), "--yes") == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err
    assert "Traceback" not in err
    assert _state(db) == before


def test_a_workbook_for_a_round_not_in_the_database_is_named(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("import-workbook", "--db", str(db), str(BAD / "other-round.xlsx")) == 1
    assert "not in this database" in capsys.readouterr().err


def test_export_refuses_a_round_of_another_partnership(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        "export-plan",
        "--db",
        str(db),
        "--partnership",
        "other",
        "--round",
        F.ROUND,
        "-o",
        str(tmp_path / "x.xlsx"),
    )
    assert code == 1
    assert "belongs to the partnership test-csp" in capsys.readouterr().err


def test_a_conflict_found_when_saving_leaves_the_whole_workbook_unsaved(
    db: Path, tmp_path: Path
) -> None:
    """Someone edits an action in the tool between the preview and "Save these changes": the
    answers in the same import are not saved either, and the conflict is named."""
    from readiness.excel import service
    from readiness.store.records import ActionEdit

    pack = _export(db, tmp_path, "pack", "--agency", F.POLICE)
    plan = _export(db, tmp_path, "plan")

    def raise_one_answer(wb: object) -> None:
        ws = wb[L.QUESTIONS]  # type: ignore[index]
        ws.cell(row=row_of(ws, "scale"), column=L.Q_ANSWER).value = "4 - Embedded"

    def update_one_action(wb: object) -> None:
        wb[L.PLAN].cell(row=2, column=L.P_NOTES).value = "Agreed at the June board"  # type: ignore[index]

    store, bundle = Store(db), F.bundle()
    answers = service.preview_upload(store, bundle, edit(pack.read_bytes(), raise_one_answer))
    actions = service.preview_upload(store, bundle, edit(plan.read_bytes(), update_one_action))
    assert answers.changes is not None
    assert actions.changes is not None
    assert (len(answers.changes.answers), len(actions.changes.actions)) == (1, 1)
    mixed = answers.changes.model_copy(update={"actions": actions.changes.actions})
    [change] = actions.changes.actions
    store.update_action(
        F.ROUND,
        change.action_id,
        ActionEdit(rag="Red"),
        expected_revision=change.expected_revision,
        user="colleague",
    )
    before = _state(db)
    result = service.apply_changes(store, mixed, user="Sam")
    assert not result.ok
    assert (result.answers_saved, result.actions_saved) == (0, 0)
    assert result.summary().startswith("Nothing from the workbook was saved. colleague changed")
    assert _state(db) == before

    ok = service.apply_changes(store, answers.changes, user="Sam")  # the answers on their own
    assert ok.ok
    assert ok.summary() == "Saved 1 answer(s) and 0 action update(s)."
