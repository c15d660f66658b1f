"""What the evidence says about the actions on the Action plan page.

A warning for each action that names an approach rated as harmful (for example "scared
straight"), then, folded away, a table of the rated approaches each action relates to, with
the rating as published and the source. Ratings not checked at the source are never shown.
Action texts are typed by people, so they go through ``user_text`` (tables and warnings read
Markdown).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.store.records import StoredAction
from readiness.ui.components.text import user_text
from readiness.what_works import Evidence, WhatWorks, shipped_what_works


def evidence_rows(what_works: WhatWorks, actions: Sequence[StoredAction]) -> list[dict[str, str]]:
    """One row per action and approach, in the order the actions are shown."""
    rows = []
    for number, action in enumerate(actions, start=1):
        for item in what_works.for_action(action.id, action.question_id, action.text):
            approach = item.approach
            rows.append(
                {
                    "Action": f"{number}. {user_text(action.text)}",
                    "Approach": approach.name,
                    "Estimated impact on violence": (
                        "HARMFUL: named in this action" if item.flagged else approach.impact_short()
                    ),
                    "Confidence in the estimate": approach.evidence_short(),
                    "Source": f"{approach.source.title} ({approach.source.url})",
                }
            )
    return rows


def flagged(what_works: WhatWorks, actions: Sequence[StoredAction]) -> list[tuple[int, Evidence]]:
    out = []
    for number, action in enumerate(actions, start=1):
        for item in what_works.for_action(action.id, action.question_id, action.text):
            if item.flagged:
                out.append((number, item))
    return out


def what_works_panel(bundle: ContentBundle, actions: Sequence[StoredAction]) -> None:
    """Warnings for harmful approaches, and what the evidence says for the actions shown."""
    what_works = shipped_what_works(bundle)
    if what_works is None:
        return
    for number, item in flagged(what_works, actions):
        action = actions[number - 1]
        st.warning(
            f"Action {number}, \u201c{user_text(action.text)}\u201d: {item.flag_text(what_works)}",
            icon=":material/warning:",
        )
    rows = evidence_rows(what_works, actions)
    if not rows:
        return
    with st.expander(f"What the evidence says about these actions ({len(rows)} ratings)"):
        st.markdown(
            "Ratings from the Youth Endowment Fund (YEF) Toolkit, as published: the estimated "
            'impact on violence and how confident the reviewers are. "Not yet checked" means '
            "the rating has not been read at the source: follow the link before relying on it."
        )
        st.table(rows, hide_index=True)
        used = {
            a.id: a for a in what_works.approaches if any(r["Approach"] == a.name for r in rows)
        }
        st.markdown(
            "Sources: " + "; ".join(f"[{a.source.title}]({a.source.url})" for a in used.values())
        )
