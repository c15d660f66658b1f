"""The comparison as JSON-ready data (``python -m readiness compare --json``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from readiness.comparison import tables
from readiness.comparison.view import Comparison


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                clean[str(key)] = None
            elif hasattr(value, "isoformat"):
                clean[str(key)] = value.isoformat()
            elif hasattr(value, "item"):  # numpy scalars
                clean[str(key)] = value.item()
            else:
                clean[str(key)] = value
        out.append(clean)
    return out


def comparison_document(
    c: Comparison,
    *,
    region_id: str | None,
    region_name: str,
    min_share: float = 0.5,
    requirement_titles: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the command line prints with ``--json``."""
    compliance = tables.compliance_table(c)
    ranks = dict(zip(compliance["partnership_id"], compliance["rank"], strict=True))
    matrix = tables.maturity_matrix(c)
    partnerships = []
    for s in c.current:
        partnerships.append(
            {
                "id": s.partnership_id,
                "name": s.name,
                "nation": s.info.nation,
                "partnership_type": s.info.partnership_type,
                "round": s.info.round_label,
                "as_of": s.info.as_of.isoformat(),
                "questionnaire_version": s.result.questionnaire_version,
                "band": s.result.compliance.band,
                "blockers": len(s.result.compliance.blockers),
                "overall_maturity": s.result.overall.maturity,
                "overall_label": s.result.overall.label,
                "rank": int(ranks[s.partnership_id]),
                "domains": {d: _num(matrix.at[s.partnership_id, d]) for d in c.domain_ids},
                "note": c.notes.get(s.partnership_id, ""),
            }
        )
    distribution = tables.domain_distribution(c).set_index("domain_id")
    return {
        "region": {"id": region_id, "name": region_name},
        "round": c.round_label,
        "questionnaire": {"id": c.questionnaire_id, "version": c.questionnaire_version},
        "domains": [{"id": d.id, "title": d.title} for d in c.domains],
        "partnerships": partnerships,
        "median": {d: _num(distribution.at[d, "median"]) for d in c.domain_ids},
        "overall_median": tables.overall_median(c),
        "distribution": _records(tables.domain_distribution(c)),
        "common_gaps": _records(tables.common_gaps(c, min_share)),
        "common_requirement_gaps": _records(
            tables.common_requirement_gaps(c, min_share, requirement_titles)
        ),
        "min_share": min_share,
        "changes": _records(tables.changes(c)),
        "left_out": [x.model_dump() for x in c.left_out],
    }
