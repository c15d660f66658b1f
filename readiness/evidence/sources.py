"""Suggested answers for the SNA data-source matrix (question ``sna.data_sources``), from
what the partnership actually uploaded. They are suggestions: the user confirms each one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from readiness.evidence.schema import SOURCE_TYPE_LABELS, Frozen, UploadInfo
from readiness.models.answers import Availability, Granularity, SourceAnswer, Timeliness

SOURCE_IDS: dict[str, str] = {
    "police_street": "police_recorded_crime",
    "police_extract": "police_recorded_crime",
    "ed_istv": "ed_istv",
    "ambulance": "ambulance",
}
_GEOGRAPHY: dict[str, Granularity] = {
    "point": "point",
    "neighbourhood": "neighbourhood",
    "local_authority": "local_authority",
    "force_area": "force_area",
    "none": "none",
}
_RANK_AVAIL = {"none": 0, "aggregate": 1, "record_level": 2}
_RANK_GRAIN = {"none": 0, "force_area": 1, "local_authority": 2, "neighbourhood": 3, "point": 4}


class SourceSuggestion(Frozen):
    source_id: str
    answer: SourceAnswer
    reason: str


def timeliness(period_end: str | None, as_of: dt.date) -> Timeliness:
    """How old the newest month is on ``as_of``: under 3 months is current, up to 12 recent."""
    if not period_end:
        return "unknown"
    year, month = int(period_end[:4]), int(period_end[5:7])
    age = (as_of.year * 12 + as_of.month) - (year * 12 + month)
    if age < 3:
        return "current"
    if age <= 12:
        return "recent"
    return "stale"


def suggest_sources(uploads: Sequence[UploadInfo], as_of: dt.date) -> list[SourceSuggestion]:
    """One suggestion per data-source row the uploads speak to."""
    grouped: dict[str, list[UploadInfo]] = {}
    for upload in uploads:
        source_id = upload.sna_source_id or SOURCE_IDS.get(upload.source_type)
        if source_id:
            grouped.setdefault(source_id, []).append(upload)
    out: list[SourceSuggestion] = []
    for source_id, items in grouped.items():
        availability: Availability = max(
            (u.granularity for u in items), key=lambda g: _RANK_AVAIL[g]
        )
        grain = max((_GEOGRAPHY[u.geography] for u in items), key=lambda g: _RANK_GRAIN[g])
        ends = [u.period_end for u in items if u.period_end]
        starts = [u.period_start for u in items if u.period_start]
        end = max(ends) if ends else None
        when = timeliness(end, as_of)
        period = f"{min(starts)} to {end}" if starts and end else "no dated rows"
        types = {u.source_type for u in items}
        kinds = ", ".join(sorted(SOURCE_TYPE_LABELS[t] for t in types))
        reason = (
            f"From {len(items)} upload(s) ({kinds}) covering {period}: "
            f"{'record-level' if availability == 'record_level' else 'aggregate'} data, "
            f"finest geography {grain.replace('_', ' ')}. Confirm whether a data sharing "
            "agreement covers it and whether it was used in your latest assessment."
        )
        if "police_street" in types and "police_extract" not in types:
            reason += (
                " data.police.uk is open data with only 14 broad categories: it is a "
                "proxy for police recorded crime, not a force extract."
            )
        out.append(
            SourceSuggestion(
                source_id=source_id,
                answer=SourceAnswer(availability=availability, timeliness=when, granularity=grain),
                reason=reason,
            )
        )
    return sorted(out, key=lambda s: s.source_id)


#: The questionnaire's data-source matrix question the suggestions are for.
SNA_QUESTION_ID = "sna.data_sources"


class SourceChange(Frozen):
    """One row of the data-source matrix that confirming the suggestions would change."""

    source_id: str
    before: SourceAnswer | None
    after: SourceAnswer
    reason: str


def _parse_row(value: object) -> SourceAnswer | None:
    if isinstance(value, SourceAnswer):
        return value
    if not isinstance(value, Mapping):
        return None
    try:
        return SourceAnswer.model_validate(dict(value))
    except ValidationError:
        return None


def merge_suggestions(
    current: object, suggestions: Sequence[SourceSuggestion]
) -> tuple[dict[str, Any], list[SourceChange]]:
    """Merge suggested rows into the current matrix answer (``None`` when not answered).

    Availability, timeliness and geography come from the uploads; whether a sharing agreement
    covers the source and whether it was used in the SNA are kept from the current answer,
    because an upload says nothing about them. Rows for sources the uploads say nothing about
    are kept as they are. Returns the merged value and the rows that would change.
    """
    existing: dict[str, Any] = dict(current) if isinstance(current, Mapping) else {}
    merged: dict[str, Any] = dict(existing)
    changes: list[SourceChange] = []
    for suggestion in suggestions:
        before = _parse_row(existing.get(suggestion.source_id))
        after = suggestion.answer
        if before is not None:
            after = after.model_copy(
                update={"agreement": before.agreement, "used_in_sna": before.used_in_sna}
            )
        merged[suggestion.source_id] = after.model_dump(mode="json")
        if before != after:
            changes.append(
                SourceChange(
                    source_id=suggestion.source_id,
                    before=before,
                    after=after,
                    reason=suggestion.reason,
                )
            )
    return merged, changes
