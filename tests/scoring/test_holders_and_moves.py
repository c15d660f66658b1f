"""Who holds the compliance band back, and the three one-level moves that do most for overall
maturity (pure functions over scoring results)."""

from __future__ import annotations

from readiness.scoring.holders import holding_back, names_in_words
from readiness.scoring.results import AgencyScore, QuestionResult
from readiness.scoring.uplift import overall_moves


def _agency(name: str, score: float | None, evidence: bool = True) -> AgencyScore:
    return AgencyScore(
        agency=name,
        role="police",
        value=score,
        score=score,
        assured_score=score if evidence or score is None or score < 3 else 2.0,
        not_applicable=False,
        na_reason="",
        has_evidence=evidence,
        comment="",
    )


def _question(
    qid: str, score: float | None, agencies: list[AgencyScore], domain: str = "gov", weight=1.0
) -> QuestionResult:
    return QuestionResult(
        question_id=qid,
        domain_id=domain,
        text=f"Question {qid}",
        type="scale",
        weight=weight,
        scored=True,
        statutory=True,
        requirement_ids=[],
        legal_duty_ids=[],
        status="not_answered" if score is None else "answered",
        combine_rule="median",
        rule_applied="median",
        value=score,
        score=score,
        label="",
        assured_score=score,
        agencies=agencies,
        evidence_present=True,
        disagreement=False,
    )


def test_the_agencies_that_answered_below_the_level_needed_hold_the_band_back() -> None:
    q = _question("a", 1.5, [_agency("Police", 1.0), _agency("Council", 2.0), _agency("Fire", 1)])
    assert holding_back(q, 2.0) == ["Police", "Fire"]
    assert names_in_words(holding_back(q, 2.0)) == "Police and Fire"
    assert names_in_words(["A", "B", "C"]) == "A, B and C"


def test_an_answer_in_place_without_evidence_holds_met_back() -> None:
    q = _question("a", 3.0, [_agency("Police", 3.0, evidence=False), _agency("Council", 3.0)])
    assert holding_back(q, 3.0) == ["Police"]


def test_nobody_holds_back_a_question_nobody_answered() -> None:
    assert holding_back(_question("a", None, []), 2.0) == []


def test_each_move_is_one_level_and_the_biggest_gains_come_first() -> None:
    questions = [
        _question("low", 1.0, [_agency("Police", 1.0)]),  # +1 level is worth most
        _question("half", 2.5, [_agency("Council", 2.5)]),  # +0.5 to Established
        _question("top", 4.0, [_agency("Fire", 4.0)]),  # nothing to raise
        _question("other", 0.0, [_agency("Fire", 0.0)], domain="data", weight=2.0),
        _question("not yet", None, []),
    ]
    moves = overall_moves(questions, {"gov": 1.0, "data": 1.0}, overall=1.5)
    assert [(m.question_id, m.to_level) for m in moves] == [("other", 1), ("low", 2), ("half", 3)]
    assert moves[1].text == "\u201cQuestion low\u201d: from Emerging to Developing"
    assert all(m.to_level - m.from_score <= 1 for m in moves)
    assert overall_moves(questions, {}, overall=None) == []
