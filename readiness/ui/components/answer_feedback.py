"""Feedback after saving a domain, where the person is looking.

The confirmation (or the error summary) is drawn beside the Save buttons, or at the top of
the next domain after "Save and go to the next domain", then scrolled into view and given
the keyboard focus, so a screen reader reads it out and nobody has to look for it. Streamlit
cannot focus an element itself: a short script does (:func:`focus_script`). The alert is a
``role="alert"`` region; it is made focusable with ``tabindex="-1"`` only (never a tab stop).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import streamlit as st

from readiness.ui.components.errors import linked_summary_markdown
from readiness.ui.components.text import user_text

FEEDBACK = "answer.feedback"
NONCE = "answer.feedback.nonce"
BOX_KEY = "answer-feedback"
"""The container's key: Streamlit gives it the CSS class ``st-key-answer-feedback``."""

Kind = Literal["saved", "unchanged", "problem"]
Where = Literal["buttons", "top"]


@dataclass(frozen=True)
class Feedback:
    """A message for the next run of the page (after ``st.rerun``)."""

    kind: Kind
    message: str  # plain text: escaped when shown
    where: Where
    anchor: str = ""  # a problem: the HTML id on the page that it links to


def remember(kind: Kind, message: str, where: Where = "buttons", anchor: str = "") -> None:
    st.session_state[FEEDBACK] = Feedback(kind, message, where, anchor)


def take(where: Where) -> Feedback | None:
    """The waiting message for ``where`` (it is shown once)."""
    waiting = st.session_state.get(FEEDBACK)
    if isinstance(waiting, Feedback) and waiting.where == where:
        del st.session_state[FEEDBACK]
        return waiting
    return None


def show(feedback: Feedback) -> None:
    if feedback.kind == "problem":
        show_problems([(feedback.message, feedback.anchor)])
    else:
        _draw(feedback.kind, user_text(feedback.message))


def show_problems(items: Sequence[tuple[str, str]]) -> None:
    """The error summary, each problem a link to its question (``(message, anchor)``)."""
    _draw("problem", linked_summary_markdown(items))


def _draw(kind: Kind, markdown: str) -> None:
    nonce = int(st.session_state.get(NONCE, 0)) + 1
    st.session_state[NONCE] = nonce
    with st.container(key=BOX_KEY):
        if kind == "saved":
            st.success(markdown, icon=":material/check_circle:")
        elif kind == "unchanged":
            st.info(markdown, icon=":material/info:")
        else:
            st.error(markdown, icon=":material/error:")
        st.html(focus_script(nonce), unsafe_allow_javascript=True)


def focus_script(nonce: int) -> str:
    """Scroll the feedback into the middle of the screen and move the focus to it; a link in
    an error summary then moves the focus to the first field of its question (GOV.UK).

    ``nonce`` makes each message's script different, so it runs once per message (Streamlit
    keeps an unchanged element, and its script does not run again on a rerun).
    """
    return f"""<script>
/* feedback {nonce} */
(() => {{
  let tries = 0;
  const focus = () => {{
    const box = document.querySelector(".st-key-{BOX_KEY} [role='alert']")
      || document.querySelector(".st-key-{BOX_KEY} [data-testid='stAlert']");
    if (!box) {{
      if (tries++ < 40) setTimeout(focus, 50);
      return;
    }}
    box.setAttribute("tabindex", "-1");
    box.scrollIntoView({{block: "center"}});
    box.focus({{preventScroll: true}});
    // A link in the error summary moves the focus to the first field of its question.
    box.querySelectorAll("a[href^='#']").forEach((link) => {{
      link.addEventListener("click", (event) => {{
        const target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) return;
        event.preventDefault();
        target.scrollIntoView({{block: "start"}});
        const card = target.closest("[data-testid='stVerticalBlock']");
        const field = card && card.querySelector(
          "input:not([type='hidden']):not([disabled]), textarea, [role='combobox']");
        if (field) field.focus({{preventScroll: true}});
      }});
    }});
  }};
  focus();
}})();
</script>"""
