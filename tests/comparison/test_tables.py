"""The comparison rules, as a VRN lead would state them."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from readiness.comparison import (
    PartnershipInfo,
    RoundInfo,
    benchmark,
    build_comparison,
    changes,
    common_gaps,
    common_requirement_gaps,
    compliance_table,
    domain_distribution,
    filter_partnerships,
    maturity_matrix,
    pick_rounds,
    ranking,
    round_labels,
)
from readiness.comparison.benchmark import area_label
from readiness.comparison.tables import cell_text, direction
from tests.comparison.conftest import result, scored

Q1 = "leadership.partnership_agreed"
Q2 = "leadership.regard_to_guidance"

# --------------------------------------------------------------------------- choosing rounds


def _round(pid: str, label: str, as_of: dt.date) -> RoundInfo:
    return RoundInfo(
        partnership_id=pid,
        partnership_name=pid.title(),
        nation="england",
        round_id=f"{pid}-{label}",
        round_label=label,
        as_of=as_of,
        questionnaire_id="svd-readiness",
        questionnaire_version="1.0",
    )


PARTNERSHIPS = [
    PartnershipInfo(id="alpha", name="Alpha", nation="england"),
    PartnershipInfo(id="beta", name="Beta", nation="wales", partnership_type="duty_partnership"),
    PartnershipInfo(id="gamma", name="Gamma", nation="england"),
]
ROUNDS = [
    _round("alpha", "2024/25", dt.date(2024, 6, 30)),
    _round("alpha", "2025/26", dt.date(2025, 6, 30)),
    _round("alpha", "2026/27", dt.date(2026, 6, 30)),
    _round("beta", "2024/25", dt.date(2024, 6, 30)),
    _round("beta", "2026/27", dt.date(2026, 6, 30)),  # skipped 2025/26
]


@pytest.mark.parametrize(
    ("label", "compared", "previous", "left_out"),
    [
        (
            None,
            {"alpha": "2026/27", "beta": "2026/27"},
            {"alpha": "2025/26", "beta": "2024/25"},
            {"gamma": "Has no assessment round yet."},
        ),
        (
            "2025/26",
            {"alpha": "2025/26"},
            {"alpha": "2024/25"},
            {"beta": "Has no round labelled 2025/26.", "gamma": "Has no assessment round yet."},
        ),
        (
            "2024/25",
            {"alpha": "2024/25", "beta": "2024/25"},
            {"alpha": None, "beta": None},
            {"gamma": "Has no assessment round yet."},
        ),
    ],
    ids=[
        "without a round chosen, each partnership's latest round is compared",
        "a partnership without the chosen round is left out and says why",
        "the first round has nothing before it",
    ],
)
def test_which_rounds_are_compared(label, compared, previous, left_out) -> None:
    picked = pick_rounds(PARTNERSHIPS, ROUNDS, label)
    assert {p.current.partnership_id: p.current.round_label for p in picked.picks} == compared
    assert {
        p.current.partnership_id: p.previous.round_label if p.previous else None
        for p in picked.picks
    } == previous
    assert {x.partnership_id: x.reason for x in picked.left_out} == left_out


def test_a_missing_round_means_the_change_is_against_the_round_before_it() -> None:
    picked = pick_rounds(PARTNERSHIPS, ROUNDS)
    beta = next(p for p in picked.picks if p.current.partnership_id == "beta")
    assert beta.previous is not None
    assert beta.previous.round_label == "2024/25"
    assert picked.round_ids() == {"alpha-2026/27", "alpha-2025/26", "beta-2026/27", "beta-2024/25"}


def test_round_labels_are_listed_newest_first() -> None:
    assert round_labels(ROUNDS) == ["2026/27", "2025/26", "2024/25"]


@pytest.mark.parametrize(
    ("nation", "kind", "expected"),
    [
        (None, None, ["alpha", "beta", "gamma"]),
        ("wales", None, ["beta"]),
        ("england", None, ["alpha", "gamma"]),
        (None, "duty_partnership", ["beta"]),
        ("england", "duty_partnership", []),
    ],
    ids=["no filter", "Wales only", "England only", "one partnership type", "nothing matches"],
)
def test_filters(nation, kind, expected) -> None:
    kept = filter_partnerships(PARTNERSHIPS, nation=nation, partnership_type=kind)
    assert [p.id for p in kept] == expected


# --------------------------------------------------------------------------- versions


def test_mixed_questionnaire_versions_compare_only_what_is_in_both() -> None:
    c = build_comparison(
        [
            scored("a", result(domains={"leadership": 2.0, "data": 3.0})),
            scored("b", result(domains={"leadership": 1.0, "data": 1.0})),
            scored("c", result(domains={"leadership": 3.0, "definition": 4.0}, version="1.1")),
        ]
    )
    assert (c.questionnaire_id, c.questionnaire_version) == ("svd-readiness", "1.0")
    assert c.domain_ids == ["leadership", "data"]  # "definition" is only in version 1.1
    assert list(maturity_matrix(c).loc["c"].fillna(-1)) == [3.0, -1]
    assert "version 1.1" in c.notes["c"]
    assert "Not compared: definition" in c.notes["c"]
    assert compliance_table(c).set_index("partnership_id").at["c", "note"] == c.notes["c"]


def test_a_different_questionnaire_is_left_out_with_the_reason() -> None:
    c = build_comparison(
        [
            scored("a", result()),
            scored("b", result()),
            scored("x", result(questionnaire_id="other-survey")),
        ]
    )
    assert [s.partnership_id for s in c.current] == ["a", "b"]
    assert c.left_out[0].partnership_id == "x"
    assert "different questionnaire (other-survey version 1.0)" in c.left_out[0].reason


def test_when_versions_tie_the_newest_is_the_reference() -> None:
    c = build_comparison([scored("a", result()), scored("b", result(version="1.1"))])
    assert c.questionnaire_version == "1.1"


# --------------------------------------------------------------------------- the tables


def _three() -> list:
    return [
        scored(
            "ash",
            result(
                domains={"leadership": 1.0, "data": 2.0}, overall=1.5, band="Not met", blockers=3
            ),
        ),
        scored("birch", result(domains={"leadership": 3.0, "data": None}, overall=3.0, band="Met")),
        scored(
            "cedar",
            result(
                domains={"leadership": 2.0, "data": 4.0},
                overall=3.0,
                band="Approaching",
                blockers=1,
            ),
        ),
    ]


def test_the_matrix_has_a_row_per_partnership_and_a_column_per_domain() -> None:
    c = build_comparison(_three())
    matrix = maturity_matrix(c)
    assert list(matrix.index) == ["ash", "birch", "cedar"]
    assert list(matrix.columns) == ["leadership", "data"]
    assert matrix.at["cedar", "data"] == 4.0
    assert math.isnan(matrix.at["birch", "data"])
    words = cell_text(c)
    assert words.at["birch", "data"] == "No answers"
    assert words.at["ash", "leadership"] == "1.0 Emerging"


def test_a_domain_that_does_not_apply_is_said_in_words() -> None:
    c = build_comparison(
        [
            scored("cardiff", result(nation="wales", domains={"leadership": 2.0, "wales": 3.0})),
            scored("derby", result(domains={"leadership": 2.0})),
        ]
    )
    assert cell_text(c).at["derby", "wales"] == "Does not apply"


@pytest.mark.parametrize(
    ("partnership", "rank"),
    [("birch", 1), ("cedar", 2), ("ash", 3)],
    ids=["the highest band ranks first", "then the band below", "Not met ranks last"],
)
def test_ranking_puts_compliance_before_maturity(partnership, rank) -> None:
    table = ranking(build_comparison(_three())).set_index("partnership_id")
    assert table.at[partnership, "rank"] == rank


def test_partnerships_level_on_band_and_maturity_share_a_rank() -> None:
    c = build_comparison(
        [
            scored("a", result(overall=2.0)),
            scored("b", result(overall=2.0)),
            scored("c", result(overall=1.0)),
        ]
    )
    assert list(ranking(c)["rank"]) == [1, 1, 3]


def test_band_and_blockers_per_partnership() -> None:
    table = compliance_table(build_comparison(_three())).set_index("partnership_id")
    assert table.loc["ash", ["band", "blockers"]].tolist() == ["Not met", 3]
    assert table.loc["cedar", ["band", "blockers"]].tolist() == ["Approaching", 1]


def test_distribution_counts_only_partnerships_with_answers() -> None:
    dist = domain_distribution(build_comparison(_three())).set_index("domain_id")
    assert dist.loc[
        "leadership", ["partnerships", "min", "q1", "median", "q3", "max"]
    ].tolist() == [3, 1.0, 1.5, 2.0, 2.5, 3.0]
    assert dist.loc["data", ["partnerships", "median"]].tolist() == [2, 3.0]


def test_a_region_of_one() -> None:
    c = build_comparison([scored("solo", result(domains={"leadership": 2.5}, overall=2.5))])
    assert ranking(c)["rank"].tolist() == [1]
    assert domain_distribution(c)["median"].tolist() == [2.5]
    bench = benchmark(c, "solo")
    assert all(row.hidden and row.median is None for row in bench.rows)
    assert [a.label for a in bench.areas] == ["Your partnership"]
    assert changes(c)["direction"].tolist() == ["Not comparable", "Not comparable"]


def test_an_empty_comparison_gives_empty_tables() -> None:
    c = build_comparison([])
    assert c.is_empty()
    assert maturity_matrix(c).empty
    assert ranking(c).empty
    assert common_gaps(c).empty
    assert changes(c).empty
    assert domain_distribution(c).empty


# --------------------------------------------------------------------------- common gaps


def _gap_region() -> list:
    return [
        scored("a", result(questions={Q1: 1.0, Q2: 2.0})),
        scored("b", result(questions={Q1: 2.0, Q2: 3.0})),
        scored("c", result(questions={Q1: 4.0, Q2: None})),
        scored("d", result(questions={Q1: 0.0, Q2: 4.0})),
    ]


@pytest.mark.parametrize(
    ("min_share", "expected"),
    [
        (0.75, {Q1: (3, 4, ["A", "B", "D"])}),
        (0.3, {Q1: (3, 4, ["A", "B", "D"]), Q2: (1, 3, ["A"])}),
        (1.0, {}),
    ],
    ids=[
        "three of four below Established is a common gap at 75%",
        "one of three who answered is a third: unanswered does not count",
        "nothing is below Established everywhere",
    ],
)
def test_common_gaps(min_share, expected) -> None:
    gaps = common_gaps(build_comparison(_gap_region()), min_share).set_index("question_id")
    found = {
        qid: (row["below_established"], row["answered"], row["partnerships"])
        for qid, row in gaps.iterrows()
    }
    assert found == expected


def test_common_gaps_count_who_did_not_answer_and_name_requirements() -> None:
    gaps = common_gaps(build_comparison(_gap_region()), 0.3).set_index("question_id")
    assert gaps.at[Q2, "not_answered"] == 1
    assert gaps.at[Q1, "requirement_ids"] == ["SVD-PART-01"]
    assert gaps.at[Q1, "statutory"]


def test_common_requirement_gaps() -> None:
    gaps = common_requirement_gaps(build_comparison(_gap_region()), 0.75)
    row = gaps.set_index("requirement_id").loc["SVD-PART-01"]
    assert (row["with_gap"], row["answered"]) == (3, 4)


# --------------------------------------------------------------------------- change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (0.4, "Up"),
        (-0.25, "Down"),
        (0.0, "No change"),
        (0.001, "No change"),
        (None, "Not comparable"),
    ],
    ids=["better", "worse", "the same", "a rounding difference", "nothing to compare"],
)
def test_direction_of_change(change, expected) -> None:
    assert direction(change) == expected


def test_change_since_the_previous_round() -> None:
    now = [
        scored("a", result(domains={"leadership": 3.0, "data": 2.0}, overall=2.5)),
        scored("b", result(domains={"leadership": 1.0, "data": 1.0}, overall=1.0)),
    ]
    before = [
        scored(
            "a",
            result(domains={"leadership": 2.0, "data": 2.5}, overall=2.25),
            label="2025/26",
            as_of=dt.date(2025, 6, 30),
        ),
    ]
    table = changes(build_comparison(now, before))
    a = table[table["partnership_id"] == "a"].set_index("area_id")
    assert a.loc["overall", ["change", "direction"]].tolist() == [0.25, "Up"]
    assert a.loc["leadership", ["change", "direction"]].tolist() == [1.0, "Up"]
    assert a.loc["data", ["change", "direction"]].tolist() == [-0.5, "Down"]
    assert a.loc["data", "previous_round"] == "2025/26"
    b = table[table["partnership_id"] == "b"]
    assert set(b["direction"]) == {"Not comparable"}
    assert set(b["note"]) == {"No earlier round to compare with."}


def test_change_across_a_questionnaire_version_says_so() -> None:
    now = [scored("a", result(domains={"leadership": 3.0}, version="1.1"))]
    before = [
        scored(
            "a",
            result(domains={"leadership": 2.0, "data": 1.0}),
            label="2025/26",
            as_of=dt.date(2025, 6, 30),
        )
    ]
    row = changes(build_comparison(now, before)).set_index("area_id").loc["leadership"]
    assert row["change"] == 1.0
    assert "changed from version 1.0 to 1.1" in row["note"]


def test_a_domain_new_in_this_round_is_not_comparable() -> None:
    now = [scored("a", result(domains={"leadership": 3.0, "data": 2.0}))]
    before = [
        scored(
            "a", result(domains={"leadership": 2.0}), label="2025/26", as_of=dt.date(2025, 6, 30)
        )
    ]
    row = changes(build_comparison(now, before)).set_index("area_id").loc["data"]
    assert row["direction"] == "Not comparable"
    assert row["note"] == "This domain was not assessed in the previous round."


# --------------------------------------------------------------------------- benchmark


def test_the_benchmark_shows_others_as_areas_in_maturity_order() -> None:
    c = build_comparison(
        [
            scored("zeta", result(overall=1.0), name="Zeta CSP"),
            scored("alpha", result(overall=3.0), name="Alpha CSP"),
            scored("me", result(overall=2.0), name="My CSP"),
            scored("beta", result(overall=2.5), name="Beta CSP"),
        ]
    )
    bench = benchmark(c, "me")
    assert [(a.label, a.overall) for a in bench.areas] == [
        ("Your partnership", 2.0),
        ("Area A", 3.0),
        ("Area B", 2.5),
        ("Area C", 1.0),
    ]
    assert "Alpha" not in bench.model_dump_json()
    assert "Zeta" not in bench.model_dump_json()
    overall = bench.rows[0]
    assert (overall.median, overall.contributors, overall.position) == (
        2.25,
        4,
        "Below the regional median",
    )


@pytest.mark.parametrize(
    ("partnerships", "hidden"),
    [(1, True), (2, True), (3, False)],
    ids=["one partnership: hidden", "two partnerships: hidden", "three partnerships: shown"],
)
def test_medians_are_hidden_below_three_contributors(partnerships, hidden) -> None:
    c = build_comparison([scored(f"p{i}", result()) for i in range(partnerships)])
    bench = benchmark(c, "p0")
    assert all(row.hidden is hidden for row in bench.rows)
    assert all((row.median is None) is hidden for row in bench.rows)
    assert len(bench.areas) == (1 if hidden else partnerships)


def test_a_domain_with_too_few_contributors_hides_the_other_areas_there() -> None:
    c = build_comparison(
        [
            scored("me", result(nation="wales", domains={"leadership": 2.0, "wales": 1.0})),
            scored("w2", result(nation="wales", domains={"leadership": 3.0, "wales": 4.0})),
            scored("e1", result(domains={"leadership": 1.0})),
        ]
    )
    bench = benchmark(c, "me")
    wales = next(r for r in bench.rows if r.area_id == "wales")
    assert wales.hidden
    assert wales.yours == 1.0
    assert wales.median is None
    assert all(a.domains["wales"] is None for a in bench.areas if not a.is_you)
    assert "Wales" in bench.notes[0] or "wales" in bench.notes[0]


def test_the_benchmark_refuses_a_partnership_not_compared() -> None:
    with pytest.raises(ValueError, match="is not in this comparison"):
        benchmark(build_comparison([scored("a", result())]), "nobody")


@pytest.mark.parametrize(
    ("index", "label"),
    [(0, "Area A"), (25, "Area Z"), (26, "Area AA"), (27, "Area AB")],
    ids=["first", "26th", "27th", "28th"],
)
def test_area_labels(index, label) -> None:
    assert area_label(index) == label
