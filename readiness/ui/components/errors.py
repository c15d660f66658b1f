"""GOV.UK-style error messages: a summary at the top of a form and a message beside each field."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.ui.components.text import user_text

SUMMARY_TITLE = "There is a problem"


def summary_markdown(messages: Sequence[str]) -> str:
    """The text of the error summary ("There is a problem" and a list of what to fix)."""
    items = "\n".join(f"- {user_text(message)}" for message in messages)  # they quote names
    return f"**{SUMMARY_TITLE}**\n\n{items}"


def linked_summary_markdown(items: Sequence[tuple[str, str]]) -> str:
    """The error summary with each problem a link to its field (the GOV.UK pattern).

    ``items`` are ``(message, anchor)``: ``anchor`` is the HTML id of the field's place on the
    page (letters, digits and hyphens), or "" for a problem with no field to link to.
    """
    lines = []
    for message, anchor in items:
        words = user_text(message)  # they quote names
        lines.append(f"- [{words}](#{anchor})" if anchor else f"- {words}")
    return f"**{SUMMARY_TITLE}**\n\n" + "\n".join(lines)


def error_summary(messages: Sequence[str], slot: DeltaGenerator | None = None) -> None:
    """Show the error summary when there is anything to fix (nothing otherwise).

    ``slot`` is an ``st.empty()``/``st.container()`` created at the top of the form, so the
    summary appears above the fields even though validation runs after they are drawn.
    """
    if not messages:
        return
    target: DeltaGenerator = slot if slot is not None else st.container()
    target.error(summary_markdown(messages), icon=":material/error:")


def field_error(message: str, slot: DeltaGenerator | None = None) -> None:
    """The message shown next to the field that needs fixing."""
    target: DeltaGenerator = slot if slot is not None else st.container()
    target.error(f"Error: {user_text(message)}")
