"""Glue between the store and the pure report builders, shared by the command line and the UI.

The store object is passed in by the caller; this module never imports SQLite. The time to print
is an argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readiness.bundle import ContentBundle
from readiness.comparison.load import ScoreCache, load_comparison, region_data
from readiness.report.partnership import (
    PartnershipReportInput,
    PreviousRound,
    build_partnership_report,
)
from readiness.report.region import RegionReportInput, build_region_report
from readiness.scoring import ScoringResult
from readiness.services.results import score_answer_set
from readiness.what_works import WhatWorks

if TYPE_CHECKING:
    from readiness.store.store import Store


def _score(store: Store, bundle: ContentBundle, round_id: str) -> ScoringResult:
    return score_answer_set(bundle, store.round_answer_set(round_id))


def partnership_input(
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    generated_at: dt.datetime,
    what_works: WhatWorks | None = None,
    sync: bool = True,
    user: str = "report",
) -> PartnershipReportInput:
    """Everything the partnership report shows, read from the store and scored now.

    As for the Excel action plan, an open round's saved plan is first brought in line with the
    latest scores (``sync_generated_actions``: partners' edits are kept), so the report's action
    plan is the one partners see on the Action plan page.
    """
    round_ = store.get_round(round_id)
    result = _score(store, bundle, round_id)
    if sync and round_.status == "open":
        store.sync_generated_actions(round_id, result.actions, user=user)
    partnership = store.get_partnership(round_.partnership_id)
    earlier = sorted(
        (
            r
            for r in store.list_rounds(partnership.id)
            if r.id != round_id and (r.as_of, r.created_at) < (round_.as_of, round_.created_at)
        ),
        key=lambda r: (r.as_of, r.created_at),
    )
    previous = None
    notes: list[str] = []
    if earlier:
        before = earlier[-1]
        if before.questionnaire_id == bundle.questionnaire.id:
            previous = PreviousRound(label=before.label, result=_score(store, bundle, before.id))
        else:
            notes.append(
                f"The previous round ({before.label}) used another questionnaire, so "
                "no change is shown."
            )
    region = next((r for r in store.list_regions() if r.id == partnership.region_id), None)
    region_name = region.name if region else ""
    return PartnershipReportInput(
        partnership=partnership,
        round=round_,
        result=result,
        bundle=bundle,
        generated_at=generated_at,
        agencies=store.list_agencies(partnership.id),
        actions=store.actions_for(round_id),
        what_works=what_works,
        previous=previous,
        region_name=region_name,
        notes=notes,
    )


def partnership_report(
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    generated_at: dt.datetime,
    what_works: WhatWorks | None = None,
    sync: bool = True,
    user: str = "report",
) -> bytes:
    """The board report (.docx) for one round of one partnership."""
    return build_partnership_report(
        partnership_input(
            store,
            bundle,
            round_id,
            generated_at=generated_at,
            what_works=what_works,
            sync=sync,
            user=user,
        )
    )


def region_report(
    store: Store,
    bundles: Sequence[ContentBundle],
    region_id: str | None,
    *,
    generated_at: dt.datetime,
    round_label: str | None = None,
    min_share: float = 0.5,
    cache: ScoreCache | None = None,
) -> bytes:
    """The region report (.docx): every partnership of a region (``None``: every region)."""
    data = region_data(store, region_id)
    comparison = load_comparison(
        store, bundles, data, round_label=round_label, cache=cache or ScoreCache()
    )
    return build_region_report(
        RegionReportInput(
            comparison=comparison,
            region_name=data.region_name,
            generated_at=generated_at,
            min_share=min_share,
        )
    )
