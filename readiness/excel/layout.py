"""The shape of the workbooks (sheet names, headings, dropdown lists) and the answer codec.

Both the writers and the importer use this module, so what is written is exactly what is read
back: an answer written to a pack and read again gives the same canonical answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
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
    if isinstance(question, ScaleQuestion):
        return SCALE_CHOICES
    if isinstance(question, YesPartlyNoQuestion):
        return list(YPN_CHOICES.values())
    if isinstance(question, SingleChoiceQuestion):
        return [o.label for o in question.options]
    return None


def how_to_answer(question: Question) -> str:
    if isinstance(question, ScaleQuestion):
        return "Choose a level from the list (0 to 4)."
    if isinstance(question, YesPartlyNoQuestion):
        return "Choose Yes, Partly or No."
    if isinstance(question, SingleChoiceQuestion):
        return "Choose one option from the list."
    if isinstance(question, MultiChoiceQuestion):
        return f"Tick each option that applies on the '{CHOICES}' sheet (Yes or No)."
    if isinstance(question, DataSourceMatrixQuestion):
        return f"Fill in one row per data source on the '{SOURCES}' sheet."
    if isinstance(question, NumberQuestion):
        bounds = []
        if question.minimum is not None:
            bounds.append(f"at least {question.minimum:g}")
        if question.maximum is not None:
            bounds.append(f"at most {question.maximum:g}")
        unit = f" ({question.unit})" if question.unit else ""
        return f"Enter a number{unit}" + (f", {' and '.join(bounds)}." if bounds else ".")
    if isinstance(question, DateQuestion):
        return "Enter a date, for example 31/03/2026."
    return f"Type your answer (up to {question.max_length} characters)."


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
    if isinstance(question, MultiChoiceQuestion):
        return SEE_CHOICES
    if isinstance(question, DataSourceMatrixQuestion):
        return SEE_SOURCES
    if value is None:
        return None
    if isinstance(question, ScaleQuestion) and isinstance(value, int) and 0 <= value <= 4:
        return SCALE_CHOICES[value]
    if isinstance(question, YesPartlyNoQuestion) and value in YPN_CHOICES:
        return YPN_CHOICES[value]
    if isinstance(question, SingleChoiceQuestion):
        labels = {o.id: o.label for o in question.options}
        return labels.get(str(value), str(value))
    if isinstance(question, DateQuestion) and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


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
