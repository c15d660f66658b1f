"""The evidence page's tables as people read them: headings in words, shares as "61.3%",
months as "January 2024", and a blank (never "None") where a small count is held back, with a
footnote under any table that has one. Pure formatting from the profile's rows to DataFrames of
text; the page draws them."""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

import pandas as pd

from readiness.evidence.profile import CountRow, HotspotRow, MonthPoint
from readiness.evidence.triangulate import TriangulationRow

#: Under any table with a blank count: what the page's introduction promises.
SUPPRESSED_NOTE = (
    "A blank count is fewer than 5: small numbers are left out to protect the people behind "
    "them. The download writes them as \u201cfewer than 5\u201d."
)
#: In place of a chart whose every count is held back.
NO_CHART = "No chart: every count here is fewer than 5, so all are left blank."
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MARKERS = {"peak": "Peak", "trough": "Trough", "": ""}
#: The heading of the first column of each breakdown, by the breakdown's title.
ROW_HEADINGS = {
    "Top locations": "Location",
    "Offence mix": "Offence",
    "Hour of day": "Hour",
    "Day of week": "Day",
    "Flags": "Flag",
    "Outcomes": "Outcome",
}


def month_name(value: str | None) -> str:
    """ "2024-01" -> "January 2024"; anything else as it is ("" for none)."""
    if not value:
        return ""
    match = _MONTH.match(value)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        return value
    return f"{calendar.month_name[int(match.group(2))]} {match.group(1)}"


def percent(value: float | None) -> str:
    """A share of 0 to 1 as a percentage to one decimal place: 0.6126 -> "61.3%"."""
    return "" if value is None else f"{value * 100:.1f}%"


def points(value: float | None) -> str:
    """The difference between health's and the police's share, in percentage points, in words
    (never a leading sign, which a spreadsheet would read as a formula): 0.042 -> "Health 4.2
    points higher"."""
    if value is None:
        return ""
    size = abs(value * 100)
    if size < 0.05:
        return "The same"
    return f"{'Health' if value > 0 else 'Police'} {size:.1f} points higher"


def count(value: int | None) -> str:
    """A count with thousands separated; blank when it is held back."""
    return "" if value is None else f"{value:,}"


def has_blank(table: pd.DataFrame, columns: Sequence[str]) -> bool:
    """Whether any of ``columns`` has a count held back (shown blank)."""
    return any((table[c] == "").any() for c in columns if c in table.columns)


def monthly_table(rows: Sequence[MonthPoint]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Month": [month_name(r.month) for r in rows],
            "All crimes": [count(r.total) for r in rows],
            "Serious violence": [count(r.serious_violence) for r in rows],
            "Anti-social behaviour": [count(r.asb) for r in rows],
            "Peak or trough": [MARKERS.get(r.marker, r.marker) for r in rows],
        }
    )


def hotspot_table(rows: Sequence[HotspotRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Area (LSOA)": [r.name for r in rows],
            "LSOA code": [r.code for r in rows],
            "Serious violence": [count(r.count) for r in rows],
            "Share of the total": [percent(r.share) for r in rows],
            "Running total share": [percent(r.cumulative_share) for r in rows],
        }
    )


def count_table(title: str, rows: Sequence[CountRow]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            ROW_HEADINGS.get(title, title): [r.label for r in rows],
            "Count": [count(r.count) for r in rows],
            "Share": [percent(r.share) for r in rows],
        }
    )


def triangulation_table(
    rows: Sequence[TriangulationRow], key: str, gaps: Sequence[TriangulationRow], gap_words: str
) -> pd.DataFrame:
    """Police and health side by side by month or by area (``key`` is the first heading)."""
    biggest = {r.key for r in gaps}
    return pd.DataFrame(
        {
            key: [month_name(r.key) if key == "Month" else r.key for r in rows],
            "Police": [count(r.police) for r in rows],
            "Health": [count(r.health) for r in rows],
            "Police share": [percent(r.police_share) for r in rows],
            "Health share": [percent(r.health_share) for r in rows],
            "Difference": [points(r.divergence) for r in rows],
            "Largest gaps": [gap_words if r.key in biggest else "" for r in rows],
        }
    )
