"""Wide tables are keyboard-scrollable, labelled and escape what they show."""

from __future__ import annotations

import pandas as pd

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
