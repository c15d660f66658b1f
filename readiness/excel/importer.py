"""The strict importer for completed questionnaire packs and updated action plans.

Two steps, both pure:

1. :func:`open_workbook` checks the bytes before any XML is parsed (size, that it is a zip and
   an Excel workbook, no zip bomb), then parses it with openpyxl (which uses ``defusedxml``, so
   entity bombs are refused) and reads the hidden metadata sheet.
2. :func:`check_workbook` compares the metadata with the round it names (partnership, round,
   agency, questionnaire version, round still open), then reads every row and collects every
   problem with its sheet, cell and what is expected. When there is none it returns a
   :class:`ChangeSet`: each answer or action that would change, old and new.

Nothing is written here. The caller shows the change set and, once the user confirms, saves it
through the store (see :mod:`readiness.excel.service`).
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import Field, ValidationError

from readiness.answer_check import check_answer
from readiness.bundle import ContentBundle
from readiness.excel import layout as L
from readiness.excel.metadata import (
    KIND_LABELS,
    META_SHEET,
    WORKBOOK_VERSION,
    Frozen,
    RowStamp,
    WorkbookMeta,
    fingerprint,
    read_metadata,
)
from readiness.excel.plan import FIXED_COLUMNS, fixed_cells, fixed_values, plan_row
from readiness.excel.source import WorkbookSource
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
from readiness.models.answers import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.store.records import ActionEdit, StoredAction

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 30 * 1024 * 1024
MAX_TOTAL_BYTES = 80 * 1024 * 1024
MAX_RATIO = 150  # uncompressed / compressed, for members over 1 MB
MAX_ROWS = 5000
MAX_PROBLEMS = 200

FRESH = "Download a fresh copy from the tool and make your changes in that."


# --------------------------------------------------------------------------- results


class WorkbookProblem(Frozen):
    """One thing wrong with an uploaded workbook: where it is and what is expected."""

    sheet: str | None = None
    cell: str | None = None
    message: str

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"Sheet '{self.sheet}', cell {self.cell}"
        if self.sheet:
            return f"Sheet '{self.sheet}'"
        return "The file"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class AnswerChange(Frozen):
    """An agency's answer that the workbook would change."""

    agency_id: str
    agency_name: str
    role: str
    question_id: str
    question_text: str
    cell: str
    old: L.AnswerFields | None
    new: L.AnswerFields
    expected_revision: int | None


class FieldChange(Frozen):
    field: str
    old: str
    new: str


class ActionChange(Frozen):
    """An action whose lead, due date, status, RAG or notes the workbook would change."""

    action_id: str
    action_text: str
    cell: str
    expected_revision: int
    edit: ActionEdit
    fields: list[FieldChange]


class PreviewRow(Frozen):
    """One line of the change preview: what, which field, old value, new value."""

    item: str
    field: str
    old: str
    new: str


class ChangeSet(Frozen):
    """Everything a valid workbook would change. Applying it is the caller's job."""

    kind: str
    partnership_id: str
    round_id: str
    agency_id: str | None
    answers: list[AnswerChange] = Field(default_factory=list)
    actions: list[ActionChange] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.answers and not self.actions

    def summary(self) -> str:
        if self.is_empty:
            return "The workbook is valid. It does not change anything."
        parts = []
        if self.answers:
            n = len(self.answers)
            parts.append(f"{n} answer{'s' if n != 1 else ''}")
        if self.actions:
            n = len(self.actions)
            parts.append(f"{n} action{'s' if n != 1 else ''}")
        return f"The workbook is valid. It would change {' and '.join(parts)}."

    def preview(self, bundle: ContentBundle) -> list[PreviewRow]:
        rows: list[PreviewRow] = []
        for change in self.answers:
            question = bundle.questions.get(change.question_id)
            old = change.old or L.AnswerFields()
            item = f"{change.agency_name}: {change.question_id} {change.question_text}"
            for name, label in (
                ("value", "Answer"),
                ("na_reason", "Not applicable reason"),
                ("evidence", "Evidence"),
                ("evidence_links", "Evidence links"),
                ("comment", "Comment"),
            ):
                before, after = getattr(old, name), getattr(change.new, name)
                if before == after:
                    continue
                if name == "value":
                    shown = (L.describe_value(question, before), L.describe_value(question, after))
                elif name == "evidence_links":
                    shown = ("\n".join(before), "\n".join(after))
                else:
                    shown = (str(before), str(after))
                rows.append(
                    PreviewRow(item=item, field=label, old=shown[0] or "(empty)",
                               new=shown[1] or "(empty)")
                )
        for action in self.actions:
            for edited in action.fields:
                rows.append(
                    PreviewRow(
                        item=f"Action {action.action_id}: {action.action_text}",
                        field=edited.field,
                        old=edited.old or "(empty)",
                        new=edited.new or "(empty)",
                    )
                )
        return rows


