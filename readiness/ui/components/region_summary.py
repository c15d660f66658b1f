"""The top of the regional comparison page: a summary a regional board can read in a minute
(the band of every partnership, the five most common gaps, the biggest changes since the last
round), then the common gaps grouped by requirement with counts. Each function only draws."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from readiness.comparison import tables
from readiness.comparison.view import Comparison
from readiness.models.requirements import Requirement
from readiness.scoring import method
from readiness.ui.components.text import user_text
from readiness.ui.components.wide_table import wide_table

#: The common gaps shown at first: requirements with a gap in nine in ten of the partnerships
#: answering on them (in the demo region, half lists 71 of 81 requirements, three in four 46,
#: nine in ten the 11 that every partnership shares).
DEFAULT_PERCENT = 90


def maturity_words(value: float | None) -> str:
    """ "2.5 (Developing)", with the one rounding rule; "No answers" when there is none."""
    if value is None or math.isnan(value):
        return tables.NO_ANSWERS
    return method.score_words(value)


def _change_words(change: float) -> str:
    word = tables.direction(change)
    return word if word == "No change" else f"{word} {abs(method.round2(change)):.2f}"


def _since(c: Comparison, partnership_id: str, change: float) -> str:
    if partnership_id not in c.previous:
        return "No earlier round"
    return _change_words(change)


def _out_of(count: int, total: int) -> str:
    return f"{count} of {total}"


def summary(c: Comparison, requirements: Mapping[str, Requirement]) -> None:
    """Bands of every partnership, the five most common gaps and the biggest changes."""
    st.header("Summary")
    counts = tables.band_counts(c)
    total = len(c.current)
    st.markdown(
        f"**{total} partnerships compared.** Compliance bands: "
        + ", ".join(f"{n} {band}" for band, n in counts)
        + "."
    )
    ranking = tables.ranking(c)
    overall = tables.change_matrix(c)[tables.OVERALL].reindex(ranking["partnership_id"])
    table = pd.DataFrame(
        {
            "Compliance band": list(ranking["band"]),
            "Overall maturity": [maturity_words(float(v)) for v in ranking["overall"]],
            "Since the last round": [_since(c, str(pid), float(v)) for pid, v in overall.items()],
        },
        index=pd.Index([user_text(n) for n in ranking["partnership"]], name="Partnership"),
    )
    wide_table(table, "Compliance band and overall maturity of each partnership", stack=True)
    left, right = st.columns(2)
    with left:
        st.subheader("The five most common gaps")
        top = tables.top_requirement_gaps(c, _titles(requirements))
        if top.empty:
            st.markdown("No requirement has a gap in any partnership.")
        else:
            st.markdown(
                "\n".join(
                    f"- **{_out_of(int(n), int(a))}** partnerships: {user_text(str(t) or r)}"
                    for r, t, n, a in zip(
                        top["requirement_id"],
                        top["title"],
                        top["with_gap"],
                        top["answered"],
                        strict=True,
                    )
                )
            )
    with right:
        st.subheader("Biggest changes since the last round")
        moved = tables.biggest_changes(c)
        if moved.empty:
            st.markdown("No partnership's overall maturity has changed since an earlier round.")
        else:
            st.markdown(
                "\n".join(
                    f"- {user_text(str(name))}: **{_change_words(float(delta))}**, "
                    f"from {maturity_words(float(old))} to {maturity_words(float(new))}"
                    for name, delta, old, new in zip(
                        moved["partnership"],
                        moved["change"],
                        moved["previous"],
                        moved["current"],
                        strict=True,
                    )
                )
            )


def _titles(requirements: Mapping[str, Requirement]) -> dict[str, str]:
    return {rid: r.title for rid, r in requirements.items()}


def requirement_gaps_table(
    c: Comparison, min_share: float, requirements: Mapping[str, Requirement]
) -> pd.DataFrame:
    """Common gaps grouped by requirement: counts, never a list of names."""
    gaps = tables.common_requirement_gaps(c, min_share, _titles(requirements))
    return pd.DataFrame(
        {
            "Partnerships with a gap": [
                _out_of(int(n), int(a))
                for n, a in zip(gaps["with_gap"], gaps["answered"], strict=True)
            ],
            "Share": [f"{v:.0%}" for v in gaps["share"]],
            "Legal duty": [
                "Yes" if rid in requirements and requirements[rid].is_legal_duty else "No"
                for rid in gaps["requirement_id"]
            ],
            "Reference": list(gaps["requirement_id"]),
        },
        index=pd.Index(
            [
                user_text(str(t) or r)
                for r, t in zip(gaps["requirement_id"], gaps["title"], strict=True)
            ],
            name="Requirement",
        ),
    )


def gaps(c: Comparison, requirements: Mapping[str, Requirement]) -> float:
    """Common gaps by requirement, above a threshold the person chooses; returns it."""
    st.header("Common gaps")
    percent = st.slider(
        "Show requirements with a gap in at least this percentage of partnerships",
        min_value=25,
        max_value=100,
        value=DEFAULT_PERCENT,
        step=5,
        key="region.min_share",
        format="%d%%",
        help="A partnership has a gap on a requirement when any question citing it is "
        "answered below Established. Partnerships that did not answer on a requirement are "
        "not counted.",
    )
    min_share = percent / 100
    table = requirement_gaps_table(c, min_share, requirements)
    if table.empty:
        st.markdown("No requirement has a gap in that share of partnerships.")
        return min_share
    st.markdown(
        f"{len(table)} requirements have a gap in at least {percent}% of the partnerships "
        "answering on them: candidates for regional action."
    )
    wide_table(table, "Common gaps by requirement", stack=True)
    return min_share


def question_gaps_table(c: Comparison, min_share: float) -> pd.DataFrame:
    """The questions behind the common gaps, with counts."""
    gaps = tables.common_gaps(c, min_share)
    return pd.DataFrame(
        {
            "Domain": list(gaps["domain"]),
            "Below Established": [
                _out_of(int(n), int(a))
                for n, a in zip(gaps["below_established"], gaps["answered"], strict=True)
            ],
            "Legal duty": ["Yes" if v else "No" for v in gaps["statutory"]],
            "Reference": [", ".join(v) for v in gaps["requirement_ids"]],
        },
        index=pd.Index([user_text(str(t)) for t in gaps["text"]], name="Question"),
    )
