"""Comparing partnerships: the comparison pack a regional lead downloads, built the same way for
the page (and, in time, the command line): a sheet for every partnership compared, and the
requirement titles from every questionnaire in use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from readiness.bundle import ContentBundle
from readiness.comparison.pack import comparison_pack
from readiness.comparison.view import Comparison


def requirement_titles(bundles: Sequence[ContentBundle]) -> dict[str, str]:
    """Requirement id -> title, over every questionnaire (a later one wins a shared id)."""
    return {rid: req.title for b in bundles for rid, req in b.requirements.items()}


def pack_workbook(
    comparison: Comparison,
    bundles: Sequence[ContentBundle],
    *,
    region_name: str,
    min_share: float,
    generated: dt.date,
    partnership_sheets: bool = True,
) -> bytes:
    """The comparison pack (.xlsx bytes), with a sheet for each partnership compared unless
    ``partnership_sheets`` is False."""
    return comparison_pack(
        comparison,
        region_name=region_name,
        generated=generated,
        min_share=min_share,
        partnership_sheets=(
            [s.partnership_id for s in comparison.current] if partnership_sheets else ()
        ),
        requirement_titles=requirement_titles(bundles),
    )
