"""A saved answer in words, one describer per question type (pure: no Streamlit)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from readiness.labels import AVAILABILITY_LABELS, YES_PARTLY_NO
from readiness.models import (
    LEVEL_LABELS,
    DataSourceMatrixQuestion,
    MultiChoiceQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    YesPartlyNoQuestion,
)
from readiness.uk_time import uk_time


def describe_value(question: Question, value: Any, na_reason: str = "") -> str:
    """A saved value in words, e.g. for the conflict message ("3 Established")."""
    if value is None:
        return f"Does not apply: {na_reason}" if na_reason else "Not answered"
    return DESCRIBERS[question.type](question, value)


def when_words(moment: dt.datetime) -> str:
    """A moment in words, in UK time: "1 December 2026 at 14:05"."""
    local = uk_time(moment)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def last_changed(updated_by: str, updated_at: dt.datetime) -> str:
    """Who last changed a saved answer, and when (plain text: escape it for Markdown)."""
    return f"Last changed by {updated_by.strip() or 'someone'} on {when_words(updated_at)}"


def _describe_plain(question: Any, value: Any) -> str:
    return str(value)


def _describe_scale(question: ScaleQuestion, value: Any) -> str:
    if isinstance(value, int) and 0 <= value < len(LEVEL_LABELS):
        return f"{value} {LEVEL_LABELS[value]}"
    return str(value)


def _describe_yes_partly_no(question: YesPartlyNoQuestion, value: Any) -> str:
    return YES_PARTLY_NO.get(str(value), str(value))


def _describe_options(question: SingleChoiceQuestion | MultiChoiceQuestion, value: Any) -> str:
    labels = {o.id: o.label for o in question.options}
    items = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(v), str(v)) for v in items)


def _describe_matrix(question: DataSourceMatrixQuestion, value: Any) -> str:
    if not isinstance(value, Mapping):
        return str(value)
    names = {s.id: s.name for s in question.sources}
    return "; ".join(
        f"{names.get(sid, sid)}: {AVAILABILITY_LABELS.get(str(row.get('availability')), '?')}"
        for sid, row in value.items()
        if isinstance(row, Mapping)
    )


# How each question type says a saved value in words.
DESCRIBERS: Mapping[str, Callable[[Any, Any], str]] = {
    "scale": _describe_scale,
    "yes_partly_no": _describe_yes_partly_no,
    "single_choice": _describe_options,
    "multi_choice": _describe_options,
    "number": _describe_plain,
    "date": _describe_plain,
    "text": _describe_plain,
    "sna_data_sources": _describe_matrix,
}
