"""Merging suggested data-source answers into the lead's current answer: nothing the uploads
say nothing about is lost, and every change is listed before it is saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from readiness.evidence.schema import UploadInfo, UploadQuality
from readiness.evidence.sources import SourceSuggestion, merge_suggestions, suggest_sources
from readiness.models.answers import SourceAnswer

POLICE = SourceSuggestion(
    source_id="police_recorded_crime",
    answer=SourceAnswer(
        availability="record_level", timeliness="current", granularity="neighbourhood"
    ),
    reason="From 1 upload.",
)
ROW = {
    "availability": "record_level",
    "timeliness": "current",
    "granularity": "neighbourhood",
    "agreement": False,
    "used_in_sna": False,
}
OLD = {
    "availability": "aggregate",
    "timeliness": "stale",
    "granularity": "local_authority",
    "agreement": True,
    "used_in_sna": True,
}
HEALTH = {
    "availability": "none",
    "timeliness": "unknown",
    "granularity": "none",
    "agreement": False,
    "used_in_sna": False,
}


@pytest.mark.parametrize(
    ("current", "expected", "changed"),
    [
        (None, {"police_recorded_crime": ROW}, True),
        ({"ed_istv": HEALTH}, {"ed_istv": HEALTH, "police_recorded_crime": ROW}, True),
        (
            {"police_recorded_crime": OLD},
            {"police_recorded_crime": {**ROW, "agreement": True, "used_in_sna": True}},
            True,
        ),
        ({"police_recorded_crime": ROW}, {"police_recorded_crime": ROW}, False),
        ({"police_recorded_crime": "not a row"}, {"police_recorded_crime": ROW}, True),
    ],
    ids=[
        "no answer yet: the suggested row is added",
        "sources the uploads say nothing about are kept",
        "sharing agreement and use in the SNA are kept from the current answer",
        "an answer that already matches changes nothing",
        "an unreadable row is replaced and shown as a change",
    ],
)
def test_suggestions_merge_into_the_current_answer(
    current: dict[str, Any] | None, expected: dict[str, Any], changed: bool
) -> None:
    merged, changes = merge_suggestions(current, [POLICE])
    assert merged == expected
    assert bool(changes) == changed
    if changes:
        assert changes[0].source_id == "police_recorded_crime"
        assert changes[0].after.availability == "record_level"


def test_a_change_shows_the_old_and_the_new_row() -> None:
    _, changes = merge_suggestions({"police_recorded_crime": OLD}, [POLICE])
    (change,) = changes
    assert change.before == SourceAnswer.model_validate(OLD)
    assert change.after.timeliness == "current"
    assert change.after.agreement is True


def test_merging_does_not_change_the_answer_passed_in() -> None:
    current = {"police_recorded_crime": dict(OLD)}
    merge_suggestions(current, [POLICE])
    assert current == {"police_recorded_crime": OLD}


def test_uploads_become_one_suggestion_per_source() -> None:
    quality = UploadQuality(rows=10)
    uploads = [
        UploadInfo(
            upload_id=f"u{i}",
            file_name=f"f{i}.csv",
            fingerprint=f"u{i}",
            source_type=kind,
            providers=["x"],
            granularity="record_level",
            geography="neighbourhood",
            rows=10,
            incidents=10,
            period_start="2024-01",
            period_end=end,
            quality=quality,
        )
        for i, (kind, end) in enumerate(
            [("police_street", "2024-06"), ("police_street", "2024-12"), ("ed_istv", "2024-03")]
        )
    ]
    suggestions = suggest_sources(uploads, dt.date(2025, 1, 15))
    merged, _ = merge_suggestions({"ambulance": HEALTH}, suggestions)
    assert sorted(merged) == ["ambulance", "ed_istv", "police_recorded_crime"]
    assert merged["police_recorded_crime"]["timeliness"] == "current"
    assert merged["ed_istv"]["timeliness"] == "recent"


def _upload(kind: str, sna_source_id: str | None = None) -> UploadInfo:
    return UploadInfo(
        upload_id="u",
        file_name="f.csv",
        fingerprint="u",
        source_type=kind,
        providers=["x"],
        granularity="aggregate",
        geography="local_authority",
        rows=3,
        incidents=3,
        period_start="2024-03",
        period_end="2024-05",
        quality=UploadQuality(rows=3),
        sna_source_id=sna_source_id,
    )


def test_other_data_suggests_the_row_the_user_chose_and_nothing_without_one() -> None:
    (suggestion,) = suggest_sources([_upload("other", "youth_justice")], dt.date(2024, 6, 1))
    assert suggestion.source_id == "youth_justice"
    assert suggestion.answer.availability == "aggregate"
    assert "(Other source)" in suggestion.reason
    assert suggest_sources([_upload("other")], dt.date(2024, 6, 1)) == []


def test_the_reason_names_sources_in_words() -> None:
    (suggestion,) = suggest_sources([_upload("police_street")], dt.date(2024, 6, 1))
    assert "(data.police.uk street-level crime)" in suggestion.reason
    assert "police_street" not in suggestion.reason
