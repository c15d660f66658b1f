"""The Results page's wide tables in plain words, in a region that scrolls sideways and takes
keyboard focus (phones and keyboard users), with columns wide enough to read.

Requirement codes are not the main text: each blocker names the legal duty in words and where
it comes from (:func:`readiness.plain_words.requirements_words`); the codes are kept in a last
"Reference" column for people who look them up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from readiness.bundle import ContentBundle
from readiness.plain_words import requirements_words
from readiness.scoring import ScoringResult, method
from readiness.scoring.holders import names_in_words
from readiness.ui.components.results_summary import NOBODY, blocker_agencies
from readiness.ui.components.wide_table import _STYLE, wide_table_html

#: Columns no narrower than this, so "How to unblock" is never one letter wide on a phone.
_COLUMNS = """<style>
.results-table td, .results-table th { min-width: 9rem; max-width: 22rem; }
.results-table tbody th { white-space: normal; min-width: 12rem; }
.results-table td:nth-last-child(2) { min-width: 16rem; }
</style>"""


def rows_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows as a table whose first column heads each row."""
    frame = pd.DataFrame(list(rows))
    if frame.empty:
        return frame
    return frame.set_index(frame.columns[0])


def results_table(frame: pd.DataFrame, label: str) -> None:
    st.html(_STYLE + _COLUMNS + f'<div class="results-table">{wide_table_html(frame, label)}</div>')


def _needed(result: ScoringResult) -> int:
    return int(method.PARTLY if result.compliance.band == "Not met" else method.IN_PLACE)


def blocker_rows(
    result: ScoringResult, bundle: ContentBundle, expected: Mapping[str, Sequence[str]]
) -> list[dict[str, str]]:
    """One row per blocker: the question, the duty in words, now and needed, who must act."""
    by_id = {q.question_id: q for q in result.questions}
    needed = _needed(result)
    rows = []
    for b in result.compliance.blockers:
        who = (
            blocker_agencies(by_id[b.question_id], needed, expected)
            if b.question_id in by_id
            else []
        )
        rows.append(
            {
                "Legal duty question": b.text,
                "What the law asks": requirements_words(bundle, b.requirement_ids),
                "Now and needed": f"Now {b.current}; needs {b.needed}",
                "Who needs to act": names_in_words(who) or NOBODY,
                "How to unblock": b.how_to_unblock,
                "Reference": ", ".join(b.requirement_ids),
            }
        )
    return rows


def blocker_frame(
    result: ScoringResult, bundle: ContentBundle, expected: Mapping[str, Sequence[str]]
) -> pd.DataFrame:
    return rows_frame(blocker_rows(result, bundle, expected))


def sna_gap_texts(result: ScoringResult) -> list[str]:
    """The SNA gaps in words: "Part of the needs assessment is missing: ..." rather than the
    checklist code ("SNA component C1")."""
    texts = []
    for gap in result.sna.gaps:
        text = gap.text
        if gap.id.startswith("sna.component."):
            code = gap.id.removeprefix("sna.component.")
            text = text.replace(f"SNA component {code} is", "Part of the needs assessment is", 1)
        texts.append(text)
    return texts
