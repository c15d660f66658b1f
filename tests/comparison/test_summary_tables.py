"""The comparison's summary, as a regional board member would read it: how many partnerships
are in each band, the five most common gaps with counts, and who moved most since last round."""

from __future__ import annotations

import datetime as dt

from readiness.comparison import build_comparison
from readiness.comparison.tables import band_counts, biggest_changes, top_requirement_gaps
from tests.comparison.conftest import result, scored

Q1 = "leadership.partnership_agreed"  # cites SVD-PART-01
Q2 = "leadership.regard_to_guidance"


def _before(pid: str, overall: float) -> object:
    return scored(
        pid,
        result(overall=overall),
        label="2025/26",
        as_of=dt.date(2025, 6, 30),
    )


def test_band_counts_go_from_the_highest_band_and_leave_out_empty_bands() -> None:
    c = build_comparison(
        [
            scored("a", result(band="Met")),
            scored("b", result(band="Not met")),
            scored("c", result(band="Met")),
        ]
    )
    assert band_counts(c) == [("Met", 2), ("Not met", 1)]


def test_the_most_common_gaps_are_counted_by_partnership_not_listed_by_name() -> None:
    c = build_comparison(
        [
            scored("a", result(questions={Q1: 1.0, Q2: 1.0})),
            scored("b", result(questions={Q1: 2.0, Q2: 4.0})),
            scored("c", result(questions={Q1: 0.0, Q2: 4.0})),
        ]
    )
    top = top_requirement_gaps(c, {"SVD-PART-01": "Agree the partnership"}, limit=5)
    first = top.iloc[0]
    assert (first["requirement_id"], first["title"]) == ("SVD-PART-01", "Agree the partnership")
    assert (first["with_gap"], first["answered"]) == (3, 3)
    assert len(top) <= 5
    # a gap in one partnership of three still counts for the summary (there is no threshold)
    assert list(top["with_gap"]) == sorted(top["with_gap"], reverse=True)


def test_at_most_five_gaps_even_when_many_are_shared() -> None:
    everything_low = {q: 1.0 for q in (Q1, Q2)}
    c = build_comparison([scored("a", result(questions=everything_low))])
    assert len(top_requirement_gaps(c, limit=1)) == 1


def test_the_biggest_changes_either_way_come_first_and_unchanged_ones_are_left_out() -> None:
    now = [
        scored("a", result(overall=2.0)),
        scored("b", result(overall=1.0)),
        scored("c", result(overall=3.0)),
        scored("d", result(overall=2.0)),  # no earlier round
        scored("e", result(overall=2.0)),
    ]
    before = [_before("a", 1.9), _before("b", 2.0), _before("c", 2.5), _before("e", 2.0)]
    moved = biggest_changes(build_comparison(now, before), limit=3)
    assert list(moved["partnership_id"]) == ["b", "c", "a"]
    assert list(moved["change"]) == [-1.0, 0.5, 0.1]
    assert "e" not in set(biggest_changes(build_comparison(now, before), limit=9)["partnership_id"])


def test_no_earlier_round_means_no_changes() -> None:
    assert biggest_changes(build_comparison([scored("a", result())])).empty
