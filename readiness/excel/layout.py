"""The shape of the workbooks (sheet names, headings, dropdown lists) and the answer codec.

Both the writers and the importer use this module, so what is written is exactly what is read
back: an answer written to a pack and read again gives the same canonical answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import Field, ValidationError

from readiness.excel.metadata import Frozen, fingerprint
from readiness.excel.safe import clean_text
from readiness.labels import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.models import (
    LEVEL_LABELS,
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    YesPartlyNoQuestion,
)
from readiness.models.answers import (
    SourceAnswer,
)
from readiness.store.records import ACTION_STATUSES, RAGS

# --------------------------------------------------------------------------- sheet names

INSTRUCTIONS = "How to fill in"
QUESTIONS = "Questions"
CHOICES = "Choices"
SOURCES = "Data sources"
LISTS = "Lists"
SUMMARY = "Summary"
PLAN = "Action plan"
RESPONSES = "Responses"
SNA_GAPS = "SNA gaps"
DISAGREEMENTS = "Disagreements"
ABOUT = "About"
PLAN_TABLE = "ActionPlan"

QUESTION_HEADERS = [
    "Agency",
    "Question ref",
    "Domain",
    "Question",
    "Guidance",
    "How to answer",
    "Answer",
    "Not applicable reason",
    "Evidence",
    "Evidence links (one per line)",
    "Comment",
    "Agency ID",
]
Q_AGENCY, Q_REF, Q_DOMAIN, Q_TEXT, Q_GUIDANCE, Q_HOW = 1, 2, 3, 4, 5, 6
Q_ANSWER, Q_NA, Q_EVIDENCE, Q_LINKS, Q_COMMENT, Q_AGENCY_ID = 7, 8, 9, 10, 11, 12
#: Written after the Questions columns for reading only (who last changed each answer, and
#: when); never imported, and not an "added column" while its heading is as written.
QUESTION_INFO_HEADERS = ["Last changed by", "Last changed on"]
Q_CHANGED_BY, Q_CHANGED_ON = 13, 14

CHOICE_HEADERS = [
    "Agency",
    "Question ref",
    "Question",
    "Option",
    "Ticked",
    "Agency ID",
    "Option ID",
]
C_AGENCY, C_REF, C_TEXT, C_OPTION, C_TICKED, C_AGENCY_ID, C_OPTION_ID = 1, 2, 3, 4, 5, 6, 7

SOURCE_HEADERS = [
    "Agency",
    "Question ref",
    "Data source",
    "Description",
    "Availability",
    "How recent",
    "Finest geography",
    "Data sharing agreement",
    "Used in the latest SNA",
    "Agency ID",
    "Source ID",
]
S_AGENCY, S_REF, S_NAME, S_DESCRIPTION, S_AVAILABILITY, S_TIMELINESS = 1, 2, 3, 4, 5, 6
S_GRANULARITY, S_AGREEMENT, S_USED, S_AGENCY_ID, S_SOURCE_ID = 7, 8, 9, 10, 11

PLAN_HEADERS = [
    "Reference",
    "Domain",
    "Requirement IDs",
    "Gap",
    "Action",
    "Priority",
    "Legal duty",
    "Owner agency",
    "Lead",
    "Due date",
    "Status",
    "RAG",
    "Success measure",
    "Notes",
]
P_REF, P_DOMAIN, P_REQS, P_GAP, P_ACTION, P_PRIORITY, P_LEGAL, P_OWNER = 1, 2, 3, 4, 5, 6, 7, 8
P_LEAD, P_DUE, P_STATUS, P_RAG, P_MEASURE, P_NOTES = 9, 10, 11, 12, 13, 14

SEE_CHOICES = f"Answer on the '{CHOICES}' sheet"
SEE_SOURCES = f"Answer on the '{SOURCES}' sheet"

# --------------------------------------------------------------------------- dropdown lists

SCALE_CHOICES = [f"{level} - {label}" for level, label in enumerate(LEVEL_LABELS)]
YPN_CHOICES = {"yes": "Yes", "partly": "Partly", "no": "No"}
YES_NO = ["Yes", "No"]
STATUS_CHOICES = list(ACTION_STATUSES)
RAG_CHOICES = list(RAGS)


def normalise(text: str) -> str:
    """Lower case, single spaces, any dash as "-": how typed values are matched to a list."""
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def question_choices(question: Question) -> list[str] | None:
    """The dropdown values of a question's answer cell (None: no dropdown)."""
    return CELL_FORMATS[question.type].choices(question)