class ImportOutcome(Frozen):
    meta: WorkbookMeta | None = None
    problems: list[WorkbookProblem] = Field(default_factory=list)
    changes: ChangeSet | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.changes is not None


@dataclass
class OpenedWorkbook:
    """A parsed workbook and its metadata."""

    workbook: Workbook
    meta: WorkbookMeta


# --------------------------------------------------------------------------- opening


def _problem(message: str, sheet: str | None = None, cell: str | None = None) -> WorkbookProblem:
    return WorkbookProblem(sheet=sheet, cell=cell, message=message)


def _sniff(data: bytes) -> str | None:
    """A problem with the bytes, found before any XML is parsed (None when they look fine)."""
    if not data:
        return "The file is empty. Choose the workbook you filled in and upload it again."
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / (1024 * 1024)
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return (
            f"The file is {size:.1f} MB, which is too big. The limit is {limit} MB: upload the "
            "workbook downloaded from this tool, without pictures or extra sheets."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "The file is in the old Excel 97-2003 (.xls) format. Save it as an Excel Workbook "
            "(.xlsx) and upload it again."
        )
    if not data.startswith(b"PK"):
        head = data[:2000]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if text and ("," in text or ";" in text or "\t" in text) and "\n" in text:
            return (
                "The file is a CSV (comma-separated text) file, not an Excel workbook, even if "
                "its name ends in .xlsx. Upload the .xlsx workbook downloaded from this tool."
            )
        return (
            "The file is not an Excel workbook (.xlsx). Upload the workbook downloaded from "
            "this tool."
        )
    return None


