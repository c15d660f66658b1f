"""The column-matching step for a force extract, a health extract or any other CSV or XLSX.

After a file is chosen, every column the tool can use gets a labelled selectbox listing the
file's columns, with the suggested match already selected. The user checks or changes them,
then confirms; only then is the file read (with :func:`read_mapped_files`) and saved.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from readiness.evidence.mapping import MAPPABLE, ColumnMapping, suggest_mapping

NOT_IN_FILE = "(not in this file)"


def mapping_fields() -> list[str]:
    """The mappable fields, in the order the form shows them."""
    return list(MAPPABLE)


def choose_mapping(columns: Sequence[str], *, key: str) -> ColumnMapping:
    """Labelled selectboxes, one per mappable field, pre-set from :func:`suggest_mapping`.

    Returns the mapping the user has chosen so far.
    """
    suggested = suggest_mapping(list(columns)).model_dump()
    options = [NOT_IN_FILE, *columns]
    chosen: dict[str, str | None] = {}
    left, right = st.columns(2)
    for index, field in enumerate(mapping_fields()):
        current = suggested.get(field)
        where = left if index % 2 == 0 else right
        picked = where.selectbox(
            MAPPABLE[field],
            options,
            index=options.index(current) if current in options else 0,
            key=f"{key}.{field}",
            help=f"The column of the file that holds the {MAPPABLE[field].lower()}.",
        )
        chosen[field] = None if picked == NOT_IN_FILE else picked
    return ColumnMapping(**{k: v for k, v in chosen.items() if v})
