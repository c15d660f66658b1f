"""The questionnaire pack says, beside each answered question, who last changed it and when.

The two columns are for reading only: the importer never reads them, an edit in them changes
nothing, and a column added after them (or over them with another heading) is still refused.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from openpyxl import Workbook, load_workbook

from readiness.excel import build_pack, check_workbook, open_workbook
from readiness.excel import layout as L
from readiness.excel.importer import ImportOutcome
from readiness.store.records import StoredAnswer
from readiness.uk_time import uk_clock
from tests.excel import factory as F
from tests.excel.make_corpus import edit

JO = "Jo Bloggs <jo.bloggs@police.example.gov.uk>"
SAM = "Sam Patel <sam.patel@council.example.gov.uk>"
JO_WHEN = dt.datetime(2026, 11, 30, 16, 45, tzinfo=dt.UTC)
SAM_WHEN = dt.datetime(2026, 10, 2, 9, 5, tzinfo=dt.UTC)


def _answers() -> list[StoredAnswer]:
    """The factory's answers, the police ones changed by Jo and the council's by Sam."""
    people = {F.POLICE: (JO, JO_WHEN), F.COUNCIL: (SAM, SAM_WHEN)}
    out = []
    for answer in F.answers():
        who, when = people.get(answer.agency_id, (answer.updated_by, answer.updated_at))
        out.append(answer.model_copy(update={"updated_by": who, "updated_at": when}))
    return out


def _pack() -> bytes:
    source = F.source().model_copy(update={"answers": _answers()})
    return build_pack(F.bundle(), source, generated_at=F.GENERATED)


def _check(data: bytes) -> ImportOutcome:
    opened, problems = open_workbook(data)
    assert opened is not None, problems
    source = F.source().model_copy(update={"answers": _answers()})
    return check_workbook(opened, F.bundle(), source)


def _rows(data: bytes) -> dict[tuple[str, str], tuple[object, object]]:
    ws = load_workbook(io.BytesIO(data))[L.QUESTIONS]
    return {
        (
            str(ws.cell(row=r, column=L.Q_AGENCY_ID).value),
            str(ws.cell(row=r, column=L.Q_REF).value),
        ): (
            ws.cell(row=r, column=L.Q_CHANGED_BY).value,
            ws.cell(row=r, column=L.Q_CHANGED_ON).value,
        )
        for r in range(2, ws.max_row + 1)
    }


def test_each_answered_question_names_who_last_changed_it_and_when() -> None:
    data = _pack()
    ws = load_workbook(io.BytesIO(data))[L.QUESTIONS]
    assert ws.cell(row=1, column=L.Q_CHANGED_BY).value == "Last changed by"
    assert ws.cell(row=1, column=L.Q_CHANGED_ON).value == "Last changed on"
    assert ws.cell(row=2, column=L.Q_CHANGED_ON).number_format == "dd/mm/yyyy hh:mm"

    rows = _rows(data)
    answered = {(a.agency_id, a.question_id): a for a in _answers()}
    assert len(answered) > 10
    for key, (who, when) in rows.items():
        stored = answered.get(key)
        if stored is None:  # not answered yet: nothing to say
            assert (who, when) == (None, None), key
        else:
            assert who == stored.updated_by, key
            assert when == uk_clock(stored.updated_at), key
    police = [who for (agency, _), (who, _) in rows.items() if agency == F.POLICE and who]
    council = [who for (agency, _), (who, _) in rows.items() if agency == F.COUNCIL and who]
    assert police
    assert set(police) == {JO}
    assert council
    assert set(council) == {SAM}
    assert (JO, JO_WHEN.replace(tzinfo=None)) in rows.values()  # GMT in November: as stored


def test_the_time_is_on_the_uk_clock_an_hour_ahead_of_utc_in_summer() -> None:
    """Sam saved at 09:05 UTC on 2 October, which people in the UK saw as 10:05 (BST)."""
    assert SAM_WHEN.hour == 9
    rows = _rows(_pack())
    assert (SAM, dt.datetime(2026, 10, 2, 10, 5)) in rows.values()
    assert (SAM, SAM_WHEN.replace(tzinfo=None)) not in rows.values()


def test_the_instructions_say_the_columns_are_for_reading_only() -> None:
    ws = load_workbook(io.BytesIO(_pack())).worksheets[0]
    text = " ".join(str(c.value) for c in ws["A"] if c.value)
    assert "'Last changed by' and 'Last changed on'" in text
    assert "(UK time)" in text
    assert "not saved" in text


def test_a_pack_with_the_columns_imports_with_no_changes() -> None:
    outcome = _check(_pack())
    assert outcome.problems == []
    assert outcome.changes is not None
    assert outcome.changes.is_empty


def _overwrite(column: int, row: int, value: str) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb[L.QUESTIONS].cell(row=row, column=column).value = value

    return change


def test_typing_over_who_changed_an_answer_is_ignored() -> None:
    data = edit(_pack(), _overwrite(L.Q_CHANGED_BY, 2, "Somebody else"))
    data = edit(data, _overwrite(L.Q_CHANGED_ON, 3, "yesterday"))
    outcome = _check(data)
    assert outcome.problems == []
    assert outcome.changes is not None
    assert outcome.changes.is_empty


def test_a_column_added_after_them_is_still_refused() -> None:
    outcome = _check(edit(_pack(), _overwrite(L.Q_CHANGED_ON + 1, 4, "My notes")))
    assert outcome.changes is None
    assert any("an added column" in str(p) for p in outcome.problems)


def test_their_heading_replaced_by_another_makes_them_an_added_column() -> None:
    data = edit(_pack(), _overwrite(L.Q_CHANGED_BY, 1, "My notes"))
    outcome = _check(data)
    assert outcome.changes is None
    assert any("an added column" in str(p) for p in outcome.problems)


def test_a_pack_made_before_the_columns_existed_still_imports() -> None:
    def drop_columns(wb: Workbook) -> None:
        wb[L.QUESTIONS].delete_cols(L.Q_CHANGED_BY, 2)

    outcome = _check(edit(_pack(), drop_columns))
    assert outcome.problems == []
    assert outcome.changes is not None
    assert outcome.changes.is_empty
