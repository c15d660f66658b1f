"""Widgets for every question type, with stable keys, seeding from saved answers and read-back.

Every widget's key is derived from the agency and the question id (``q|<agency>|<question>|
<field>``), so the same question answered for two agencies never shares state, and a saved
answer can be put back into the widgets (``seed``) before they are drawn. Widgets never get a
``value=`` as well as a seeded session-state value, which Streamlit warns about.

Only native widgets are used (radio, checkbox, selectbox, number, date and text inputs), never
``st.data_editor``: they have proper labels for screen readers and can be driven by tests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.bundle import ContentBundle
from readiness.labels import (
    AVAILABILITY_LABELS,
    GRANULARITY_LABELS,
    TIMELINESS_LABELS,
    YES_PARTLY_NO,
)
from readiness.models import (
    LEVEL_LABELS,
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    Nation,
    NumberQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesPartlyNoQuestion,
)
from readiness.ui.components.question_details import draw_details
from readiness.ui.components.text import user_text

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
SOURCE_FIELDS = ("availability", "timeliness", "granularity", "agreement", "used_in_sna")

_Read = tuple[Any, list[str]]
"""A value read back from the widgets, with the problems found reading it."""


class SavedAnswer(Protocol):
    """What the widgets need from a saved answer (the store's ``StoredAnswer`` fits)."""

    @property
    def value(self) -> Any: ...
    @property
    def na_reason(self) -> str: ...
    @property
    def evidence(self) -> str: ...
    @property
    def comment(self) -> str: ...
    @property
    def revision(self) -> int: ...


@dataclass(frozen=True)
class Keys:
    """The session-state keys of one agency's widgets for one question."""

    agency_id: str
    question_id: str

    @property
    def base(self) -> str:
        return f"q|{self.agency_id}|{self.question_id}"

    @property
    def value(self) -> str:
        return f"{self.base}|value"

    @property
    def evidence(self) -> str:
        return f"{self.base}|evidence"

    @property
    def comment(self) -> str:
        return f"{self.base}|comment"

    @property
    def na(self) -> str:
        return f"{self.base}|na"

    @property
    def na_reason(self) -> str:
        return f"{self.base}|na_reason"

    @property
    def seeded(self) -> str:
        """Not a widget: the revision the widgets were last filled from."""
        return f"{self.base}|seeded"

    def option(self, option_id: str) -> str:
        return f"{self.base}|opt|{option_id}"

    def source(self, source_id: str, name: str) -> str:
        return f"{self.base}|src|{source_id}|{name}"


@dataclass(frozen=True)
class Draft:
    """What the widgets currently hold for one question, ready to save."""

    question_id: str
    value: Any = None
    na_reason: str = ""
    evidence: str = ""
    comment: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.na_reason and not self.evidence and not self.comment


def short_text(question: Question, limit: int = 80) -> str:
    """The question's text, shortened for error messages and tables."""
    text = question.text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- seeding


def widget_values(question: Question, saved: SavedAnswer | None) -> dict[str, Any]:
    """The value every widget key of ``question`` should hold to show ``saved``.

    Keys are the field names used by :class:`Keys` (``value``, ``na``, ``opt|<id>``,
    ``src|<id>|<field>`` ...). Pure: tested without Streamlit.
    """
    value = saved.value if saved is not None else None
    out: dict[str, Any] = {
        "evidence": saved.evidence if saved is not None else "",
        "comment": saved.comment if saved is not None else "",
    }
    if question.allow_na:
        reason = saved.na_reason if saved is not None else ""
        out["na"] = bool(reason) and value is None
        out["na_reason"] = reason
    SEEDERS[question.type](question, value, out)
    return out


def _seed_plain(question: Any, value: Any, out: dict[str, Any]) -> None:
    out["value"] = value


def _seed_scale(question: ScaleQuestion, value: Any, out: dict[str, Any]) -> None:
    out["value"] = value if isinstance(value, int) and 0 <= value < len(LEVEL_LABELS) else None


def _seed_multi(question: MultiChoiceQuestion, value: Any, out: dict[str, Any]) -> None:
    ticked = set(value) if isinstance(value, list) else set()
    for option in question.options:
        out[f"opt|{option.id}"] = option.id in ticked


def _seed_matrix(question: DataSourceMatrixQuestion, value: Any, out: dict[str, Any]) -> None:
    rows: Mapping[str, Any] = value if isinstance(value, Mapping) else {}
    for source in question.sources:
        row = rows.get(source.id)
        row = row if isinstance(row, Mapping) else {}
        for name in SOURCE_FIELDS:
            default: Any = False if name in ("agreement", "used_in_sna") else None
            out[f"src|{source.id}|{name}"] = row.get(name, default)


def _seed_date(question: DateQuestion, value: Any, out: dict[str, Any]) -> None:
    out["value"] = _as_date(value)


def _seed_number(question: NumberQuestion, value: Any, out: dict[str, Any]) -> None:
    out["value"] = float(value) if isinstance(value, int | float) else None


def _seed_text(question: TextQuestion, value: Any, out: dict[str, Any]) -> None:
    out["value"] = value if isinstance(value, str) else ""


# How each question type fills its widgets from a saved value.
SEEDERS: Mapping[str, Callable[[Any, Any, dict[str, Any]], None]] = {
    "scale": _seed_scale,
    "yes_partly_no": _seed_plain,
    "single_choice": _seed_plain,
    "multi_choice": _seed_multi,
    "number": _seed_number,
    "date": _seed_date,
    "text": _seed_text,
    "sna_data_sources": _seed_matrix,
}


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def seed(
    question: Question, agency_id: str, saved: SavedAnswer | None, *, refresh: bool = True
) -> None:
    """Fill the widgets from the saved answer, unless they already show this revision.

    A widget key that Streamlit dropped (the widget was not drawn on the last run) is filled
    again; when the saved revision changed (saved by us or someone else), every key is reset.
    On the run that submits the form pass ``refresh=False``: the widgets then keep what the
    user submitted, and :func:`shown_revision` still says which revision they were based on.
    """
    keys = Keys(agency_id, question.id)
    revision = saved.revision if saved is not None else 0
    state = st.session_state
    fresh = refresh and state.get(keys.seeded) != revision
    for name, value in widget_values(question, saved).items():
        key = f"{keys.base}|{name}"
        if fresh or key not in state:
            state[key] = value
    if fresh or keys.seeded not in state:
        state[keys.seeded] = revision


def shown_revision(question_id: str, agency_id: str) -> int | None:
    """The revision of the saved answer the widgets were filled from (None: no answer yet)."""
    revision = st.session_state.get(Keys(agency_id, question_id).seeded)
    return revision if isinstance(revision, int) and revision > 0 else None


def forget(agency_id: str, question_ids: Sequence[str]) -> None:
    """Drop the seeding marks so the next run refills the widgets from the database."""
    for question_id in question_ids:
        st.session_state.pop(Keys(agency_id, question_id).seeded, None)


# --------------------------------------------------------------------------- drawing


def anchor_id(agency_id: str, question_id: str) -> str:
    """The HTML id of a question on the page, which the error summary links to."""
    return "q-" + re.sub(r"[^a-z0-9]+", "-", f"{agency_id}-{question_id}".lower()).strip("-")


def render_question(
    question: Question,
    agency_id: str,
    bundle: ContentBundle,
    *,
    nation: Nation,
    number: str = "",
    status_note: str = "",
    changed_note: str = "",
    problems: Sequence[str] = (),
) -> DeltaGenerator:
    """Draw one question's widgets; returns the slot for its error messages.

    Call :func:`seed` first. The caller reads the values back with :func:`read_draft`.
    ``problems`` are shown above the answer, under an anchor the error summary links to;
    ``changed_note`` ("Last changed by ... on ...") is shown under it. The guidance, the
    evidence, the comment and "does not apply" are folded into one expander, so a domain of
    many questions stays short; it is open when "does not apply" is ticked.
    """
    keys = Keys(agency_id, question.id)
    heading = f"{number} {question.text}".strip()
    with st.container(border=True):
        if problems:
            st.html(
                f'<span id="{anchor_id(agency_id, question.id)}" '
                'style="display:block;scroll-margin-top:4rem"></span>'
            )
        if isinstance(question, MultiChoiceQuestion | DataSourceMatrixQuestion):
            st.markdown(f"**{heading}**")
        if status_note:
            st.info(status_note, icon=":material/history:")
        error_slot = st.empty()
        if problems:
            with error_slot.container():
                for message in problems:
                    st.error(f"Error: {user_text(message)}")
        _answer_widgets(question, keys, heading, bundle, nation)
        tags = []
        if bundle.is_statutory(question, nation):
            tags.append("Legal duty")
        if not question.scored:
            tags.append("Recorded, not scored")
        if changed_note:
            tags.append(user_text(changed_note))  # a person's name
        if tags:
            st.caption(" · ".join(tags))
        draw_details(
            question,
            bundle,
            na_key=keys.na,
            reason_key=keys.na_reason,
            evidence_key=keys.evidence,
            comment_key=keys.comment,
        )
    return error_slot


def _answer_widgets(
    question: Question, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    """The question itself is the label of its main widget (its accessible name)."""
    WIDGETS[question.type](question, keys, label, bundle, nation)


def _draw_scale(
    question: ScaleQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    st.radio(
        label,
        options=list(range(len(LEVEL_LABELS))),
        format_func=lambda level: f"{level} {LEVEL_LABELS[level]}",
        index=None,
        key=keys.value,
        horizontal=True,
    )


def _draw_yes_partly_no(
    question: YesPartlyNoQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    st.radio(
        label,
        options=list(YES_PARTLY_NO),
        format_func=YES_PARTLY_NO.__getitem__,
        index=None,
        key=keys.value,
        horizontal=True,
    )


def _draw_single(
    question: SingleChoiceQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    labels = {option.id: option.label for option in question.options}
    st.radio(
        label,
        options=list(labels),
        format_func=labels.__getitem__,
        index=None,
        key=keys.value,
    )


def _draw_multi(
    question: MultiChoiceQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    st.markdown("Select all that apply.")
    for option in question.options:
        st.checkbox(option.label, key=keys.option(option.id))


def _draw_number(
    question: NumberQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    # No min_value/max_value: the browser would refuse 150 with only a red border and keep the
    # old value; the range is checked on saving instead, with a message (see _read_number).
    st.number_input(
        label + (f" ({question.unit})" if question.unit else ""),
        value=None,
        step=1.0,
        format="%g",
        key=keys.value,
    )


def _draw_date(
    question: DateQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    st.date_input(
        label,
        value=None,
        min_value=EARLIEST_DATE,
        max_value=LATEST_DATE,
        format="DD/MM/YYYY",
        key=keys.value,
    )


def _draw_text(
    question: TextQuestion, keys: Keys, label: str, bundle: ContentBundle, nation: Nation
) -> None:
    st.text_area(label, max_chars=question.max_length, key=keys.value)


def _draw_matrix(
    question: DataSourceMatrixQuestion,
    keys: Keys,
    label: str,
    bundle: ContentBundle,
    nation: Nation,
) -> None:
    _source_matrix(question, keys, {s.id: bundle.source_name(s, nation) for s in question.sources})


# How each question type draws its main widgets. A type missing here is a KeyError on the
# first draw, never a question with no widget; tests/test_question_dispatch.py checks coverage.
WIDGETS: Mapping[str, Callable[[Any, Keys, str, ContentBundle, Nation], None]] = {
    "scale": _draw_scale,
    "yes_partly_no": _draw_yes_partly_no,
    "single_choice": _draw_single,
    "multi_choice": _draw_multi,
    "number": _draw_number,
    "date": _draw_date,
    "text": _draw_text,
    "sna_data_sources": _draw_matrix,
}


def _source_matrix(question: DataSourceMatrixQuestion, keys: Keys, names: dict[str, str]) -> None:
    st.markdown(
        "For each data source, say what the partnership has. Leave a source blank if "
        "you do not know."
    )
    for source in question.sources:
        # One fold per source, its label saying what is recorded: 18 sources open are 5,000 px.
        name = names.get(source.id, source.name)
        critical = " (core source)" if source.critical else ""
        held = st.session_state.get(keys.source(source.id, "availability"))
        said = AVAILABILITY_LABELS.get(str(held), "not answered yet")
        unfinished = held is None and any(
            st.session_state.get(keys.source(source.id, f)) for f in SOURCE_FIELDS
        )  # open where "select how available" is asked for
        fold = st.expander(f"{name}{critical}: {said[:1].lower()}{said[1:]}", expanded=unfinished)
        fold.caption(source.description)
        left, middle, right = fold.columns(3)
        left.selectbox(
            f"{name}: availability",
            options=list(AVAILABILITY_LABELS),
            format_func=AVAILABILITY_LABELS.__getitem__,
            index=None,
            placeholder="Not answered",
            key=keys.source(source.id, "availability"),
        )
        middle.selectbox(
            f"{name}: how recent",
            options=list(TIMELINESS_LABELS),
            format_func=TIMELINESS_LABELS.__getitem__,
            index=None,
            placeholder="Not answered",
            key=keys.source(source.id, "timeliness"),
        )
        right.selectbox(
            f"{name}: finest geography",
            options=list(GRANULARITY_LABELS),
            format_func=GRANULARITY_LABELS.__getitem__,
            index=None,
            placeholder="Not answered",
            key=keys.source(source.id, "granularity"),
        )
        ticks = fold.columns(2)
        ticks[0].checkbox(
            f"{name}: a data sharing agreement covers it",
            key=keys.source(source.id, "agreement"),
        )
        ticks[1].checkbox(
            f"{name}: used in the latest SNA", key=keys.source(source.id, "used_in_sna")
        )


# --------------------------------------------------------------------------- reading back


def read_draft(question: Question, agency_id: str) -> Draft:
    """What the widgets hold for ``question``, as a value ready to save, with any problems."""
    keys = Keys(agency_id, question.id)
    values = {
        name: st.session_state.get(f"{keys.base}|{name}") for name in widget_values(question, None)
    }
    return draft_from_widgets(question, values)


def draft_from_widgets(question: Question, values: Mapping[str, Any]) -> Draft:
    """Turn widget values (named as in :func:`widget_values`) into a draft answer.

    Pure: tested without Streamlit. Problems are GOV.UK-style messages naming the question.
    """
    name = f"“{short_text(question, 60)}”"
    value, problems = READERS[question.type](question, values, name)
    na_reason = ""
    if question.allow_na and values.get("na"):
        na_reason = str(values.get("na_reason") or "").strip()
        if not na_reason:
            problems.append(f"{name}: enter why this question does not apply")
        elif value is not None:
            problems.append(
                f"{name}: either answer the question or say it does not apply, not both"
            )
    return Draft(
        question_id=question.id,
        value=value,
        na_reason=na_reason,
        evidence=str(values.get("evidence") or "").strip(),
        comment=str(values.get("comment") or "").strip(),
        problems=problems,
    )


def _read_plain(question: Any, values: Mapping[str, Any], name: str) -> _Read:
    return values.get("value"), []


def _read_multi(question: MultiChoiceQuestion, values: Mapping[str, Any], name: str) -> _Read:
    ticked = [o.id for o in question.options if values.get(f"opt|{o.id}")]
    exclusive = [o for o in question.options if o.exclusive and o.id in ticked]
    problems: list[str] = []
    if exclusive and len(ticked) > 1:
        problems.append(f"{name}: “{exclusive[0].label}” cannot be selected with other options")
    return ticked or None, problems


def _read_matrix(question: DataSourceMatrixQuestion, values: Mapping[str, Any], name: str) -> _Read:
    rows: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for source in question.sources:
        row = {f: values.get(f"src|{source.id}|{f}") for f in SOURCE_FIELDS}
        if row["availability"] is None:
            if any(row[f] for f in SOURCE_FIELDS):
                problems.append(f"{name}: select how available “{source.name}” is")
            continue
        rows[source.id] = {
            "availability": row["availability"],
            "timeliness": row["timeliness"] or "unknown",
            "granularity": row["granularity"] or "none",
            "agreement": bool(row["agreement"]),
            "used_in_sna": bool(row["used_in_sna"]),
        }
    return rows or None, problems


def _read_date(question: DateQuestion, values: Mapping[str, Any], name: str) -> _Read:
    date = values.get("value")
    return (date.isoformat() if isinstance(date, dt.date) else None), []


def _read_number(question: NumberQuestion, values: Mapping[str, Any], name: str) -> _Read:
    number = values.get("value")
    if not isinstance(number, int | float):
        return None, []
    value = int(number) if float(number).is_integer() else float(number)
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        return value, [f"{name}: {range_words(question)}"]
    return value, []


def range_words(question: NumberQuestion) -> str:
    """What a number question expects, e.g. "enter a percentage from 0 to 100"."""
    what = "a percentage" if (question.unit or "").lower() in ("percent", "%") else "a number"
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        return f"enter {what} from {low:g} to {high:g}"
    if low is not None:
        return f"enter {what} of {low:g} or more"
    return f"enter {what} of {high:g} or less"


def _read_text(question: TextQuestion, values: Mapping[str, Any], name: str) -> _Read:
    text = values.get("value")
    return (text.strip() if isinstance(text, str) and text.strip() else None), []


# How each question type turns its widget values back into a value (and problems).
READERS: Mapping[str, Callable[[Any, Mapping[str, Any], str], _Read]] = {
    "scale": _read_plain,
    "yes_partly_no": _read_plain,
    "single_choice": _read_plain,
    "multi_choice": _read_multi,
    "number": _read_number,
    "date": _read_date,
    "text": _read_text,
    "sna_data_sources": _read_matrix,
}
