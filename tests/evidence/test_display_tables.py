"""How the evidence page writes its figures for people: months in words, shares as
percentages, a held-back count as a blank, and differences in words a spreadsheet cannot
mistake for a formula."""

from __future__ import annotations

import pytest

from readiness.evidence.profile import CountRow, HotspotRow, MonthPoint
from readiness.ui.components.evidence_tables import (
    count,
    count_table,
    has_blank,
    hotspot_table,
    month_name,
    monthly_table,
    percent,
    points,
)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2024-01", "January 2024"),
        ("2025-12", "December 2025"),
        ("2024-13", "2024-13"),
        ("Q1 2024", "Q1 2024"),
        (None, ""),
    ],
    ids=["January", "December", "not a month", "another period", "none"],
)
def test_months_are_written_in_words(value, words) -> None:
    assert month_name(value) == words


def test_shares_are_percentages_to_one_decimal_place_and_blank_when_held_back() -> None:
    assert percent(0.6126) == "61.3%"
    assert percent(1.0) == "100.0%"
    assert percent(None) == ""
    assert count(12345) == "12,345"
    assert count(None) == ""


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.042, "Health 4.2 points higher"),
        (-0.1, "Police 10.0 points higher"),
        (0.0001, "The same"),
    ],
)
def test_differences_are_in_words_without_a_leading_sign(value, words) -> None:
    assert points(value) == words
    assert points(None) == ""


def test_tables_have_headings_in_words_and_blanks_for_small_counts() -> None:
    months = monthly_table(
        [
            MonthPoint(month="2024-01", total=40, serious_violence=None, asb=7, suppressed=True),
            MonthPoint(month="2024-02", total=55, serious_violence=9, asb=8, marker="peak"),
        ]
    )
    assert list(months.columns) == [
        "Month",
        "All crimes",
        "Serious violence",
        "Anti-social behaviour",
        "Peak or trough",
    ]
    assert months.to_dict("records")[0] == {
        "Month": "January 2024",
        "All crimes": "40",
        "Serious violence": "",
        "Anti-social behaviour": "7",
        "Peak or trough": "",
    }
    assert months.at[1, "Peak or trough"] == "Peak"
    assert has_blank(months, ["Serious violence"])
    spots = hotspot_table(
        [
            HotspotRow(
                code="E01000001",
                name="City of London 001A",
                count=12,
                share=0.6126,
                cumulative_share=0.6126,
            )
        ]
    )
    assert list(spots.columns) == [
        "Area (LSOA)",
        "LSOA code",
        "Serious violence",
        "Share of the total",
        "Running total share",
    ]
    assert spots.at[0, "Share of the total"] == "61.3%"
    assert not has_blank(spots, ["Serious violence"])
    hours = count_table("Hour of day", [CountRow(label="00:00 to 00:59", count=None, share=None)])
    assert list(hours.columns) == ["Hour", "Count", "Share"]
    assert hours.iloc[0].tolist() == ["00:00 to 00:59", "", ""]
