"""Reading a completed questionnaire pack: each answer row checked against its question, the
Choices and Data sources sheets, and the answers that would change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from readiness.answer_check import check_answer
from readiness.bundle import ContentBundle
from readiness.excel import layout as L
from readiness.excel.cells import (
    YES_NO,
    AnyCell,
    Collector,
    OpenedWorkbook,
    cell_text,
    check_sheet,
    choices_of,
    keyed_rows,
    no_formula,
    read_choice,
    ref,
    text_cell,
)
from readiness.excel.changes import (
    AnswerChange,
)
from readiness.excel.metadata import (
    RowStamp,
)
from readiness.excel.source import WorkbookSource
from readiness.labels import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.models import (
    Answer,
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesPartlyNoQuestion,
)
from readiness.uk_time import uk_short


def _parse_answer(
    question: Question, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    """The value in a Questions answer cell: (ok, value or None)."""
    if not no_formula(cell, sheet, out):
        return False, None
    raw = cell.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return True, None
    return CELL_READERS[question.type](question, raw, cell, sheet, out)


def _cell_scale(
    question: ScaleQuestion, raw: Any, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    pairs = [(str(i), label) for i, label in enumerate(L.SCALE_CHOICES)]
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw in range(5):
        return True, int(raw)
    ok, found = read_choice(cell, sheet, choices_of(pairs), "a level", out)
    return ok, int(found) if ok and found is not None else None


def _cell_yes_partly_no(
    question: YesPartlyNoQuestion, raw: Any, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    return read_choice(cell, sheet, choices_of(list(L.YPN_CHOICES.items())), "an answer", out)


def _cell_single(
    question: SingleChoiceQuestion, raw: Any, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    pairs = [(o.id, o.label) for o in question.options]
    return read_choice(cell, sheet, choices_of(pairs), "one option", out)


def _cell_number(
    question: NumberQuestion, raw: Any, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return True, int(raw) if float(raw).is_integer() else float(raw)
    try:
        number = float(str(raw).replace(",", "").strip())
    except ValueError:
        out.add(sheet, cell.coordinate, f"'{raw}' is not a number. {L.how_to_answer(question)}")
        return False, None
    return True, int(number) if number.is_integer() else number


def _cell_date(
    question: DateQuestion, raw: Any, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    if isinstance(raw, dt.datetime):
        return True, raw.date().isoformat()
    if isinstance(raw, dt.date):
        return True, raw.isoformat()
    out.add(
        sheet,
        cell.coordinate,
        f"The cell holds the text '{raw}', not a date. Enter a date, for example "
        "31/03/2026 (check the cell is not formatted as text).",
    )
    return False, None


def _cell_text(
    question: TextQuestion, raw: Any, cell: AnyCell, sheet: str, out: Collector
) -> tuple[bool, Any]:
    return True, L.canonical_text(cell_text(raw))


def _cell_elsewhere(
    question: MultiChoiceQuestion | DataSourceMatrixQuestion,
    raw: Any,
    cell: AnyCell,
    sheet: str,
    out: Collector,
) -> tuple[bool, Any]:
    """Multiple choice and data sources are answered on their own sheets: the cell says so."""
    expected = L.SEE_CHOICES if isinstance(question, MultiChoiceQuestion) else L.SEE_SOURCES
    if L.canonical_text(cell_text(raw)) != expected:
        out.add(
            sheet,
            cell.coordinate,
            f"Leave this cell as '{expected}'. {L.how_to_answer(question)}",
        )
        return False, None
    return True, None


# How each question type's answer cell on the Questions sheet is read: (ok, value or None).
CELL_READERS: Mapping[str, Callable[[Any, Any, AnyCell, str, Collector], tuple[bool, Any]]] = {
    "scale": _cell_scale,
    "yes_partly_no": _cell_yes_partly_no,
    "single_choice": _cell_single,
    "multi_choice": _cell_elsewhere,
    "number": _cell_number,
    "date": _cell_date,
    "text": _cell_text,
    "sna_data_sources": _cell_elsewhere,
}


@dataclass
class _PackRow:
    agency_id: str
    question: Question
    row: int
    value: Any = None
    na_reason: str = ""
    evidence: str = ""
    links: list[str] = field(default_factory=list)
    comment: str = ""
    ok: bool = True


def pack_changes(
    opened: OpenedWorkbook, bundle: ContentBundle, source: WorkbookSource, out: Collector
) -> list[AnswerChange]:
    wb, meta = opened.workbook, opened.meta
    qs = check_sheet(wb, L.QUESTIONS, L.QUESTION_HEADERS, out, L.QUESTION_INFO_HEADERS)
    cs = check_sheet(wb, L.CHOICES, L.CHOICE_HEADERS, out)
    ss = check_sheet(wb, L.SOURCES, L.SOURCE_HEADERS, out)
    if qs is None or cs is None or ss is None:
        return []
    stamps = meta.stamps(L.QUESTIONS)
    parsed: dict[str, _PackRow] = {}
    for row, (agency_id, qid), cells in keyed_rows(qs, (L.Q_AGENCY_ID, L.Q_REF), out):
        key = f"{agency_id}/{qid}"
        where = ref(L.Q_REF, row)
        if key not in stamps:
            out.add(
                L.QUESTIONS,
                where,
                f"Row {row} (question '{qid}', agency id '{agency_id}') was not in the workbook "
                "when it was downloaded. Do not add rows or change the question ref or agency "
                "id columns.",
            )
            continue
        if key in parsed:
            out.add(
                L.QUESTIONS,
                where,
                f"Question '{qid}' for this agency appears twice (rows {parsed[key].row} and "
                f"{row}). Delete the extra row.",
            )
            continue
        question = bundle.questions[qid]
        ok, value = _parse_answer(question, cells[L.Q_ANSWER - 1], L.QUESTIONS, out)
        links = text_cell(cells[L.Q_LINKS - 1], L.QUESTIONS, out)
        parsed[key] = _PackRow(
            agency_id=agency_id,
            question=question,
            row=row,
            value=value,
            na_reason=text_cell(cells[L.Q_NA - 1], L.QUESTIONS, out),
            evidence=text_cell(cells[L.Q_EVIDENCE - 1], L.QUESTIONS, out),
            links=[line.strip() for line in links.splitlines() if line.strip()],
            comment=text_cell(cells[L.Q_COMMENT - 1], L.QUESTIONS, out),
            ok=ok,
        )
    for key in stamps:
        if key not in parsed:
            agency_id, qid = key.split("/", 1)
            agency = source.agency(agency_id)
            out.add(
                L.QUESTIONS,
                None,
                f"The row for question '{qid}' ({agency.name if agency else agency_id}) is "
                "missing. Do not delete rows: leave the answer empty instead. Put the row back "
                "or download a fresh copy.",
            )
    _read_choices(cs, parsed, out)
    _read_sources(ss, parsed, out)
    return _answer_changes(bundle, source, parsed, stamps, out)


def _read_choices(ws: Worksheet, parsed: dict[str, _PackRow], out: Collector) -> None:
    ticks: dict[str, dict[str, bool | None]] = {}
    for row, (agency_id, qid, option_id), cells in keyed_rows(
        ws, (L.C_AGENCY_ID, L.C_REF, L.C_OPTION_ID), out
    ):
        key = f"{agency_id}/{qid}"
        target = parsed.get(key)
        question = target.question if target else None
        if (
            target is None
            or not isinstance(question, MultiChoiceQuestion)
            or option_id not in {o.id for o in question.options}
        ):
            out.add(
                L.CHOICES,
                ref(L.C_REF, row),
                f"Row {row} (question '{qid}', option '{option_id}') was not in the workbook when "
                "it was downloaded. Do not add rows or change the ref or id columns.",
            )
            continue
        ok, found = read_choice(cells[L.C_TICKED - 1], L.CHOICES, YES_NO, "Yes or No", out)
        if not ok:
            target.ok = False
            continue
        ticks.setdefault(key, {})[option_id] = None if found is None else found == "yes"
    for key, target in parsed.items():
        question = target.question
        if not isinstance(question, MultiChoiceQuestion):
            continue
        given = ticks.get(key, {})
        missing = [o.label for o in question.options if o.id not in given]
        if missing and target.ok:
            out.add(
                L.CHOICES,
                None,
                f"The rows for question '{question.id}' option(s) {'; '.join(missing)} are "
                "missing. Do not delete rows: choose No instead.",
            )
            target.ok = False
            continue
        if all(v is None for v in given.values()):
            target.value = None
        else:
            target.value = [o.id for o in question.options if given.get(o.id)]


_AVAILABILITY = choices_of(list(AVAILABILITY_LABELS.items()))
_TIMELINESS = choices_of(list(TIMELINESS_LABELS.items()))
_GRANULARITY = choices_of(list(GRANULARITY_LABELS.items()))


def _read_sources(ws: Worksheet, parsed: dict[str, _PackRow], out: Collector) -> None:
    found_rows: dict[str, dict[str, dict[str, Any]]] = {}
    seen: dict[str, set[str]] = {}
    for row, (agency_id, qid, source_id), cells in keyed_rows(
        ws, (L.S_AGENCY_ID, L.S_REF, L.S_SOURCE_ID), out
    ):
        key = f"{agency_id}/{qid}"
        target = parsed.get(key)
        question = target.question if target else None
        if (
            target is None
            or not isinstance(question, DataSourceMatrixQuestion)
            or (source_id not in {s.id for s in question.sources})
        ):
            out.add(
                L.SOURCES,
                ref(L.S_REF, row),
                f"Row {row} (question '{qid}', source '{source_id}') was not in the workbook "
                "when it was downloaded. Do not add rows or change the ref or id columns.",
            )
            continue
        seen.setdefault(key, set()).add(source_id)
        results = [
            read_choice(
                cells[L.S_AVAILABILITY - 1], L.SOURCES, _AVAILABILITY, "the availability", out
            ),
            read_choice(cells[L.S_TIMELINESS - 1], L.SOURCES, _TIMELINESS, "how recent it is", out),
            read_choice(cells[L.S_GRANULARITY - 1], L.SOURCES, _GRANULARITY, "the geography", out),
            read_choice(cells[L.S_AGREEMENT - 1], L.SOURCES, YES_NO, "Yes or No", out),
            read_choice(cells[L.S_USED - 1], L.SOURCES, YES_NO, "Yes or No", out),
        ]
        if not all(ok for ok, _ in results):
            target.ok = False
            continue
        availability, timeliness, granularity, agreement, used = (v for _, v in results)
        if availability is None:
            if any(v is not None for v in (timeliness, granularity)) or "yes" in (agreement, used):
                out.add(
                    L.SOURCES,
                    ref(L.S_AVAILABILITY, row),
                    "Choose the availability of this data source, or clear the whole row.",
                )
                target.ok = False
            continue
        found_rows.setdefault(key, {})[source_id] = {
            "availability": availability,
            "timeliness": timeliness or "unknown",
            "granularity": granularity or "none",
            "agreement": agreement == "yes",
            "used_in_sna": used == "yes",
        }
    for key, target in parsed.items():
        question = target.question
        if not isinstance(question, DataSourceMatrixQuestion):
            continue
        missing = [s.name for s in question.sources if s.id not in seen.get(key, set())]
        if missing and target.ok:
            out.add(
                L.SOURCES,
                None,
                f"The rows for data source(s) {'; '.join(missing)} are missing. Do not delete "
                "rows: leave the availability empty instead.",
            )
            target.ok = False
            continue
        target.value = found_rows.get(key) or None


def _answer_changes(
    bundle: ContentBundle,
    source: WorkbookSource,
    parsed: dict[str, _PackRow],
    stamps: dict[str, RowStamp],
    out: Collector,
) -> list[AnswerChange]:
    changes: list[AnswerChange] = []
    nation = source.partnership.nation
    current = source.answers_by_key()
    for key, item in parsed.items():
        if not item.ok:
            continue
        question = item.question
        new = L.canonical_answer(
            question,
            value=item.value,
            na_reason=item.na_reason,
            evidence=item.evidence,
            evidence_links=item.links,
            comment=item.comment,
        )
        stamp = stamps[key]
        if new.digest() == stamp.fingerprint:
            continue  # untouched since download
        agency = source.agency(item.agency_id)
        if agency is None:
            out.add(
                L.QUESTIONS,
                ref(L.Q_AGENCY_ID, item.row),
                f"The agency '{item.agency_id}' is no longer a member of the partnership.",
            )
            continue
        cell = ref(L.Q_ANSWER, item.row)
        if not new.is_empty:
            answer = Answer(
                agency=agency.name,
                role=agency.role_id,
                question_id=question.id,
                value=new.value,
                na_reason=new.na_reason,
                evidence=new.evidence,
                evidence_links=new.evidence_links,
                comment=new.comment,
            )
            messages = check_answer(bundle, answer, nation)
            for message in messages:
                out.add(L.QUESTIONS, cell, f"Question '{question.id}': {message}")
            if messages:
                continue
        stored = current.get((item.agency_id, question.id))
        old = (
            L.canonical_answer(
                question,
                value=stored.value,
                na_reason=stored.na_reason,
                evidence=stored.evidence,
                evidence_links=stored.evidence_links,
                comment=stored.comment,
            )
            if stored
            else None
        )
        if (old or L.AnswerFields()) == new:
            continue  # already saved in the tool
        revision = stored.revision if stored else None
        if revision != stamp.revision:
            who = f"{stored.updated_by} changed" if stored else "Someone removed"
            when = f"{uk_short(stored.updated_at)} (UK time)" if stored else "recently"
            out.add(
                L.QUESTIONS,
                cell,
                f"{who} the answer to '{question.id}' for {agency.name} in the tool on {when}, "
                "after this workbook was downloaded. To avoid overwriting their answer, "
                "download a fresh copy and copy your answer into it.",
            )
            continue
        changes.append(
            AnswerChange(
                agency_id=agency.id,
                agency_name=agency.name,
                role=agency.role_id,
                question_id=question.id,
                question_text=question.text,
                cell=cell,
                old=old,
                new=new,
                expected_revision=revision,
            )
        )
    return changes
