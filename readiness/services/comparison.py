"""Comparing partnerships: the comparison pack a regional lead downloads, built the same way for
the page (and, in time, the command line): a sheet for every partnership compared, and the
requirement titles from every questionnaire in use. Reading a region's data for the comparison
is for those who may compare the partnerships of that region."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readiness.access.policy import Permission, Target
from readiness.bundle import ContentBundle
from readiness.comparison import load
from readiness.comparison.pack import comparison_pack
from readiness.comparison.view import Comparison
from readiness.services.actor import Actor, require

if TYPE_CHECKING:
    from readiness.store import Store


def region_data(actor: Actor, store: Store, region_id: str) -> load.RegionData:
    """The partnerships and rounds of a region, to compare (refused, saying nothing about
    the region, unless the actor may compare the partnerships of that region)."""
    require(actor, Permission.COMPARE_REGION, Target(region_id))
    return load.region_data(store, region_id)


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
