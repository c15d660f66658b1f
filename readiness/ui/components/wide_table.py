"""A wide table that people using a keyboard can scroll.

``st.table`` puts wide tables in a scrolling box that cannot take keyboard focus, which fails
WCAG 2.1.1 (axe rule ``scrollable-region-focusable``). This renders the same table as plain
HTML inside a labelled region with ``tabindex="0"``, so it can be focused and scrolled with the
arrow keys, and screen readers announce its name. On a phone a table can instead stack
(``stack=True``): each row a block, each cell on its own line after its heading.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

_STYLE = """<style>
.wide-table { overflow-x: auto; margin-bottom: 1rem; }
.wide-table:focus { outline: 3px solid #ffdd00; outline-offset: 2px; }
.wide-table table { border-collapse: collapse; font-size: 0.875rem; }
.wide-table th, .wide-table td { border: 1px solid #b1b4b6; padding: 0.35rem 0.5rem;
  text-align: left; vertical-align: top; }
.wide-table thead th { background: #f3f2f1; }
.wide-table tbody th { background: #f8f8f8; font-weight: 600; white-space: nowrap; }
.wide-table .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 640px) {
  .wide-table tbody th { white-space: normal; min-width: 9rem; }
  .wide-table.stack table, .wide-table.stack tbody, .wide-table.stack tr,
  .wide-table.stack th, .wide-table.stack td { display: block; }
  .wide-table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .wide-table.stack tr { border: 1px solid #b1b4b6; margin-bottom: 0.5rem; }
  .wide-table.stack tbody th, .wide-table.stack td { border: none; min-width: 0;
    padding: 0.15rem 0.5rem; }
  .wide-table.stack td::before { content: attr(data-label) ": "; font-weight: 600; }
}
</style>"""


def wide_table_html(frame: pd.DataFrame, label: str, *, stack: bool = False) -> str:
    """The HTML for ``frame`` (index as row headers) in a focusable, labelled region.

    With ``stack``, on a narrow screen (a phone) each row is drawn as a block with every cell
    on its own line after its column heading, instead of scrolling sideways; the table keeps
    its roles so screen readers still read it as a table."""
    index_name = html.escape(str(frame.index.name or ""))
    columns = [html.escape(str(c)) for c in frame.columns]
    role = (lambda r: f' role="{r}"') if stack else (lambda r: "")
    head = "".join(f'<th scope="col"{role("columnheader")}>{c}</th>' for c in columns)
    rows = []
    for index, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = "".join(
            f'<td data-label="{c}"{role("cell")}>{html.escape(str(v))}</td>'
            if stack
            else f"<td>{html.escape(str(v))}</td>"
            for c, v in zip(columns, values, strict=True)
        )
        rows.append(
            f'<tr{role("row")}><th scope="row"{role("rowheader")}>{html.escape(str(index))}</th>'
            f"{cells}</tr>"
        )
    name = html.escape(label, quote=True)
    kind = "wide-table stack" if stack else "wide-table"
    return (
        f'<div class="{kind}" role="region" aria-label="{name}" tabindex="0">'
        f"<table{role('table')}><caption class='sr-only'>{name}</caption>"
        f'<thead><tr{role("row")}><th scope="col"{role("columnheader")}>{index_name}</th>'
        f"{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def wide_table(frame: pd.DataFrame, label: str, *, stack: bool = False) -> None:
    """Draw ``frame`` as a keyboard-scrollable table (stacked on a phone with ``stack``)."""
    st.html(_STYLE + wide_table_html(frame, label, stack=stack))
