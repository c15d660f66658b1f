"""The one helper for showing user text: what it escapes, and that the reader sees the text
exactly as it was typed; and formulas neutralised in the tables offered as CSV downloads."""

from __future__ import annotations

import pandas as pd
import pytest

from readiness.ui.components.text import formula_safe, unescape, user_list, user_text
from tests.hostile.pages import IMAGE, LINK, live_markup

HOSTILE = [
    IMAGE,
    LINK,
    "<img src=x onerror=alert(1)>",
    "www.example.org and someone@example.org",
    ":red[warning] :material/lock: $x^2$",
    "**bold** _it_ `code` ~~gone~~ | a | b |",
    "# Heading",
    "- item",
    "1. first",
    "&lt;b&gt; &amp;",
    "\\[escaped\\]",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_leaves_nothing_for_markdown_and_shows_the_text_as_typed(text: str) -> None:
    escaped = user_text(text)
    assert live_markup(escaped) == []
    assert unescape(escaped) == text


def test_plain_names_are_unchanged() -> None:
    for name in ("Anytown CSP", "North-East VRU", "2026/27", "O'Brien, Sam"):
        assert user_text(name) == name


def test_line_breaks_cannot_start_a_block() -> None:
    assert user_text("Anytown\n# Heading\n- item") == "Anytown # Heading - item"
    assert user_text("# Heading") == "\\# Heading"
    assert user_text("- item") == "\\- item"


def test_a_list_of_names_is_escaped_one_by_one() -> None:
    assert user_list(["a](x", "b"]) == "a\\](x, b"


def test_formula_cells_get_an_apostrophe_and_numbers_do_not() -> None:
    frame = pd.DataFrame(
        {
            "=cmd|' /C calc'!A0": ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-", "plain"],
            "n": [-1, 2, 3, 4, 5],
        }
    )
    safe = formula_safe(frame)
    assert list(safe.columns) == ["'=cmd|' /C calc'!A0", "n"]
    assert list(safe.iloc[:, 0]) == ['\'=HYPERLINK("http://x")', "'+1", "'@SUM(A1)", "-", "plain"]
    assert list(safe["n"]) == [-1, 2, 3, 4, 5]
    assert str(frame.columns[0]).startswith("=")  # the original is not changed
