"""Statutory compliance bands, kept separate from maturity (docs/scoring.md, "Compliance")."""

from __future__ import annotations

import pytest

from readiness.models import Answer
from readiness.scoring import score
from tests.scoring.synthetic import (
    STATUTORY,
    all_duties,
    answer,
    bundle,
    context,
    evidenced,
)

BUNDLE = bundle()

# Answers outside the legal duties, to push overall maturity up or down.
HIGH_MATURITY = [evidenced("gov.plan", 4), evidenced("data.sharing", 4), evidenced("sna.scope", 4)]
LOW_MATURITY = [evidenced("gov.plan", 1), evidenced("data.sharing", 0), evidenced("sna.scope", 1)]

CASES: list[tuple[str, list[Answer], str, set[str]]] = [
    (
        "a legal duty not answered at all -> Not met",
        [evidenced("gov.duty", 4), evidenced("gov.second_duty", "yes")],
        "Not met",
        {"gov.england_duty"},
    ),
    (
        "one legal duty only at Emerging -> Not met",
        [*all_duties(3, "yes", with_evidence=True)[:2], evidenced("gov.england_duty", 1)],
        "Not met",
        {"gov.england_duty"},
    ),
    (
        "every legal duty at least partly in place -> Approaching",
        all_duties(2, "partly", with_evidence=True),
        "Approaching",
        set(STATUTORY),
    ),
    (
        "every legal duty fully in place but no evidence -> Approaching",
        all_duties(4, "yes", with_evidence=False) + HIGH_MATURITY,
        "Approaching",
        set(STATUTORY),
    ),
    (
        "every legal duty in place with evidence, maturity below Established -> Met",
        all_duties(3, "yes", with_evidence=True) + LOW_MATURITY,
        "Met",
        set(),
    ),
    (
        "every legal duty in place with evidence and maturity Established -> Exceeded",
        all_duties(4, "yes", with_evidence=True) + HIGH_MATURITY,
        "Exceeded",
        set(),
    ),
]


@pytest.mark.parametrize(
    ("answers", "band", "blocking"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_compliance_band(answers: list[Answer], band: str, blocking: set[str]) -> None:
    compliance = score(BUNDLE, answers, context()).compliance
    assert compliance.band == band
    assert {b.question_id for b in compliance.blockers} == blocking


def test_blockers_name_the_legal_requirements_and_how_to_unblock() -> None:
    answers = [evidenced("gov.duty", 1), evidenced("gov.second_duty", "yes")]
    compliance = score(BUNDLE, answers, context()).compliance
    assert compliance.next_band == "Approaching"
    by_id = {b.question_id: b for b in compliance.blockers}
    assert by_id["gov.duty"].requirement_ids == ["SVD-LEG-01"]
    assert by_id["gov.duty"].current == "Emerging (1)"
    assert by_id["gov.duty"].needed == "Developing (2) or better"
    assert by_id["gov.england_duty"].current == "Not answered"
    assert "Answer this question" in by_id["gov.england_duty"].how_to_unblock


def test_missing_evidence_blocker_names_the_agencies_without_evidence() -> None:
    answers = [
        *all_duties(3, "yes", with_evidence=True),
        answer("gov.duty", 4, "Anytown Council"),
        answer("gov.duty", 4, "Anytown Partnership"),
    ]
    compliance = score(BUNDLE, answers, context()).compliance
    assert compliance.band == "Approaching"
    [blocker] = compliance.blockers
    assert blocker.question_id == "gov.duty"
    assert "Anytown Council, Anytown Partnership" in blocker.how_to_unblock


def test_a_duty_that_applies_only_in_england_does_not_block_in_wales() -> None:
    answers = [evidenced("gov.duty", 3), evidenced("gov.second_duty", "yes"), *LOW_MATURITY]
    result = score(BUNDLE, answers, context(nation="wales"))
    assert {q.question_id for q in result.compliance.statutory_questions} == {
        "gov.duty",
        "gov.second_duty",
    }
    assert result.compliance.band == "Met"


def test_met_says_what_exceeded_needs() -> None:
    answers = all_duties(3, "yes", with_evidence=True) + LOW_MATURITY
    compliance = score(BUNDLE, answers, context()).compliance
    assert compliance.next_band == "Exceeded"
    assert compliance.blockers == []
    assert compliance.next_band_needs is not None
    assert "Overall maturity must reach Established (3)" in compliance.next_band_needs


def test_exceeded_is_the_top_band() -> None:
    answers = all_duties(4, "yes", with_evidence=True) + HIGH_MATURITY
    compliance = score(BUNDLE, answers, context()).compliance
    assert (compliance.next_band, compliance.next_band_needs) == (None, None)
