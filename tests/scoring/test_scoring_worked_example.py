"""The worked example in docs/scoring.md, number for number."""

from __future__ import annotations

from readiness.scoring import ScoringResult, score
from tests.scoring.synthetic import answer, bundle, context, evidenced


def _result() -> ScoringResult:
    answers = [
        evidenced("gov.duty", 4),
        answer("gov.duty", 2, "Anytown Council"),
        answer("gov.duty", 3, "Anytown Partnership"),
        evidenced("gov.second_duty", "yes"),
        evidenced("gov.second_duty", "yes", "Anytown Council"),
        answer("gov.england_duty", 2, "Anytown Partnership"),
        answer("gov.plan", None, "Anytown Council", na_reason="Covered by the county plan."),
    ]
    return score(bundle(), answers, context())


def test_maturity_assured_and_coverage() -> None:
    gov = _result().domains[0]
    assert (gov.maturity, gov.label) == (3.0, "Established")
    assert (gov.assured_maturity, gov.assured_label) == (2.5, "Developing")
    assert (gov.coverage, gov.not_applicable) == (1.0, 1)


def test_disagreement_and_missing_evidence() -> None:
    result = _result()
    [item] = result.disagreements
    assert (item.question_id, item.spread) == ("gov.duty", 2.0)
    [missing] = result.missing_evidence
    assert (missing.question_id, missing.agency, missing.counts_as) == (
        "gov.duty",
        "Anytown Partnership",
        2.0,
    )


def test_compliance_and_blockers() -> None:
    compliance = _result().compliance
    assert compliance.band == "Approaching"
    assert [b.question_id for b in compliance.blockers] == ["gov.duty", "gov.england_duty"]


def test_up_one_level_and_action_order() -> None:
    result = _result()
    steps = result.domains[0].uplift.steps
    assert [(s.question_id, s.to_level) for s in steps] == [
        ("gov.duty", 4),
        ("gov.england_duty", 4),
    ]
    assert [a.question_id for a in result.actions[:2]] == ["gov.duty", "gov.england_duty"]
