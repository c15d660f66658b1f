"""Turning a scoring result into words and tables for the pages (pure functions), and the
domain chart (always shown beside its table)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

import altair as alt
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]

from readiness.labels import DEADLINE_WORDS
from readiness.models import LEVEL_LABELS, MAX_LEVEL
from readiness.models.answers import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.scoring import ScoringResult, method

T = TypeVar("T")


def band_words(band: str) -> str:
    return band


def maturity_words(maturity: float | None, label: str = "") -> str:
    """ "2.4 (Developing)" or "No answers yet"; never a bare number or colour. The number and
    the label follow the one rounding rule (:func:`readiness.scoring.method.score_words`), so
    2.96 is "2.9 (Developing)", never "3.0 (Developing)". ``label`` is kept for callers that
    pass the result's own label: it is the same words."""
    return method.score_words(maturity, missing="Not answered yet")


def out_of_four(maturity: float | None) -> str:
    return "No score yet" if maturity is None else f"{method.shown_score(maturity):.1f} out of 4"


def percent(share: float | None) -> str:
    """Coverage as words: 0.8 -> "80%"; None -> "None yet"."""
    if share is None:
        return "None yet"
    return f"{share * 100:.0f}%"


def next_deadline(result: ScoringResult) -> tuple[str, str, str] | None:
    """The most pressing deadline as (status, what and when, message): overdue first, then
    the nearest one still to come."""
    live = [
        d
        for d in result.deadlines
        if d.status in ("overdue", "due_soon")
        or (d.status == "on_track" and d.due is not None and d.due >= result.as_of)
    ]
    if not live:  # no dates recorded yet: say so rather than nothing
        unknown = [d for d in result.deadlines if d.status == "not_recorded"]
        return (
            (DEADLINE_WORDS["not_recorded"], unknown[0].title + ".", unknown[0].message)
            if unknown
            else None
        )
    overdue = [d for d in live if d.status == "overdue"]
    pick = (
        overdue[0] if overdue else min(live, key=lambda d: (d.due is None, d.due or result.as_of))
    )
    when = f" ({pick.due:%d %B %Y})" if pick.due else ""
    return DEADLINE_WORDS[pick.status], f"{pick.title}{when}.", pick.message


def domain_rows(result: ScoringResult) -> list[dict[str, str]]:
    rows = []
    for domain in result.domains:
        rows.append(
            {
                "Domain": domain.title,
                "Self-assessed maturity": maturity_words(domain.maturity, domain.label),
                "Assured maturity": maturity_words(domain.assured_maturity, domain.assured_label),
                "Answered": f"{domain.answered} of {domain.applicable}",
                "Coverage": percent(domain.coverage),
            }
        )
    return rows


def domain_chart(result: ScoringResult) -> alt.Chart | None:
    """Maturity by domain as a horizontal bar chart on the 0 to 4 scale (None when unscored)."""
    data = pd.DataFrame(
        [
            {
                "Domain": d.title,
                "Maturity": d.maturity,
                "Level": maturity_words(d.maturity),
                "Kind": "Self-assessed",
            }
            for d in result.domains
            if d.maturity is not None
        ]
        + [
            {
                "Domain": d.title,
                "Maturity": d.assured_maturity,
                "Level": maturity_words(d.assured_maturity),
                "Kind": "Assured",
            }
            for d in result.domains
            if d.assured_maturity is not None
        ]
    )
    if data.empty:
        return None
    scale = alt.Scale(domain=[0, MAX_LEVEL])
    axis = alt.Axis(
        values=list(range(MAX_LEVEL + 1)),
        labelExpr="['0 Not started','1 Emerging','2 Developing','3 Established','4 Embedded']"
        "[datum.value]",
    )
    chart: alt.Chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("Maturity:Q", scale=scale, axis=axis, title="Maturity (0 to 4)"),
            y=alt.Y("Domain:N", sort=None, title=None),
            yOffset=alt.YOffset("Kind:N"),
            color=alt.Color(
                "Kind:N",
                scale=alt.Scale(domain=["Self-assessed", "Assured"], range=["#1d70b8", "#505a5f"]),
                title=None,
            ),
            tooltip=["Domain", "Kind", alt.Tooltip("Level:N", title="Maturity")],
        )
        .properties(height=max(160, 56 * len(result.domains)))
    )
    return chart


