"""Maturity, coverage, N/A, labels, the assured score and "what moves you up one level"."""

from __future__ import annotations

import pytest

from readiness.models import Answer
from readiness.scoring import score
from readiness.scoring.method import level_label
from tests.scoring.synthetic import answer, bundle, context, evidenced

BUNDLE = bundle()


def _domain(answers: list[Answer], domain_id: str = "gov", **ctx: object):  # type: ignore[no-untyped-def]
    result = score(BUNDLE, answers, context(**ctx))
    return next(d for d in result.domains if d.id == domain_id)


@pytest.mark.parametrize(
    ("maturity", "label"),
    [
        (None, "Not answered"),
        (0.0, "Not started"),
        (0.99, "Not started"),
        (1.0, "Emerging"),
        (2.5, "Developing"),
        (2.999, "Established"),
        (3.0, "Established"),
        (4.0, "Embedded"),
    ],
    ids=[
        "nothing answered has no level",
        "0 is Not started",
        "just under 1 is still Not started",
        "1 is Emerging",
        "2.5 is Developing (the whole number part)",
        "2.999 shows as 3.00, so it is Established",
        "3 is Established",
        "4 is Embedded",
    ],
)
def test_label_is_the_level_name_of_the_whole_number_part(
    maturity: float | None, label: str
) -> None:
    assert level_label(maturity) == label


def test_domain_maturity_is_the_weighted_mean_of_answered_questions() -> None:
    # gov.duty weight 2 at 4, gov.plan weight 1 at 1: (2x4 + 1x1) / 3 = 3
    domain = _domain([evidenced("gov.duty", 4), evidenced("gov.plan", 1)])
    assert (domain.maturity, domain.label) == (3.0, "Established")
    assert (domain.answered, domain.applicable, domain.coverage) == (2, 4, 0.5)


def test_a_question_nobody_answered_is_not_answered_not_zero() -> None:
    result = score(BUNDLE, [evidenced("gov.duty", 4)], context())
    questions = {q.question_id: q for q in result.questions}
    assert questions["gov.plan"].status == "not_answered"
    assert questions["gov.plan"].score is None
    assert result.domains[0].maturity == 4.0


def test_not_applicable_leaves_the_denominator() -> None:
    na = answer("gov.plan", None, na_reason="We have no plan to make.")
    domain = _domain([evidenced("gov.duty", 4), na])
    assert (domain.not_applicable, domain.maturity) == (1, 4.0)
    assert domain.coverage == round(1 / 3, 2)


def test_overall_is_the_weighted_mean_of_domains_with_answers() -> None:
    # gov (weight 2) at 4, data (weight 1) at 1, sna (weight 1) no answers: (2x4 + 1) / 3 = 3
    answers = [evidenced("gov.duty", 4), evidenced("data.sharing", 1)]
    overall = score(BUNDLE, answers, context()).overall
    assert (overall.maturity, overall.label, overall.domains_scored) == (3.0, "Established", 2)


def test_nothing_answered_gives_no_maturity() -> None:
    overall = score(BUNDLE, [], context()).overall
    assert (overall.maturity, overall.label, overall.coverage) == (None, "Not answered", 0.0)


def test_the_wales_domain_is_only_scored_in_wales() -> None:
    england = score(BUNDLE, [], context())
    wales = score(BUNDLE, [], context(nation="wales"))
    assert "wales" not in {d.id for d in england.domains}
    assert "wales" in {d.id for d in wales.domains}


def test_answers_at_established_without_evidence_count_as_developing_in_the_assured_score() -> None:
    result = score(BUNDLE, [answer("gov.duty", 4), evidenced("gov.plan", 4)], context())
    gov = result.domains[0]
    assert (gov.maturity, gov.assured_maturity) == (4.0, round((2 * 2 + 4) / 3, 2))
    assert [(m.question_id, m.agency, m.counts_as) for m in result.missing_evidence] == [
        ("gov.duty", "Anytown Police", 2.0)
    ]


def test_uplift_raises_one_level_at_a_time_to_reach_the_next_level() -> None:
    # gov at (2x2 + 1x2 + 1x2 + 1x2)/5 = 2 (Developing). Reaching 3 needs +5 weighted points:
    # one level on each question gives 2 + 1 + 1 + 1, with no jump from Developing to Embedded.
    answers = [
        evidenced("gov.duty", 2),
        evidenced("gov.second_duty", "partly"),
        evidenced("gov.england_duty", 2),
        evidenced("gov.plan", 2),
    ]
    uplift = _domain(answers).uplift
    assert (uplift.target_level, uplift.target_label) == (3, "Established")
    assert [(s.question_id, s.to_level) for s in uplift.steps] == [
        ("gov.duty", 3),
        ("gov.second_duty", 3),
        ("gov.england_duty", 3),
        ("gov.plan", 3),
    ]
    assert uplift.steps[1].text == (
        "Raise 'How far is gov.second_duty in place?' from Developing to Established"
    )


def test_uplift_when_already_embedded_or_nothing_answered() -> None:
    top = _domain([evidenced("gov.duty", 4)]).uplift
    assert (top.steps, top.note) == ([], "This domain is already Embedded, the top level.")
    empty = _domain([], "data").uplift
    assert empty.target_level is None
    assert empty.note is not None
