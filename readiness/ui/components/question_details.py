"""The fold under each question on the answer page: guidance, what each level looks like,
what the question checks, and the optional fields (does not apply, evidence, comment).

Folding them keeps a domain of many questions short; every field keeps its own label.
"""

from __future__ import annotations

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.models import LEVEL_LABELS, Question, ScaleQuestion


def details_label(question: Question) -> str:
    """The words on the expander that holds a question's guidance and optional fields."""
    parts = ["Guidance"]
    if question.scored:
        parts.append("evidence")
    parts.append("comment")
    if question.allow_na:
        return f"{', '.join(parts)} or “does not apply”"
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def draw_details(
    question: Question,
    bundle: ContentBundle,
    *,
    na_key: str,
    reason_key: str,
    evidence_key: str,
    comment_key: str,
) -> None:
    """The expander under a question: guidance, what each level looks like, what the question
    checks, and the optional fields (their widget keys are given by the caller)."""
    state = st.session_state
    filled = [
        name
        for name, key in (("evidence given", evidence_key), ("comment given", comment_key))
        if str(state.get(key) or "").strip()
    ]
    ticked = question.allow_na and bool(state.get(na_key))
    if ticked:
        filled.insert(0, "does not apply")
    label = details_label(question) + (f" ({', '.join(filled)})" if filled else "")
    with st.expander(label, expanded=ticked):
        _guidance(question, bundle)
        if question.allow_na:
            st.checkbox("This question does not apply to us", key=na_key)
            st.text_input("Why it does not apply (needed when it does not apply)", key=reason_key)
        if question.scored:
            st.text_area(
                "Evidence (optional)",
                key=evidence_key,
                help=question.evidence_prompt or "Name the documents or data that show this.",
                height=68,
            )
        st.text_area("Comment (optional)", key=comment_key, height=68)


def _guidance(question: Question, bundle: ContentBundle) -> None:
    st.markdown(question.guidance)
    if question.evidence_prompt:
        st.markdown(f"**Evidence to look for:** {question.evidence_prompt}")
    if isinstance(question, ScaleQuestion):
        lines = [
            f"- **{level} {LEVEL_LABELS[level]}**: {text}"
            for level, text in enumerate(question.levels.as_list())
        ]
        st.markdown("**What each level looks like**\n\n" + "\n".join(lines))
    duties = [bundle.requirements[r] for r in question.requirements if r in bundle.requirements]
    if duties:
        st.caption(
            "What this checks: "
            + "; ".join(duty.title for duty in duties)
            + " (reference "
            + ", ".join(duty.id for duty in duties)
            + ")"
        )