#: What the page draws from a result, worked out once per result object: results are frozen
#: and shared, and the services hand back the same object until the round's answers change.
#: Building the chart through Altair (it validates against the schema) and turning rows into
#: tables were most of a results-page run. Each entry keeps its result alive, so an id is not
#: reused while its entry is here.
_MEMO: OrderedDict[tuple[int, str], tuple[ScoringResult, Any]] = OrderedDict()
_MEMO_LOCK = threading.Lock()
_MEMO_MAX = 2048


def per_result(result: ScoringResult, name: str, build: Callable[[ScoringResult], T]) -> T:
    """``build(result)``, worked out once per result object and ``name``."""
    key = (id(result), name)
    with _MEMO_LOCK:
        found = _MEMO.get(key)
        if found is not None and found[0] is result:
            _MEMO.move_to_end(key)
            return cast(T, found[1])
    value = build(result)
    with _MEMO_LOCK:
        _MEMO[key] = (result, value)
        while len(_MEMO) > _MEMO_MAX:
            _MEMO.popitem(last=False)
    return value


def domain_chart_spec(result: ScoringResult) -> dict[str, Any] | None:
    """:func:`domain_chart` as a Vega-Lite spec, worked out once per result object."""

    def build(r: ScoringResult) -> dict[str, Any] | None:
        chart = domain_chart(r)
        return None if chart is None else chart.to_dict()

    return per_result(result, "domain_chart", build)


def table(
    result: ScoringResult,
    rows_of: Callable[[ScoringResult], list[dict[str, Any]]],
    start: int = 0,
    stop: int | None = None,
) -> Any:
    """``rows_of(result)[start:stop]`` as an Arrow table for ``st.table`` (once per result)."""

    def build(r: ScoringResult) -> Any:
        return pa.Table.from_pylist(rows_of(r)[start:stop])

    return per_result(result, f"{rows_of.__name__}[{start}:{stop}]", build)


def chart_alt_text(result: ScoringResult) -> str:
    parts = [f"{d.title}: {maturity_words(d.maturity, d.label)}" for d in result.domains]
    return "Bar chart of maturity by domain on a scale of 0 to 4. " + "; ".join(parts) + "."


def disagreement_rows(result: ScoringResult) -> list[dict[str, Any]]:
    rows = []
    for item in result.disagreements:
        views = "; ".join(f"{v.agency}: {maturity_words(v.score, v.label)}" for v in item.views)
        rows.append(
            {
                "Question": item.text,
                "Who said what": views,
                "Levels apart": f"{item.spread:g}",
            }
        )
    return rows


def missing_evidence_rows(result: ScoringResult) -> list[dict[str, str]]:
    return [
        {
            "Question": m.text,
            "Agency": m.agency,  # shown in an HTML table, which escapes it
            "Self-assessed": maturity_words(m.score, m.label),
            "Counts as (assured)": f"{m.counts_as:g}",
        }
        for m in result.missing_evidence
    ]


def deadline_rows(result: ScoringResult) -> list[dict[str, str]]:
    return [
        {
            "Deadline": d.title,
            "Status": DEADLINE_WORDS[d.status],
            "Due": f"{d.due:%d %B %Y}" if d.due else "No date",
            "Based on": d.based_on,
            "What it means": d.message,
        }
        for d in result.deadlines
    ]


def sna_source_rows(result: ScoringResult) -> list[dict[str, str]]:
    return [
        {
            "Data source": s.name + (" (core)" if s.critical else ""),
            "Availability": AVAILABILITY_LABELS.get(s.availability, s.availability),
            "How recent": TIMELINESS_LABELS.get(s.timeliness, s.timeliness),
            "Geography": GRANULARITY_LABELS.get(s.granularity, s.granularity),
            "Sharing agreement": "Yes" if s.agreement else "No",
            "Used in the SNA": "Yes" if s.used_in_sna else "No",
            "Problems": "; ".join(s.problems) or "None",
        }
        for s in result.sna.sources
    ]


def level_name(level: int | None) -> str:
    if level is None or not 0 <= level < len(LEVEL_LABELS):
        return "the top level"
    return f"{level} ({LEVEL_LABELS[level]})"
