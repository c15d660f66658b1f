"""Statutory compliance bands, kept separate from maturity (modelled on the NHS DSPT).

* Not met: a legal duty is not at least partly in place (below 2, or not answered).
* Approaching: every legal duty is at least partly in place (2 or more).
* Met: every legal duty is in place (3 or more) in the assured score, which means the
  answers that put it there have evidence.
* Exceeded: Met, and overall maturity is Established (3) or better.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from readiness.models import LEVEL_LABELS
from readiness.scoring import method
from readiness.scoring.holders import holding_back, names_in_words
from readiness.scoring.results import (
    BANDS,
    Band,
    Blocker,
    Compliance,
    Overall,
    QuestionResult,
    StatutoryQuestion,
)

_EPS = 1e-9
StatutoryStatus = Literal["in_place", "partly", "not_in_place", "not_answered"]


def _status(q: QuestionResult) -> StatutoryStatus:
    if q.score is None:
        return "not_answered"
    if q.score >= method.IN_PLACE - _EPS:
        return "in_place"
    if q.score >= method.PARTLY - _EPS:
        return "partly"
    return "not_in_place"


def _unevidenced(q: QuestionResult) -> list[str]:
    return [
        a.agency
        for a in q.agencies
        if a.score is not None and a.score >= method.IN_PLACE - _EPS and not a.has_evidence
    ]


def _raise_blocker(q: QuestionResult, needed_level: int) -> Blocker:
    needed = f"{LEVEL_LABELS[needed_level]} ({needed_level}) or better"
    if q.score is None:
        how = (
            "Answer this question: it tests a legal duty, so leaving it unanswered blocks "
            f"the band. {needed} is needed."
        )
    elif q.date_cap is not None:
        how = (
            f"{q.date_cap.reason} Do what the date shows is missing or overdue, then record "
            "the new date on the partnership set-up page."
        )
    else:
        who = names_in_words(holding_back(q, needed_level)) or "the agencies that answered it"
        how = (
            f"Put this duty in place to at least {LEVEL_LABELS[needed_level]}, then {who} "
            "update their answers: theirs hold the band back."
        )
    return Blocker(
        question_id=q.question_id,
        text=q.text,
        requirement_ids=q.legal_duty_ids,
        current=method.describe_score(q.score),
        needed=needed,
        how_to_unblock=how,
    )


def _evidence_blocker(q: QuestionResult) -> Blocker:
    agencies = ", ".join(_unevidenced(q)) or "the agencies that answered"
    return Blocker(
        question_id=q.question_id,
        text=q.text,
        requirement_ids=q.legal_duty_ids,
        current=(
            f"{method.describe_score(q.score)} without enough evidence "
            f"(counts as {method.describe_score(q.assured_score)})"
        ),
        needed="Established (3) or better, with evidence",
        how_to_unblock=(
            f"Add evidence (a document, link or description) to the answers from {agencies}."
        ),
    )


def compliance_result(
    questions: Sequence[QuestionResult], overall: Overall, untested: Sequence[str]
) -> Compliance:
    statutory = [q for q in questions if q.statutory and q.status != "not_applicable"]
    below_partly = [q for q in statutory if q.score is None or q.score < method.PARTLY - _EPS]
    below_in_place = [q for q in statutory if q.score is None or q.score < method.IN_PLACE - _EPS]
    unassured = [
        q
        for q in statutory
        if q.score is not None
        and q.score >= method.IN_PLACE - _EPS
        and (q.assured_score or 0.0) < method.IN_PLACE - _EPS
    ]
    mature = overall.maturity is not None and overall.maturity >= method.IN_PLACE - _EPS

    band: Band
    blockers: list[Blocker] = []
    needs: str | None = None
    if below_partly:
        band = "Not met"
        blockers = [_raise_blocker(q, int(method.PARTLY)) for q in below_partly]
        needs = "Every legal duty must be at least partly in place (Developing or better)."
    elif below_in_place or unassured:
        band = "Approaching"
        by_id = {q.question_id: _raise_blocker(q, int(method.IN_PLACE)) for q in below_in_place}
        by_id.update({q.question_id: _evidence_blocker(q) for q in unassured})
        blockers = [by_id[q.question_id] for q in statutory if q.question_id in by_id]
        needs = "Every legal duty must be in place (Established or better) with evidence."
    elif not mature:
        band = "Met"
        shown = method.describe_score(overall.maturity)
        needs = (
            f"Overall maturity must reach Established (3); it is {shown}. "
            "See 'What moves you up one level' for each domain."
        )
    else:
        band = "Exceeded"
    next_band = None if band == "Exceeded" else BANDS[BANDS.index(band) + 1]
    summary = _summary(band, len(statutory), len(blockers))
    return Compliance(
        band=band,
        next_band=next_band,
        blockers=blockers,
        next_band_needs=needs,
        summary=summary,
        statutory_questions=[
            StatutoryQuestion(
                question_id=q.question_id,
                text=q.text,
                requirement_ids=q.legal_duty_ids,
                status=_status(q),
                score=q.score,
                assured_score=q.assured_score,
            )
            for q in statutory
        ],
        untested_legal_duties=list(untested),
    )


def _summary(band: Band, statutory: int, blockers: int) -> str:
    items, verb = ("question", "stops") if blockers == 1 else ("questions", "stop")
    if band == "Exceeded":
        return (
            "Every legal duty is in place with evidence, and overall maturity is "
            "Established or better."
        )
    if band == "Met":
        return "Every legal duty is in place with evidence."
    if band == "Approaching":
        return (
            f"Every legal duty is at least partly in place; {blockers} {items} {verb} the band "
            "'Met'."
        )
    return f"{blockers} of {statutory} legal-duty questions are not at least partly in place."
