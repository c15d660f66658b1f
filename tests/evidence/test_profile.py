"""The profile: trend, peaks, hotspots, proxy statement, suppression, health and triangulation."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.evidence.definition import SeriousViolenceDefinition
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.mapping import ColumnMapping, suggest_mapping
from readiness.evidence.police import read_police_files
from readiness.evidence.profile import build_profile, peaks_and_troughs
from readiness.evidence.report import build_report
from readiness.evidence.sources import timeliness
from tests.evidence.conftest import CITY, ISTV_ROWS, istv_csv, street_paths


@pytest.fixture(scope="module")
def police(street_files: list[SourceFile]):  # type: ignore[no-untyped-def]
    return read_police_files(street_files, area=CITY)


def test_profile_totals_match_the_rows(police) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(police.frame)
    frame = police.frame
    inside = ~frame["in_partnership_area"].eq(False).fillna(False)
    asb = int((frame["is_asb"] & inside).sum())
    assert profile.asb == asb
    assert profile.total + profile.asb + profile.out_of_area_excluded == len(frame)
    assert sum(p.serious_violence or 0 for p in profile.monthly) == profile.serious_violence
    assert profile.months == 12


def test_police_uk_only_data_is_called_a_proxy(police) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(police.frame)
    assert profile.is_proxy
    assert profile.proxy_statement is not None
    assert "over-count" in profile.proxy_statement


def test_hotspots_are_ordered_with_shares_of_the_total(police) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(police.frame)
    counts = [h.count or 0 for h in profile.hotspots_lsoa]
    assert counts == sorted(counts, reverse=True)
    assert all(h.name.startswith("City of London") for h in profile.hotspots_lsoa)
    top = profile.hotspots_lsoa[0]
    assert top.share == pytest.approx((top.count or 0) / profile.serious_violence)
    located = sum(counts)
    assert located + profile.unlocated_serious_violence <= profile.serious_violence


def test_month_only_data_says_time_of_day_is_not_available(police) -> None:  # type: ignore[no-untyped-def]
    profile = build_profile(police.frame)
    assert profile.hour_of_day == []
    assert "only gives the month" in profile.time_note


@pytest.mark.parametrize(
    ("series", "marks"),
    [
        ([10, 10, 10], ["", "", ""]),
        ([1, 9, 1, 1, 1], ["", "peak", "", "", ""]),
        ([9, 9, 1, 9, 9], ["", "", "trough", "", ""]),
        ([1, 2], ["", ""]),
    ],
    ids=[
        "a flat series has no peaks",
        "a spike is a peak",
        "a dip is a trough",
        "two months are too few",
    ],
)
def test_peaks_and_troughs(series: list[int], marks: list[str]) -> None:
    assert peaks_and_troughs(series) == marks


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=0, max_size=60))
def test_a_month_is_never_both_a_peak_and_a_trough(series: list[int]) -> None:
    marks = peaks_and_troughs(series)
    assert len(marks) == len(series)
    for i, mark in enumerate(marks):
        if mark == "peak":
            assert series[i] > sum(series) / len(series)
        if mark == "trough":
            assert series[i] < sum(series) / len(series)


def test_small_numbers_are_suppressed_in_the_report(police) -> None:  # type: ignore[no-untyped-def]
    report = build_report(police, threshold=5)
    assert report.police is not None
    rows = [*report.police.offence_mix, *report.police.hotspots_location, *report.police.outcomes]
    assert any(r.suppressed for r in rows)
    for row in rows:
        assert row.suppressed == (row.count is None)
        assert row.count is None or row.count >= 5
        if row.suppressed:
            assert row.share is None
    unsuppressed = build_report(police, threshold=0)
    assert unsuppressed.police is not None
    assert not any(r.suppressed for r in unsuppressed.police.offence_mix)


def test_istv_records_give_times_weapons_and_a_health_profile() -> None:
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    frame = health.frame
    assert list(frame["period_month"].astype(str)) == [
        "2024-01",
        "2024-01",
        "2024-01",
        "2024-02",
        "2024-02",
        "2024-03",
    ]
    assert list(frame["weapon_std"].astype(str)) == [
        "knife_sharp",
        "body_part",
        "glass_bottle",
        "body_part",
        "knife_sharp",
        "unknown",
    ]
    profile = build_profile(frame, title="Health")
    assert profile.serious_violence == 6
    assert not profile.is_proxy
    hours = {r.label[:2]: r.count for r in profile.hour_of_day}
    assert hours["23"] == 1
    assert hours["00"] == 1
    assert health.uploads[0].granularity == "record_level"


def test_monthly_counts_with_suppressed_cells_are_read_as_suppressed() -> None:
    text = "Month,Ward,Assaults\n2024-01,E01032739,12\n2024-01,E01000005,*\n2024-02,E01032739,9\n"
    mapping = ColumnMapping(month="Month", lsoa="Ward", count="Assaults")
    health = read_health_files(
        [SourceFile.from_bytes("las.csv", text.encode())], kind="ambulance", mapping=mapping
    )
    assert health.uploads[0].granularity == "aggregate"
    assert health.uploads[0].quality.suppressed_cells == 1
    assert health.uploads[0].incidents == 21


def test_triangulation_compares_police_and_health_by_month_and_area(police) -> None:  # type: ignore[no-untyped-def]
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    report = build_report(police, health, threshold=0)
    tri = report.triangulation
    assert tri is not None
    months = {r.key: r for r in tri.by_month}
    assert months["2024-01"].health == 3
    assert months["2024-12"].health == 0
    assert tri.by_area  # the ISTV rows carry LSOA codes used by the police data too
    assert all((r.divergence or 0) > 0 for r in tri.biggest_month_gaps)
    ids = {s.source_id for s in report.suggestions}
    assert ids == {"police_recorded_crime", "ed_istv"}


@pytest.mark.parametrize(
    ("text", "mapping", "message"),
    [
        (
            "When,Method\nyesterday,Knife\n",
            ColumnMapping(event_datetime="When"),
            "Row 2 of bad.csv has the date (When) 'yesterday'",
        ),
        (
            "When,Method\n2024-01-01,Knife\n",
            ColumnMapping(event_datetime="Date"),
            "has no column called 'Date'",
        ),
        ("Method\nKnife\n", ColumnMapping(weapon="Method"), "holds the date"),
        (
            "Month,Count\n2024-01,lots\n",
            ColumnMapping(month="Month", count="Count"),
            "not a whole number",
        ),
    ],
    ids=[
        "an unreadable date names its row",
        "a mapped column that is not there",
        "no date column chosen",
        "a count that is not a number",
    ],
)
def test_bad_health_extracts_get_a_clear_message(
    text: str, mapping: ColumnMapping, message: str
) -> None:
    with pytest.raises(EvidenceInputError) as caught:
        read_health_files(
            [SourceFile.from_bytes("bad.csv", text.encode())], kind="ed_istv", mapping=mapping
        )
    assert message in " ".join(caught.value.problems)


def test_usual_istv_column_names_are_suggested() -> None:
    mapping = suggest_mapping(["ASSAULT DATE AND TIME", "Assault Method", "SITE CODE", "LSOA"])
    assert mapping.event_datetime == "ASSAULT DATE AND TIME"
    assert mapping.weapon == "Assault Method"
    assert mapping.lsoa == "LSOA"


@pytest.mark.parametrize(
    ("end", "expected"),
    [("2024-12", "current"), ("2024-06", "recent"), ("2023-01", "stale"), (None, "unknown")],
    ids=[
        "last month is current",
        "six months old is recent",
        "two years old is stale",
        "no dates is unknown",
    ],
)
def test_timeliness_of_suggested_answers(end: str | None, expected: str) -> None:
    assert timeliness(end, dt.date(2025, 1, 15)) == expected


def test_a_stricter_definition_counts_fewer(police) -> None:  # type: ignore[no-untyped-def]
    narrow = SeriousViolenceDefinition(
        id="robbery-only", name="Robbery only", police_uk_categories=frozenset({"Robbery"})
    )
    assert (
        build_profile(police.frame, narrow).serious_violence
        < build_profile(police.frame).serious_violence
    )


def test_the_command_line_prints_json_with_small_numbers_suppressed() -> None:
    paths = [str(p) for p in street_paths()[:3]]
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from readiness.cli import evidence_cmds as e; "
            "import argparse; p=argparse.ArgumentParser(); s=p.add_subparsers(); e.register(s); "
            "a=p.parse_args(sys.argv[1:]); sys.exit(a.func(a))",
            "profile",
            *paths,
            "--json",
            "--local-authority",
            "City of London",
            "--force",
            "City of London Police",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["police"]["months"] == 3
    assert data["suppression_threshold"] == 5


def test_the_command_line_explains_a_bad_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "empty.csv"
    bad.write_text("")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from readiness.cli import evidence_cmds as e; "
            "import argparse; p=argparse.ArgumentParser(); s=p.add_subparsers(); e.register(s); "
            "a=p.parse_args(sys.argv[1:]); sys.exit(a.func(a))",
            "profile",
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "empty.csv is empty" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["Date of offence", "Offence", "LSOA code"], "Date of offence"),
        (["Ref", "Date reported to police", "Ward"], "Date reported to police"),
        (["Incident date", "Date of birth"], "Incident date"),
        (["Month", "Count"], None),  # monthly counts: the month column is the date
        (["Update", "Offence"], None),  # "date" inside another word is not a date column
    ],
    ids=[
        "date of offence",
        "a column with the word date",
        "the named synonym wins",
        "monthly counts",
        "no date column",
    ],
)
def test_the_date_column_is_suggested_from_its_name(
    columns: list[str], expected: str | None
) -> None:
    assert suggest_mapping(columns).event_datetime == expected


def test_a_flag_narrows_the_profile_to_the_records_that_carry_it() -> None:
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    everything = build_profile(health.frame, title="Health")
    weapons = build_profile(health.frame, title="Health", flag="weapon")
    # knife, bottle, knife: fists and kicks are not weapons, and one record has no method
    assert (everything.serious_violence, weapons.serious_violence) == (6, 3)
    assert weapons.title == "Health: weapon involved (knife, firearm or other) only"
    assert any('Only records flagged "Weapon involved' in n for n in weapons.notes)
    assert sum(m.serious_violence or 0 for m in weapons.monthly) == 3
    flags = {r.label: r.count for r in everything.flags}
    assert flags["Weapon involved (knife, firearm or other)"] == 3


def test_a_flag_the_source_does_not_carry_counts_nothing_and_says_why(police) -> None:  # type: ignore[no-untyped-def]
    narrowed = build_profile(police.frame, flag="domestic_abuse")
    assert narrowed.serious_violence == 0
    assert any("this source does not carry that flag" in n for n in narrowed.notes)
    with pytest.raises(ValueError, match="Unknown flag 'colour'"):
        build_profile(police.frame, flag="colour")


def test_only_the_latest_five_years_are_profiled(police) -> None:  # type: ignore[no-untyped-def]
    frame = police.frame
    older = frame.copy()
    older["period_month"] = (
        older["period_month"].astype(str).str.replace("2024-", "2018-").astype("category")
    )
    both = pd.concat([older, frame], ignore_index=True)
    both["period_month"] = both["period_month"].astype("category")
    profile = build_profile(both)
    alone = build_profile(frame)
    assert (profile.period_start, profile.period_end) == ("2024-01", "2024-12")
    assert profile.serious_violence == alone.serious_violence
    assert profile.monthly == alone.monthly
    assert profile.notes[0] == (
        f"Only the latest 5 years are profiled, from 2020-01: "
        f"{len(older):,} older records are left out."
    )
    kept = build_profile(
        pd.concat(
            [
                older.assign(
                    period_month=older["period_month"].astype(str).str.replace("2018-", "2020-")
                ),
                frame,
            ],
            ignore_index=True,
        ).astype({"period_month": "category"})
    )
    assert kept.period_start == "2020-01"  # five years back from 2024-12 starts in 2020-01
    assert len(kept.monthly) == 60
    assert not any("older records" in n for n in kept.notes)
