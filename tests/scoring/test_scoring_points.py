"""How one agency's answer earns points, and how agencies are combined (docs/scoring.md)."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.scoring import score
from readiness.scoring.combine import Scored, combine, median
from tests.scoring.synthetic import AGENCY_ROLES, answer, bundle, context, evidenced

BUNDLE = bundle()


def _question_score(qid: str, value: Any) -> float | None:
    result = score(BUNDLE, [answer(qid, value)], context())
    return next(q.score for q in result.questions if q.question_id == qid)


POINTS = [
    ("gov.duty", 0, 0.0),
    ("gov.duty", 3, 3.0),
    ("gov.second_duty", "yes", 4.0),
    ("gov.second_duty", "partly", 2.0),
    ("gov.second_duty", "no", 0.0),
    ("data.choice", "high", 4.0),
    ("data.choice", "low", 1.0),
    ("data.share", ["a", "b", "c"], 3.0),
    ("data.share", ["none"], 0.0),
    ("data.count", ["o1"], 1.0),
    ("data.count", ["o1", "o2", "o3"], 2.0),
    ("data.count", ["o0", "o1", "o2", "o3", "o4", "o5"], 4.0),
    ("data.percent", 49, 0.0),
    ("data.percent", 75, 2.0),
    ("data.percent", 90, 4.0),
    ("data.headcount", 12, None),
    ("data.sna_date", "2025-01-01", None),
    ("data.notes", "Some words", None),
    ("gov.duty", "three", None),
    ("gov.duty", 7, None),
]


@pytest.mark.parametrize(
    ("question_id", "value", "expected"),
    POINTS,
    ids=[
        "a scale answer scores its level (0)",
        "a scale answer scores its level (3)",
        "yes scores 4",
        "partly scores 2",
        "no scores 0",
        "a single choice scores the chosen option's points",
        "a lower option scores fewer points",
        "ticking 3 of 4 scoring options scores 4 x 3/4 = 3",
        "'None of these' on its own scores 0",
        "1 option ticked reaches the first threshold: level 1",
        "3 ticked reach 2 thresholds (1 and 2): level 2",
        "all 6 ticked reach every threshold: level 4",
        "a number below the second band scores the first band",
        "a number scores the highest band it reaches",
        "a number on a band's minimum reaches that band",
        "a number question without bands is recorded, not scored",
        "dates are not scored",
        "text is not scored",
        "a malformed value is ignored, never a crash",
        "a level out of range is ignored, never a crash",
    ],
)
def test_points_for_one_answer(question_id: str, value: Any, expected: float | None) -> None:
    assert _question_score(question_id, value) == expected


MATRIX = [
    ({"police_crime": {"availability": "none"}}, 0.0),
    (
        {
            "police_crime": {
                "availability": "record_level",
                "timeliness": "current",
                "agreement": True,
            },
            "housing": {"availability": "record_level", "timeliness": "current", "agreement": True},
        },
        4.0,
    ),
    ({"police_crime": {"availability": "record_level"}}, 2.0),
    ({"housing": {"availability": "aggregate", "timeliness": "current", "agreement": True}}, 1.0),
    (
        {"police_crime": {"availability": "aggregate", "timeliness": "stale", "agreement": True}},
        1.33,
    ),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    MATRIX,
    ids=[
        "no source available scores 0",
        "every source record-level, current and agreed scores 4",
        "critical source record-level (3) counts double, missing source 0: (2x3+0)/3 = 2",
        "non-critical source aggregate, current and agreed (3) alone: 3/3 = 1",
        "stale data earns no bonus: (2x2+0)/3 = 1.33",
    ],
)
def test_points_for_the_data_source_matrix(value: dict[str, Any], expected: float) -> None:
    assert _question_score("data.sources", value) == expected


def _agencies(qid: str, values: dict[str, int], lead: str | None = None) -> tuple[float, str]:
    answers = [answer(qid, v, agency) for agency, v in values.items()]
    result = score(BUNDLE, answers, context(lead_agency=lead))
    q = next(q for q in result.questions if q.question_id == qid)
    assert q.score is not None
    return q.score, q.rule_applied


THREE = {"Anytown Police": 1, "Anytown Council": 4, "Anytown Partnership": 2}


@pytest.mark.parametrize(
    ("question_id", "values", "lead", "expected"),
    [
        ("gov.duty", THREE, None, (2.0, "median")),
        ("gov.duty", {"Anytown Police": 1, "Anytown Council": 4}, None, (2.5, "median")),
        ("data.sharing", THREE, None, (1.0, "minimum")),
        (
            "data.sources",
            {
                "Anytown Police": {"police_crime": {"availability": "record_level"}},
                "Anytown Partnership": {"police_crime": {"availability": "none"}},
            },
            "Anytown Partnership",
            (0.0, "lead"),
        ),
        (
            "data.sources",
            {"Anytown Police": {"police_crime": {"availability": "record_level"}}},
            "Anytown Partnership",
            (2.0, "median (the lead agency did not answer)"),
        ),
    ],
    ids=[
        "default rule: the median of three agencies",
        "the median of an even count is the mean of the middle two",
        "'minimum' takes the weakest link",
        "'lead' takes the lead agency's answer",
        "'lead' falls back to the median when the lead agency did not answer",
    ],
)
def test_agencies_are_combined_by_the_questions_rule(
    question_id: str, values: dict[str, Any], lead: str | None, expected: tuple[float, str]
) -> None:
    assert _agencies(question_id, values, lead) == expected


def test_mean_rule_averages_every_agency() -> None:
    scored = [Scored("a", 1, 1, False), Scored("b", 2, 2, False), Scored("c", 4, 2, False)]
    assert combine("mean", scored, None) == (7 / 3, 5 / 3, "mean")
    assert median([1.0, 4.0]) == 2.5


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ({"Anytown Police": 1, "Anytown Council": 3}, True),
        ({"Anytown Police": 2, "Anytown Council": 3}, False),
        ({"Anytown Police": 0, "Anytown Council": 1, "Anytown Partnership": 4}, True),
    ],
    ids=[
        "two levels apart is a disagreement",
        "one level apart is not",
        "the spread is the highest minus the lowest",
    ],
)
def test_disagreements_go_on_the_consensus_agenda(values: dict[str, int], flagged: bool) -> None:
    result = score(BUNDLE, [answer("gov.duty", v, a) for a, v in values.items()], context())
    agenda = {d.question_id: d for d in result.disagreements}
    assert ("gov.duty" in agenda) is flagged
    if flagged:
        item = agenda["gov.duty"]
        assert item.spread == max(values.values()) - min(values.values())
        assert {(v.agency, v.score) for v in item.views} == {
            (a, float(s)) for a, s in values.items()
        }
        assert {v.role for v in item.views} == {AGENCY_ROLES[a] for a in values}


def test_each_agencys_score_and_evidence_are_shown_on_the_question() -> None:
    result = score(
        BUNDLE,
        [evidenced("gov.duty", 4), answer("gov.duty", 3, "Anytown Council")],
        context(),
    )
    q = next(q for q in result.questions if q.question_id == "gov.duty")
    assert [(a.agency, a.score, a.assured_score, a.has_evidence) for a in q.agencies] == [
        ("Anytown Council", 3.0, 2.0, False),
        ("Anytown Police", 4.0, 4.0, True),
    ]
    assert (q.combine_rule, q.rule_applied, q.status, q.evidence_present) == (
        "median",
        "median",
        "answered",
        True,
    )
    assert (q.score, q.assured_score) == (3.5, 3.0)


def test_odd_input_is_ignored_never_a_crash() -> None:
    odd = [
        answer("no.such.question", 3),
        answer("wales.only", 3),  # not asked in England
        answer("data.sources", "everything"),
        answer("data.share", ["zz"]),
        answer("gov.duty", 1),
        answer("gov.duty", 4),  # the same agency twice: one fixed choice, whatever the order
    ]
    first = score(BUNDLE, odd, context())
    assert score(BUNDLE, list(reversed(odd)), context()) == first
    questions = {q.question_id: q for q in first.questions}
    assert "wales.only" not in questions
    assert "no.such.question" not in questions
    assert questions["data.sources"].status == "not_answered"
    assert len(questions["gov.duty"].agencies) == 1