def how_to_answer(question: Question) -> str:
    return CELL_FORMATS[question.type].how(question)


def _number_how(question: NumberQuestion) -> str:
    bounds = []
    if question.minimum is not None:
        bounds.append(f"at least {question.minimum:g}")
    if question.maximum is not None:
        bounds.append(f"at most {question.maximum:g}")
    unit = f" ({question.unit})" if question.unit else ""
    return f"Enter a number{unit}" + (f", {' and '.join(bounds)}." if bounds else ".")


def _no_choices(question: Any) -> list[str] | None:
    return None


def _as_is(question: Any, value: Any) -> object:
    return value


def _scale_cell(question: ScaleQuestion, value: Any) -> object:
    return SCALE_CHOICES[value] if isinstance(value, int) and 0 <= value <= 4 else value


def _ypn_cell(question: YesPartlyNoQuestion, value: Any) -> object:
    return YPN_CHOICES.get(value, value)


def _single_cell(question: SingleChoiceQuestion, value: Any) -> object:
    labels = {o.id: o.label for o in question.options}
    return labels.get(str(value), str(value))


def _date_cell(question: DateQuestion, value: Any) -> object:
    if not isinstance(value, str):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class CellFormat:
    """How one question type's answer cell is offered, explained and filled."""

    choices: Callable[[Any], list[str] | None]
    how: Callable[[Any], str]
    cell: Callable[[Any, Any], object]  # a stored (non-empty) value as the cell shows it


# One entry per question type (tests/test_question_dispatch.py checks every type has one).
CELL_FORMATS: Mapping[str, CellFormat] = {
    "scale": CellFormat(
        lambda q: SCALE_CHOICES,
        lambda q: "Choose a level from the list (0 to 4).",
        _scale_cell,
    ),
    "yes_partly_no": CellFormat(
        lambda q: list(YPN_CHOICES.values()), lambda q: "Choose Yes, Partly or No.", _ypn_cell
    ),
    "single_choice": CellFormat(
        lambda q: [o.label for o in q.options],
        lambda q: "Choose one option from the list.",
        _single_cell,
    ),
    "multi_choice": CellFormat(
        _no_choices,
        lambda q: f"Tick each option that applies on the '{CHOICES}' sheet (Yes or No).",
        lambda q, v: SEE_CHOICES,
    ),
    "number": CellFormat(_no_choices, _number_how, _as_is),
    "date": CellFormat(_no_choices, lambda q: "Enter a date, for example 31/03/2026.", _date_cell),
    "text": CellFormat(
        _no_choices,
        lambda q: f"Type your answer (up to {q.max_length} characters).",
        _as_is,
    ),
    "sna_data_sources": CellFormat(
        _no_choices,
        lambda q: f"Fill in one row per data source on the '{SOURCES}' sheet.",
        lambda q, v: SEE_SOURCES,
    ),
}


def guidance_text(question: Question) -> str:
    parts = [question.guidance]
    if isinstance(question, ScaleQuestion):
        parts.extend(
            f"{level} - {LEVEL_LABELS[level]}: {text}"
            for level, text in enumerate(question.levels.as_list())
        )
    if question.evidence_prompt:
        parts.append(f"Evidence: {question.evidence_prompt}")
    if question.allow_na:
        parts.append("If this does not apply to you, leave the answer empty and give the reason.")
    return "\n".join(parts)


