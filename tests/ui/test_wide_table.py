"""Wide tables are keyboard-scrollable, labelled and escape what they show."""

from __future__ import annotations

import pandas as pd

from readiness.ui.components import wide_table as wide_table_module
from readiness.ui.components.wide_table import wide_table_html


def test_a_wide_table_is_a_focusable_labelled_region_with_row_and_column_headers() -> None:
    frame = pd.DataFrame(
        {"Leadership": ["2.4 Developing"], "Data": ["No answers"]},
        index=pd.Index(["Northshire <CSP>"], name="Partnership"),
    )
    html = wide_table_html(frame, "Maturity by domain for each partnership")
    assert 'role="region"' in html
    assert 'tabindex="0"' in html
    assert 'aria-label="Maturity by domain for each partnership"' in html
    assert '<th scope="col">Partnership</th>' in html
    assert '<th scope="row">Northshire &lt;CSP&gt;</th>' in html
    assert "<td>2.4 Developing</td><td>No answers</td>" in html
    assert "<CSP>" not in html


def test_a_stacked_table_labels_every_cell_and_keeps_its_table_roles() -> None:
    """On a phone a stacked table shows each cell after its heading (data-label); the roles keep
    it a table for screen readers when the rows are drawn as blocks."""
    frame = pd.DataFrame(
        {"Compliance band": ["Met"], "Overall maturity": ["2.5 (Developing)"]},
        index=pd.Index(["Northshire"], name="Partnership"),
    )
    html = wide_table_html(frame, "Bands", stack=True)
    assert 'class="wide-table stack"' in html
    assert 'tabindex="0"' in html
    assert '<table role="table">' in html
    assert '<th scope="row" role="rowheader">Northshire</th>' in html
    assert '<td data-label="Compliance band" role="cell">Met</td>' in html
    assert '<td data-label="Overall maturity" role="cell">2.5 (Developing)</td>' in html
    assert "td::before { content: attr(data-label)" in wide_table_module._STYLE


def test_a_table_scrolls_unless_asked_to_stack() -> None:
    frame = pd.DataFrame({"Data": ["No answers"]}, index=pd.Index(["A"], name="Partnership"))
    assert "stack" not in wide_table_html(frame, "Maturity")
    assert "data-label" not in wide_table_html(frame, "Maturity")
