"""Police versus health: counts by month and by area, and where they diverge most.

Police and health counts are on different scales (many police records are not injuries; many
assaults seen in hospital are never reported), so divergence compares each month's or area's
*share* of its own source's total. A positive divergence means health services see more of
that month's or area's violence than the police do: violence the police may not see.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from readiness.evidence._frame import category_counts
from readiness.evidence.definition import (
    DEFAULT_DEFINITION,
    SeriousViolenceDefinition,
    serious_violence_mask,
)
from readiness.evidence.profile import weights_of
from readiness.evidence.schema import Frozen

TOP_DIVERGENCES = 5


class TriangulationRow(Frozen):
    key: str
    police: int | None
    health: int | None
    police_share: float | None
    health_share: float | None
    divergence: float | None
    suppressed: bool = False


class Triangulation(Frozen):
    police_total: int
    health_total: int
    health_sources: list[str]
    by_month: list[TriangulationRow]
    by_area: list[TriangulationRow]
    area_note: str
    biggest_month_gaps: list[TriangulationRow]
    biggest_area_gaps: list[TriangulationRow]
    summary: str


def _selected(
    frame: pd.DataFrame, definition: SeriousViolenceDefinition
) -> tuple[np.ndarray, np.ndarray | None]:
    n = len(frame)
    keep = np.ones(n, dtype=bool)
    if "in_partnership_area" in frame:
        keep &= ~frame["in_partnership_area"].eq(False).fillna(False).to_numpy(dtype=bool)
    if "is_asb" in frame:
        keep &= ~frame["is_asb"].to_numpy(dtype=bool)
    mask = keep & serious_violence_mask(frame, definition)
    return mask, weights_of(frame)


def _by(frame: pd.DataFrame, column: str, definition: SeriousViolenceDefinition) -> dict[str, int]:
    if column not in frame or not len(frame):
        return {}
    mask, weights = _selected(frame, definition)
    counts = category_counts(
        frame[column].astype("category")[mask], None if weights is None else weights[mask]
    )
    return {k: v for k, v in counts.items() if k.strip()}


def _rows(police: dict[str, int], health: dict[str, int]) -> list[TriangulationRow]:
    p_total, h_total = sum(police.values()), sum(health.values())
    rows = []
    for key in sorted(set(police) | set(health)):
        p, h = police.get(key, 0), health.get(key, 0)
        ps = p / p_total if p_total else None
        hs = h / h_total if h_total else None
        divergence = hs - ps if ps is not None and hs is not None else None
        rows.append(
            TriangulationRow(
                key=key, police=p, health=h, police_share=ps, health_share=hs, divergence=divergence
            )
        )
    return rows


def _top(rows: list[TriangulationRow]) -> list[TriangulationRow]:
    positive = [r for r in rows if r.divergence is not None and r.divergence > 0]
    return sorted(positive, key=lambda r: -(r.divergence or 0))[:TOP_DIVERGENCES]


def triangulate(
    police: pd.DataFrame,
    health: pd.DataFrame,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
) -> Triangulation:
    """Compare police serious violence with health-recorded assaults by month and area."""
    by_month = _rows(
        _by(police, "period_month", definition), _by(health, "period_month", definition)
    )
    health_area = "lsoa_code" if "lsoa_code" in health else "area_code"
    police_area = _by(police, "lsoa_code", definition)
    health_areas = _by(health, health_area, definition)
    shared = set(police_area) & set(health_areas)
    if not health_areas:
        area_note = (
            "The health data has no area (LSOA or ward), so it can only be compared "
            "with police data month by month."
        )
        by_area: list[TriangulationRow] = []
    elif not shared:
        area_note = (
            "The health data's areas do not match the police LSOA codes, so areas "
            "cannot be compared. Supply health data with 2021 LSOA codes."
        )
        by_area = []
    else:
        area_note = f"{len(shared)} areas appear in both sources."
        by_area = _rows(police_area, health_areas)
    police_total = sum(r.police or 0 for r in by_month)
    health_total = sum(r.health or 0 for r in by_month)
    sources = sorted(set(health["source_type"].astype(str))) if len(health) else []
    gaps = _top(by_month)
    summary = (
        f"Police recorded {police_total} serious violence offences and health services "
        f"recorded {health_total} assaults over the same data."
    )
    if gaps:
        summary += (
            " Health services saw a larger share of violence than the police in "
            f"{', '.join(r.key for r in gaps)}."
        )
    return Triangulation(
        police_total=police_total,
        health_total=health_total,
        health_sources=sources,
        by_month=by_month,
        by_area=by_area,
        area_note=area_note,
        biggest_month_gaps=gaps,
        biggest_area_gaps=_top(by_area),
        summary=summary,
    )