def _check_zip(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return (
            "The file is damaged: it is not a complete Excel workbook. Save it again from "
            "Excel or LibreOffice as .xlsx, or download a fresh copy from the tool."
        )
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return (
                f"The workbook has {len(members)} parts, more than a workbook from this tool "
                f"can have ({MAX_MEMBERS}). {FRESH}"
            )
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (
                member.file_size > 1024 * 1024 and ratio > MAX_RATIO
            ):
                return (
                    "The workbook expands to far more data than a workbook from this tool can "
                    f"hold, so it was not opened. {FRESH}"
                )
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            return (
                "The file is a zip archive but not an Excel workbook (.xlsx). Upload the "
                "workbook downloaded from this tool."
            )
    return None


def open_workbook(data: bytes) -> tuple[OpenedWorkbook | None, list[WorkbookProblem]]:
    """Parse uploaded bytes safely and read the metadata, or say why it cannot be done."""
    message = _sniff(data) or _check_zip(data)
    if message:
        return None, [_problem(message)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. Excel extensions openpyxl does not keep
            workbook = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception as exc:
        if _refused_xml(exc):
            return None, [
                _problem(
                    "The workbook contains XML definitions that are not allowed (they can be "
                    f"used to attack a server), so it was not opened. {FRESH}"
                )
            ]
        return None, [
            _problem(
                "The file could not be read as an Excel workbook: it may be damaged. Save it "
                f"again as .xlsx, or download a fresh copy from the tool. ({type(exc).__name__})"
            )
        ]
    meta = read_metadata(workbook)
    if meta is None:
        workbook.close()
        return None, [
            _problem(
                "This workbook was not made by this tool, or its hidden information sheet has "
                "been removed or changed, so it cannot be matched to a partnership and round. "
                "Download an action plan or questionnaire pack from the tool, fill that in and "
                "upload it."
            )
        ]
    return OpenedWorkbook(workbook=workbook, meta=meta), []


def _refused_xml(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (entities, DTDs), anywhere in the exception chain."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


# --------------------------------------------------------------------------- metadata


def check_metadata(
    meta: WorkbookMeta,
    bundle: ContentBundle,
    source: WorkbookSource,
    *,
    expected_partnership: str | None = None,
    expected_round: str | None = None,
) -> list[WorkbookProblem]:
    problems: list[WorkbookProblem] = []
    kind = KIND_LABELS[meta.kind]
    if meta.workbook_version != WORKBOOK_VERSION:
        problems.append(
            _problem(
                f"This {kind} was made by a different version of the tool (format "
                f"{meta.workbook_version}; this version reads format {WORKBOOK_VERSION}). {FRESH}"
            )
        )
    wanted_partnership = expected_partnership or source.partnership.id
    if meta.partnership_id != wanted_partnership:
        problems.append(
            _problem(
                f"This {kind} is for the partnership '{meta.partnership_name}' "
                f"({meta.partnership_id}), not for {source.partnership.name} "
                f"({wanted_partnership}). Upload it while working on that partnership, or "
                "download the right workbook."
            )
        )
    wanted_round = expected_round or source.round.id
    if meta.round_id != wanted_round or meta.round_id != source.round.id:
        problems.append(
            _problem(
                f"This {kind} is for the round '{meta.round_label}' ({meta.round_id}), not for "
                f"the round '{source.round.label}' ({wanted_round}). Download a workbook for "
                "this round."
            )
        )
    q = bundle.questionnaire
    if meta.questionnaire_id != q.id or meta.questionnaire_version != q.version or (
        source.round.questionnaire_version != meta.questionnaire_version
    ):
        problems.append(
            _problem(
                f"This {kind} was made for questionnaire '{meta.questionnaire_id}' version "
                f"{meta.questionnaire_version}, but the round uses "
                f"'{source.round.questionnaire_id}' version {source.round.questionnaire_version}. "
                f"The questions have changed, so it cannot be imported. {FRESH}"
            )
        )
    if source.round.status == "closed":
        problems.append(
            _problem(
                f"The round '{source.round.label}' is closed, so answers and actions can no longer "
                "be changed. Nothing was imported."
            )
        )
    if meta.agency_id is not None and source.agency(meta.agency_id) is None:
        problems.append(
            _problem(
                f"This {kind} is for the agency '{meta.agency_id}', which is not a member of "
                f"{source.partnership.name}. Download a workbook for a member agency."
            )
        )
    return problems


# --------------------------------------------------------------------------- sheet checks


AnyCell = Cell | MergedCell


def _ref(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[WorkbookProblem] = []

    def add(self, sheet: str | None, cell: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(_problem(message, sheet, cell))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)


def _check_sheet(
    wb: Workbook, name: str, headers: Sequence[str], out: _Collector
) -> Worksheet | None:
    """The sheet, with its heading row and shape checked (None when it is missing)."""
    if name not in wb.sheetnames:
        present = [s for s in wb.sheetnames if s != META_SHEET]
        out.add(
            None,
            None,
            f"The sheet '{name}' is missing. The workbook has: {', '.join(present)}. Put back or "
            f"rename the sheet to '{name}', or download a fresh copy.",
        )
        return None
    ws = wb[name]
    for column, expected in enumerate(headers, start=1):
        got = L.canonical_text(ws.cell(row=1, column=column).value)
        if got != expected:
            shown = f"'{got}'" if got else "empty"
            out.add(
                name,
                _ref(column, 1),
                f"The column heading should be '{expected}' but is {shown}. Columns must not "
                "be moved, renamed or deleted.",
            )
    for merged in ws.merged_cells.ranges:
        out.add(
            name,
            str(merged),
            f"Cells {merged} are merged. Unmerge them so each cell holds one value.",
        )
    if ws.max_row > MAX_ROWS:
        out.add(name, None, f"The sheet has {ws.max_row} rows, more than the {MAX_ROWS} allowed.")
        return None
    width = len(headers)
    if ws.max_column > width:
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=width + 1):
            for cell in row:
                if cell.value not in (None, "") and isinstance(cell, Cell):
                    out.add(
                        name,
                        cell.coordinate,
                        "This cell is outside the workbook's columns (an added column). "
                        f"Remove it: only columns A to {get_column_letter(width)} are read.",
                    )
                    break
    return ws


def _no_formula(cell: AnyCell, sheet: str, out: _Collector) -> bool:
    if isinstance(cell, Cell) and cell.data_type == "f":
        out.add(
            sheet,
            cell.coordinate,
            "This cell holds a formula. Type or choose the value itself; formulas are not "
            "imported.",
        )
        return False
    return True


def _text_cell(cell: AnyCell, sheet: str, out: _Collector) -> str:
    if not _no_formula(cell, sheet, out):
        return ""
    return L.canonical_text(_cell_text(cell.value))


def _choice(
    cell: AnyCell, sheet: str, choices: Choices, what: str, out: _Collector
) -> tuple[bool, str | None]:
    """Match a dropdown cell to its list: (ok, id or None when empty)."""
    if not _no_formula(cell, sheet, out):
        return False, None
    text = _cell_text(cell.value).strip()
    if not text:
        return True, None
    found = choices.table.get(L.normalise(text))
    if found is None:
        shown = "; ".join(f"'{v}'" for v in choices.labels)
        out.add(
            sheet,
            cell.coordinate,
            f"'{text}' is not one of the choices. Choose {what} from the list: {shown}."
            if len(choices.labels) < 30
            else f"'{text}' is not one of the choices. Choose {what} from the list.",
        )
        return False, None
    return True, found


@dataclass(frozen=True)
class Choices:
    """A dropdown list: typed text (normalised) -> id, and the labels to show."""

    table: dict[str, str]
    labels: list[str]


def _lookup(pairs: Sequence[tuple[str, str]]) -> Choices:
    """label -> id, matched loosely (case, spaces, dashes); ids match too."""
    table: dict[str, str] = {}
    for ident, label in pairs:
        table.setdefault(L.normalise(label), ident)
    for ident, _label in pairs:
        table.setdefault(L.normalise(ident), ident)
    return Choices(table=table, labels=[label for _, label in pairs])


YES_NO = _lookup([("yes", "Yes"), ("no", "No")])


def _parse_answer(
    question: Question, cell: AnyCell, sheet: str, out: _Collector
) -> tuple[bool, Any]:
    """The value in a Questions answer cell: (ok, value or None)."""
    if not _no_formula(cell, sheet, out):
        return False, None
    raw = cell.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return True, None
    where = cell.coordinate
    if isinstance(question, ScaleQuestion):
        pairs = [(str(i), label) for i, label in enumerate(L.SCALE_CHOICES)]
        if isinstance(raw, int | float) and not isinstance(raw, bool) and raw in range(5):
            return True, int(raw)
        ok, found = _choice(cell, sheet, _lookup(pairs), "a level", out)
        return ok, int(found) if ok and found is not None else None
    if isinstance(question, YesPartlyNoQuestion):
        return _choice(cell, sheet, _lookup(list(L.YPN_CHOICES.items())), "an answer", out)
    if isinstance(question, SingleChoiceQuestion):
        pairs = [(o.id, o.label) for o in question.options]
        return _choice(cell, sheet, _lookup(pairs), "one option", out)
    if isinstance(question, NumberQuestion):
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return True, int(raw) if float(raw).is_integer() else float(raw)
        try:
            number = float(str(raw).replace(",", "").strip())
        except ValueError:
            out.add(sheet, where, f"'{raw}' is not a number. {L.how_to_answer(question)}")
            return False, None
        return True, int(number) if number.is_integer() else number
    if isinstance(question, DateQuestion):
        if isinstance(raw, dt.datetime):
            return True, raw.date().isoformat()
        if isinstance(raw, dt.date):
            return True, raw.isoformat()
        out.add(
            sheet,
            where,
            f"The cell holds the text '{raw}', not a date. Enter a date, for example "
            "31/03/2026 (check the cell is not formatted as text).",
        )
        return False, None
    if isinstance(question, TextQuestion):
        return True, L.canonical_text(_cell_text(raw))
    expected = L.SEE_CHOICES if isinstance(question, MultiChoiceQuestion) else L.SEE_SOURCES
    if L.canonical_text(_cell_text(raw)) != expected:
        out.add(
            sheet,
            where,
            f"Leave this cell as '{expected}'. {L.how_to_answer(question)}",
        )
        return False, None
    return True, None


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


def _keyed_rows(
    ws: Worksheet, key_columns: Sequence[int], out: _Collector
) -> list[tuple[int, tuple[str, ...], tuple[AnyCell, ...]]]:
    """Non-empty data rows with their key (the values of ``key_columns``)."""
    rows = []
    width = max(ws.max_column, *key_columns, len(L.QUESTION_HEADERS), len(L.PLAN_HEADERS))
    for index, cells in enumerate(
        ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=width), start=2
    ):
        typed = tuple(cells)
        if all(c.value in (None, "") for c in typed):
            continue
        key = tuple(_cell_text(typed[k - 1].value).strip() if k <= len(typed) else ""
                    for k in key_columns)
        rows.append((index, key, typed))
    return rows


def _pack_changes(
    opened: OpenedWorkbook, bundle: ContentBundle, source: WorkbookSource, out: _Collector
) -> list[AnswerChange]:
    wb, meta = opened.workbook, opened.meta
    qs = _check_sheet(wb, L.QUESTIONS, L.QUESTION_HEADERS, out)
    cs = _check_sheet(wb, L.CHOICES, L.CHOICE_HEADERS, out)
    ss = _check_sheet(wb, L.SOURCES, L.SOURCE_HEADERS, out)
    if qs is None or cs is None or ss is None:
        return []
    stamps = meta.stamps(L.QUESTIONS)
    parsed: dict[str, _PackRow] = {}
    for row, (agency_id, qid), cells in _keyed_rows(qs, (L.Q_AGENCY_ID, L.Q_REF), out):
        key = f"{agency_id}/{qid}"
        where = _ref(L.Q_REF, row)
        if key not in stamps:
            out.add(
                L.QUESTIONS, where,
                f"Row {row} (question '{qid}', agency id '{agency_id}') was not in the workbook "
                "when it was downloaded. Do not add rows or change the question ref or agency "
                "id columns.",
            )
            continue
        if key in parsed:
            out.add(
                L.QUESTIONS, where,
                f"Question '{qid}' for this agency appears twice (rows {parsed[key].row} and "
                f"{row}). Delete the extra row.",
            )
            continue
        question = bundle.questions[qid]
        ok, value = _parse_answer(question, cells[L.Q_ANSWER - 1], L.QUESTIONS, out)
        links = _text_cell(cells[L.Q_LINKS - 1], L.QUESTIONS, out)
        parsed[key] = _PackRow(
            agency_id=agency_id,
            question=question,
            row=row,
            value=value,
            na_reason=_text_cell(cells[L.Q_NA - 1], L.QUESTIONS, out),
            evidence=_text_cell(cells[L.Q_EVIDENCE - 1], L.QUESTIONS, out),
            links=[line.strip() for line in links.splitlines() if line.strip()],
            comment=_text_cell(cells[L.Q_COMMENT - 1], L.QUESTIONS, out),
            ok=ok,
        )
    for key in stamps:
        if key not in parsed:
            agency_id, qid = key.split("/", 1)
            agency = source.agency(agency_id)
            out.add(
                L.QUESTIONS, None,
                f"The row for question '{qid}' ({agency.name if agency else agency_id}) is "
                "missing. Do not delete rows: leave the answer empty instead. Put the row back "
                "or download a fresh copy.",
            )
    _read_choices(cs, parsed, out)
    _read_sources(ss, parsed, out)
    return _answer_changes(bundle, source, parsed, stamps, out)


def _read_choices(ws: Worksheet, parsed: dict[str, _PackRow], out: _Collector) -> None:
    ticks: dict[str, dict[str, bool | None]] = {}
    for row, (agency_id, qid, option_id), cells in _keyed_rows(
        ws, (L.C_AGENCY_ID, L.C_REF, L.C_OPTION_ID), out
    ):
        key = f"{agency_id}/{qid}"
        target = parsed.get(key)
        question = target.question if target else None
        if target is None or not isinstance(question, MultiChoiceQuestion) or option_id not in {
            o.id for o in question.options
        }:
            out.add(
                L.CHOICES, _ref(L.C_REF, row),
                f"Row {row} (question '{qid}', option '{option_id}') was not in the workbook when "
                "it was downloaded. Do not add rows or change the ref or id columns.",
            )
            continue
        ok, found = _choice(cells[L.C_TICKED - 1], L.CHOICES, YES_NO, "Yes or No", out)
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
                L.CHOICES, None,
                f"The rows for question '{question.id}' option(s) {'; '.join(missing)} are "
                "missing. Do not delete rows: choose No instead.",
            )
            target.ok = False
            continue
        if all(v is None for v in given.values()):
            target.value = None
        else:
            target.value = [o.id for o in question.options if given.get(o.id)]


_AVAILABILITY = _lookup(list(AVAILABILITY_LABELS.items()))
_TIMELINESS = _lookup(list(TIMELINESS_LABELS.items()))
_GRANULARITY = _lookup(list(GRANULARITY_LABELS.items()))


def _read_sources(ws: Worksheet, parsed: dict[str, _PackRow], out: _Collector) -> None:
    found_rows: dict[str, dict[str, dict[str, Any]]] = {}
    seen: dict[str, set[str]] = {}
    for row, (agency_id, qid, source_id), cells in _keyed_rows(
        ws, (L.S_AGENCY_ID, L.S_REF, L.S_SOURCE_ID), out
    ):
        key = f"{agency_id}/{qid}"
        target = parsed.get(key)
        question = target.question if target else None
        if target is None or not isinstance(question, DataSourceMatrixQuestion) or (
            source_id not in {s.id for s in question.sources}
        ):
            out.add(
                L.SOURCES, _ref(L.S_REF, row),
                f"Row {row} (question '{qid}', source '{source_id}') was not in the workbook "
                "when it was downloaded. Do not add rows or change the ref or id columns.",
            )
            continue
        seen.setdefault(key, set()).add(source_id)
        results = [
            _choice(cells[L.S_AVAILABILITY - 1], L.SOURCES, _AVAILABILITY, "the availability", out),
            _choice(cells[L.S_TIMELINESS - 1], L.SOURCES, _TIMELINESS, "how recent it is", out),
            _choice(cells[L.S_GRANULARITY - 1], L.SOURCES, _GRANULARITY, "the geography", out),
            _choice(cells[L.S_AGREEMENT - 1], L.SOURCES, YES_NO, "Yes or No", out),
            _choice(cells[L.S_USED - 1], L.SOURCES, YES_NO, "Yes or No", out),
        ]
        if not all(ok for ok, _ in results):
            target.ok = False
            continue
        availability, timeliness, granularity, agreement, used = (v for _, v in results)
        if availability is None:
            if any(v is not None for v in (timeliness, granularity)) or "yes" in (agreement, used):
                out.add(
                    L.SOURCES, _ref(L.S_AVAILABILITY, row),
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
                L.SOURCES, None,
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
    out: _Collector,
) -> list[AnswerChange]:
    changes: list[AnswerChange] = []
    nation = source.partnership.nation
    current = source.answers_by_key()
    for key, item in parsed.items():
        if not item.ok:
            continue
        question = item.question
        new = L.canonical_answer(
            question, value=item.value, na_reason=item.na_reason, evidence=item.evidence,
            evidence_links=item.links, comment=item.comment,
        )
        stamp = stamps[key]
        if new.digest() == stamp.fingerprint:
            continue  # untouched since download
        agency = source.agency(item.agency_id)
        if agency is None:
            out.add(L.QUESTIONS, _ref(L.Q_AGENCY_ID, item.row),
                    f"The agency '{item.agency_id}' is no longer a member of the partnership.")
            continue
        cell = _ref(L.Q_ANSWER, item.row)
        if not new.is_empty:
            answer = Answer(
                agency=agency.name, role=agency.role_id, question_id=question.id,
                value=new.value, na_reason=new.na_reason, evidence=new.evidence,
                evidence_links=new.evidence_links, comment=new.comment,
            )
            messages = check_answer(bundle, answer, nation)
            for message in messages:
                out.add(L.QUESTIONS, cell, f"Question '{question.id}': {message}")
            if messages:
                continue
        stored = current.get((item.agency_id, question.id))
        old = (
            L.canonical_answer(
                question, value=stored.value, na_reason=stored.na_reason,
                evidence=stored.evidence, evidence_links=stored.evidence_links,
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
            when = stored.updated_at.strftime("%d/%m/%Y at %H:%M") if stored else "recently"
            out.add(
                L.QUESTIONS, cell,
                f"{who} the answer to '{question.id}' for {agency.name} in the tool on {when}, "
                "after this workbook was downloaded. To avoid overwriting their answer, "
                "download a fresh copy and copy your answer into it.",
            )
            continue
        changes.append(
            AnswerChange(
                agency_id=agency.id, agency_name=agency.name, role=agency.role_id,
                question_id=question.id, question_text=question.text, cell=cell, old=old,
                new=new, expected_revision=revision,
            )
        )
    return changes


# --------------------------------------------------------------------------- action plan


def _plan_changes(
    opened: OpenedWorkbook, bundle: ContentBundle, source: WorkbookSource, out: _Collector
) -> list[ActionChange]:
    ws = _check_sheet(opened.workbook, L.PLAN, L.PLAN_HEADERS, out)
    if ws is None:
        return []
    stamps = opened.meta.stamps(L.PLAN)
    actions = {a.id: a for a in source.actions}
    agencies = {a.id: a for a in source.agencies}
    statuses = _lookup([(s, s) for s in L.STATUS_CHOICES])
    rags = _lookup([(r, r) for r in L.RAG_CHOICES])
    changes: list[ActionChange] = []
    seen: set[str] = set()
    for row, (action_id,), cells in _keyed_rows(ws, (L.P_REF,), out):
        if action_id not in stamps:
            out.add(
                L.PLAN, _ref(L.P_REF, row),
                f"Row {row} (reference '{action_id}') was not in the plan when it was downloaded. "
                "Add new actions in the tool, and do not change the Reference column.",
            )
            continue
        if action_id in seen:
            out.add(L.PLAN, _ref(L.P_REF, row),
                    f"Action '{action_id}' appears twice. Delete the extra row.")
            continue
        seen.add(action_id)
        stamp = stamps[action_id]
        ok = True
        for column in (L.P_LEAD, L.P_NOTES, *FIXED_COLUMNS):
            ok = _no_formula(cells[column - 1], L.PLAN, out) and ok
        lead = L.canonical_text(_cell_text(cells[L.P_LEAD - 1].value))
        notes = L.canonical_text(_cell_text(cells[L.P_NOTES - 1].value))
        due_ok, due = _due(cells[L.P_DUE - 1], out)
        status_ok, status = _choice(cells[L.P_STATUS - 1], L.PLAN, statuses, "a status", out)
        rag_ok, rag = _choice(cells[L.P_RAG - 1], L.PLAN, rags, "Red, Amber or Green", out)
        if status_ok and status is None:
            out.add(L.PLAN, _ref(L.P_STATUS, row),
                    "Choose a status from the list: " + ", ".join(L.STATUS_CHOICES) + ".")
            status_ok = False
        current = actions.get(action_id)
        typed = [c.value for c in cells[: len(L.PLAN_HEADERS)]]
        written = fixed_values(
            [v if not isinstance(v, float) or not v.is_integer() else int(v) for v in typed]
        )
        if fixed_cells(written) != stamp.fixed:
            _fixed_problem(bundle, row, typed, current=current, agencies=agencies, out=out)
            ok = False
        if not (ok and due_ok and status_ok and rag_ok):
            continue
        editable = (lead, due, status or "", rag or "", notes)
        if fingerprint(*editable) == stamp.fingerprint:
            continue
        if current is None or not current.is_current:
            out.add(L.PLAN, _ref(L.P_REF, row),
                    f"Action '{action_id}' is no longer on the plan in the tool, so it cannot be "
                    f"updated. {FRESH}")
            continue
        fields = _action_fields(
            current, lead=lead, due=due, status=status or "", rag=rag or "", notes=notes
        )
        if not fields:
            continue
        if current.revision != stamp.revision:
            out.add(
                L.PLAN, _ref(L.P_REF, row),
                f"{current.updated_by} changed action '{action_id}' in the tool on "
                f"{current.updated_at.strftime('%d/%m/%Y at %H:%M')}, after this workbook was "
                "downloaded. To avoid overwriting their change, download a fresh copy.",
            )
            continue
        edit = ActionEdit.model_validate({name: value for name, value, _, _ in fields})
        changes.append(
            ActionChange(
                action_id=action_id, action_text=current.text, cell=_ref(L.P_REF, row),
                expected_revision=current.revision, edit=edit,
                fields=[FieldChange(field=label, old=old, new=new)
                        for _, _, label, (old, new) in ((f[0], f[1], f[2], f[3]) for f in fields)],
            )
        )
    for action_id in stamps:
        if action_id not in seen:
            out.add(
                L.PLAN, None,
                f"The row for action '{action_id}' is missing. Do not delete rows from the plan; "
                "to take an action off the plan, do it in the tool.",
            )
    return changes


def _due(cell: AnyCell, out: _Collector) -> tuple[bool, dt.date | None]:
    if not _no_formula(cell, L.PLAN, out):
        return False, None
    raw = cell.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return True, None
    if isinstance(raw, dt.datetime):
        return True, raw.date()
    if isinstance(raw, dt.date):
        return True, raw
    out.add(
        L.PLAN, cell.coordinate,
        f"The due date holds '{raw}', which is not a date. Enter a date, for example 31/03/2027 "
        "(check the cell is not formatted as text).",
    )
    return False, None


def _date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _action_fields(
    current: StoredAction, *, lead: str, due: dt.date | None, status: str, rag: str, notes: str
) -> list[tuple[str, Any, str, tuple[str, str]]]:
    """(edit field, new value, label, (old shown, new shown)) for each field that changes."""
    fields: list[tuple[str, Any, str, tuple[str, str]]] = []
    if L.canonical_text(current.lead_person) != lead:
        fields.append(("lead_person", lead, "Lead", (current.lead_person, lead)))
    if current.due != due:
        fields.append(("due", due, "Due date", (_date_text(current.due), _date_text(due))))
    if current.status != status:
        fields.append(("status", status, "Status", (current.status, status)))
    if (current.rag or "") != rag:
        fields.append(("rag", rag or None, "RAG", (current.rag or "", rag)))
    if L.canonical_text(current.notes) != notes:
        fields.append(("notes", notes, "Notes", (current.notes, notes)))
    return fields


def _fixed_problem(
    bundle: ContentBundle,
    row: int,
    typed: Sequence[object],
    *,
    current: StoredAction | None,
    agencies: dict[str, Any],
    out: _Collector,
) -> None:
    editable = "Lead, Due date, Status, RAG and Notes"
    if current is not None:
        expected = plan_row(bundle, current, agencies)
        for column in FIXED_COLUMNS:
            got, want = typed[column - 1], expected[column - 1]
            if isinstance(got, float) and got.is_integer():
                got = int(got)
            if L.canonical_text(_cell_text(got)) != L.canonical_text(_cell_text(want)):
                out.add(
                    L.PLAN, _ref(column, row),
                    f"The {L.PLAN_HEADERS[column - 1]} column cannot be changed in the workbook "
                    f"(only {editable}). Put back '{_cell_text(want)}', or make the change in "
                    "the tool.",
                )
                return
    out.add(
        L.PLAN, _ref(L.P_REF, row),
        f"Only the {editable} columns can be changed in the workbook, but another cell in row "
        f"{row} was changed. Put it back, or download a fresh copy.",
    )


# --------------------------------------------------------------------------- entry point


def check_workbook(
    opened: OpenedWorkbook,
    bundle: ContentBundle,
    source: WorkbookSource,
    *,
    expected_partnership: str | None = None,
    expected_round: str | None = None,
) -> ImportOutcome:
    """Every problem in the workbook, or the changes it would make when there are none."""
    meta = opened.meta
    problems = check_metadata(
        meta, bundle, source, expected_partnership=expected_partnership,
        expected_round=expected_round,
    )
    if problems:
        return ImportOutcome(meta=meta, problems=problems)
    out = _Collector()
    answers: list[AnswerChange] = []
    actions: list[ActionChange] = []
    try:
        if meta.kind == "questionnaire_pack":
            answers = _pack_changes(opened, bundle, source, out)
        else:
            actions = _plan_changes(opened, bundle, source, out)
    except (KeyError, ValueError, ValidationError) as exc:  # pragma: no cover - last resort
        out.add(None, None, f"The workbook could not be read ({exc}). {FRESH}")
    if out.problems:
        return ImportOutcome(meta=meta, problems=out.problems)
    return ImportOutcome(
        meta=meta,
        changes=ChangeSet(
            kind=meta.kind, partnership_id=meta.partnership_id, round_id=meta.round_id,
            agency_id=meta.agency_id, answers=answers, actions=actions,
        ),
    )