def answer_cell(question: Question, value: Any) -> object:
    """What the answer cell shows for a stored value (multi choice and matrix: a pointer)."""
    if value is None and question.type not in ("multi_choice", "sna_data_sources"):
        return None
    return CELL_FORMATS[question.type].cell(question, value)


def describe_value(question: Question | None, value: Any) -> str:
    """A stored value in words, for the Responses sheet and the change preview."""
    if value is None:
        return ""
    if question is None:
        return str(value)
    if isinstance(question, MultiChoiceQuestion) and isinstance(value, list):
        labels = {o.id: o.label for o in question.options}
        return "; ".join(labels.get(str(v), str(v)) for v in value) or "None ticked"
    if isinstance(question, DataSourceMatrixQuestion) and isinstance(value, Mapping):
        names = {s.id: s.name for s in question.sources}
        lines = []
        for key, row in value.items():
            if isinstance(row, Mapping):
                availability = AVAILABILITY_LABELS.get(str(row.get("availability")), "?")
                lines.append(f"{names.get(str(key), str(key))}: {availability}")
        return "\n".join(lines)
    shown = answer_cell(question, value)
    if isinstance(shown, dt.date):
        return shown.strftime("%d/%m/%Y")
    return str(shown)


def matrix_labels(row: Mapping[str, Any]) -> list[object]:
    """Availability, how recent, geography, agreement, used: as the Data sources sheet shows."""
    return [
        AVAILABILITY_LABELS.get(str(row.get("availability")), str(row.get("availability"))),
        TIMELINESS_LABELS.get(str(row.get("timeliness", "unknown")), ""),
        GRANULARITY_LABELS.get(str(row.get("granularity", "none")), ""),
        "Yes" if row.get("agreement") else "No",
        "Yes" if row.get("used_in_sna") else "No",
    ]


# --------------------------------------------------------------------------- canonical answers


class AnswerFields(Frozen):
    """One answer's content in a canonical form, for comparing and fingerprinting."""

    value: Any = None
    na_reason: str = ""
    evidence: str = ""
    evidence_links: list[str] = Field(default_factory=list)
    comment: str = ""

    def digest(self) -> str:
        return fingerprint(
            self.value, self.na_reason, self.evidence, self.evidence_links, self.comment
        )

    @property
    def is_empty(self) -> bool:
        return self.value is None and not (
            self.na_reason or self.evidence or self.evidence_links or self.comment
        )


def canonical_text(text: object) -> str:
    if text is None:
        return ""
    return clean_text(str(text)).replace("\r\n", "\n").replace("\r", "\n").strip()


def canonical_value(question: Question | None, value: Any) -> Any:
    """Numbers without a needless ".0", ticked options in list order, matrix rows complete."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer() and not isinstance(value, bool):
        return int(value)
    if isinstance(question, MultiChoiceQuestion) and isinstance(value, list):
        order = {o.id: i for i, o in enumerate(question.options)}
        return sorted(value, key=lambda v: (order.get(str(v), len(order)), str(v)))
    if isinstance(question, DataSourceMatrixQuestion) and isinstance(value, Mapping):
        out: dict[str, Any] = {}
        places = {s.id: i for i, s in enumerate(question.sources)}
        for key in sorted(value, key=lambda k: (places.get(str(k), len(places)), str(k))):
            row = value[key]
            try:
                out[str(key)] = SourceAnswer.model_validate(row).model_dump(mode="json")
            except ValidationError:
                out[str(key)] = row
        return out
    if isinstance(value, str):
        return canonical_text(value)
    return value


def canonical_answer(
    question: Question | None,
    *,
    value: Any,
    na_reason: str = "",
    evidence: str = "",
    evidence_links: list[str] | None = None,
    comment: str = "",
) -> AnswerFields:
    links = [canonical_text(link) for link in (evidence_links or [])]
    return AnswerFields(
        value=canonical_value(question, value),
        na_reason=canonical_text(na_reason),
        evidence=canonical_text(evidence),
        evidence_links=[link for link in links if link],
        comment=canonical_text(comment),
    )
