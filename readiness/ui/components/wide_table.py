"""A wide table that people using a keyboard can scroll.

``st.table`` puts wide tables in a scrolling box that cannot take keyboard focus, which fails
WCAG 2.1.1 (axe rule ``scrollable-region-focusable``). This renders the same table as plain
HTML inside a labelled region with ``tabindex="0"``, so it can be focused and scrolled with the
arrow keys, and screen readers announce its name.
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
</style>"""


def wide_table_html(frame: pd.DataFrame, label: str) -> str:
    """The HTML for ``frame`` (index as row headers) in a focusable, labelled region."""
    index_name = html.escape(str(frame.index.name or ""))
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    rows = []
    for index, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in values)
        rows.append(f'<tr><th scope="row">{html.escape(str(index))}</th>{cells}</tr>')
    name = html.escape(label, quote=True)
    return (
        f'<div class="wide-table" role="region" aria-label="{name}" tabindex="0">'
        f"<table><caption class='sr-only'>{name}</caption>"
        f'<thead><tr><th scope="col">{index_name}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def wide_table(frame: pd.DataFrame, label: str) -> None:
    st.html(_STYLE + wide_table_html(frame, label))
