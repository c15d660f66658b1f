"""The top of the Results page, for a board member with one minute: the band in words and why,
the three things that would move it up, the next deadline and the agencies that need to act.

:func:`summarise` is pure (a scoring result and who answers what, in; words out), so the
tests read the summary without a page; :func:`summary_section` draws it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.labels import BAND_MEANING
from readiness.models import LEVEL_LABELS, Nation
from readiness.scoring import ScoringResult, method
from readiness.scoring.coverage import Coverage, partnership_coverage
from readiness.scoring.holders import holding_back, names_in_words
from readiness.scoring.results import QuestionResult
from readiness.scoring.uplift import overall_moves
from readiness.ui.components.progress import AgencyLike
from readiness.ui.components.results import maturity_words, next_deadline
from readiness.ui.components.text import user_text

MOVES = 3
_EPS = 1e-9
#: Where a move's agencies are unknown (nobody answered yet and no member's role answers it).
NOBODY = "the partnership lead"


@dataclass(frozen=True)
class Move:
    text: str
    who: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    coverage: Coverage
    band: str
    why: str
    maturity: str | None  # None while the picture is not yet fair
    moves_heading: str
    moves: tuple[Move, ...]
    deadline: str | None
    who: tuple[str, ...]


def answerers(
    bundle: ContentBundle, nation: Nation, agencies: Sequence[AgencyLike]
) -> dict[str, list[str]]:
    """Question id -> the names of the member agencies whose role answers it."""
    found: dict[str, list[str]] = {}
    for agency in agencies:
        for question in bundle.questions_for(agency.role_id, nation):
            found.setdefault(question.id, []).append(agency.name)
    return found


def _answered_by(q: QuestionResult) -> set[str]:
    return {a.agency for a in q.agencies if a.score is not None or a.not_applicable}


def _questions(count: int) -> str:
    return "one question" if count == 1 else f"{count} questions"


def _unanswered_moves(result: ScoringResult, expected: Mapping[str, Sequence[str]]) -> list[Move]:
    """One "get these answered" move per agency, the agencies with most questions open first."""
    open_count: dict[str, int] = {}
    for q in result.questions:
        if not q.scored or q.status != "not_answered":
            continue
        done = _answered_by(q)
        for name in expected.get(q.question_id, ()):
            if name not in done:
                open_count[name] = open_count.get(name, 0) + 1
    ranked = sorted(open_count.items(), key=lambda item: (-item[1], item[0]))
    return [
        Move(
            f"Answer the {_questions(count)} still open for {name}'s role",
            (name,),
        )
        for name, count in ranked
    ]


def blocker_agencies(
    q: QuestionResult, needed: int, expected: Mapping[str, Sequence[str]]
) -> list[str]:
    """Who must act on a blocker: the agencies whose answers hold it back, or, while nobody
    has answered it, the member agencies whose role answers it."""
    if q.score is None:
        return list(expected.get(q.question_id, ()))
    return holding_back(q, needed)


def _blocker_move(q: QuestionResult, needed: int, expected: Mapping[str, Sequence[str]]) -> Move:
    title = f"\u201c{q.text}\u201d"
    who = tuple(blocker_agencies(q, needed, expected))
    if q.score is None:
        return Move(f"{title}: not answered yet", who)
    if q.score >= needed - _EPS:
        return Move(f"{title}: add evidence", who)
    if q.date_cap is not None:
        return Move(f"{title}: {q.date_cap.reason}", who or (NOBODY,))
    return Move(f"{title}: from {method.level_label(q.score)} to {LEVEL_LABELS[needed]}", who)


def _moves(
    result: ScoringResult, coverage: Coverage, expected: Mapping[str, Sequence[str]]
) -> tuple[str, list[Move]]:
    compliance = result.compliance
    if not coverage.fair:
        return "What to do first", _unanswered_moves(result, expected)
    if compliance.next_band is None:
        return "What keeps you here", [
            Move("Keep the evidence and the recorded dates up to date", ())
        ]
    by_id = {q.question_id: q for q in result.questions}
    if compliance.band in ("Not met", "Approaching"):
        needed = int(method.PARTLY if compliance.band == "Not met" else method.IN_PLACE)
        count = len(compliance.blockers)
        heading = (
            f"What stands between you and {compliance.next_band}"
            if count <= MOVES
            else f"The first {MOVES} of {count} things between you and {compliance.next_band}"
        )
        moves = [_blocker_move(by_id[b.question_id], needed, expected) for b in compliance.blockers]
        return heading, moves
    steps = overall_moves(
        result.questions, result.method.domain_weights, result.overall.maturity, MOVES
    )
    moves = [Move(s.text, tuple(holding_back(by_id[s.question_id], s.to_level))) for s in steps]
    return (
        f"{compliance.next_band} needs overall maturity of Established; the changes that "
        "would do most",
        moves,
    )


def summarise(result: ScoringResult, expected: Mapping[str, Sequence[str]]) -> Summary:
    """The summary of ``result``; ``expected`` is :func:`answerers` for the partnership."""
    compliance = result.compliance
    coverage = partnership_coverage(result.overall)
    heading, moves = _moves(result, coverage, expected)
    shown = tuple(moves[:MOVES])
    who: list[str] = []
    for move in moves:  # every agency that must act, not only those of the first moves
        who.extend(name for name in move.who if name not in who)
    deadline = next_deadline(result)
    if coverage.fair:
        meaning = BAND_MEANING.get(compliance.band, compliance.band)
        why = f"{meaning}."
        if compliance.summary.lower().startswith(meaning.lower()):
            why = compliance.summary  # it says the meaning already, and more
        elif compliance.next_band is not None and compliance.blockers:
            why += f" {compliance.summary}"
    else:
        why = compliance.summary
    return Summary(
        coverage=coverage,
        band=compliance.band,
        why=why[0].upper() + why[1:],
        maturity=maturity_words(result.overall.maturity) if coverage.fair else None,
        moves_heading=heading,
        moves=shown,
        deadline=f"{deadline[0]}: {deadline[1]}" if deadline else None,
        who=tuple(who),
    )


#: Headline figures a little smaller than Streamlit's default, so the summary fits the first
#: screen of a laptop (1280 x 800) under the page's banners.
_COMPACT = "<style>[data-testid='stMetricValue'] { font-size: 1.5rem; }</style>"


def summary_section(summary: Summary) -> None:
    """The summary, short enough for the first screen."""
    st.html(_COMPACT)
    if summary.coverage.fair:
        band, maturity, answered = st.columns(3)
        band.metric("Statutory compliance", summary.band)
        maturity.metric("Overall maturity (self-assessed)", summary.maturity or "No score yet")
        answered.metric("Questions answered", summary.coverage.words)
        first = f"**{summary.band}**: {summary.why}"
    else:
        st.metric("Questions answered", summary.coverage.words)
        st.warning(summary.coverage.caveat or "", icon=":material/info:")
        first = f"**So far:** {summary.why}"
    parts = []
    if summary.moves:
        parts.append(
            f"{first}  \n**{summary.moves_heading}:**\n"
            + "\n".join(
                f"{number}. {user_text(move.text)}" for number, move in enumerate(summary.moves, 1)
            )
        )
    else:
        parts.append(first)
    facts = []
    if summary.deadline:
        facts.append(f"**Next deadline:** {summary.deadline}")
    if summary.who:
        facts.append(f"**Who needs to act:** {user_text(names_in_words(list(summary.who)))}")
    if facts:
        parts.append("  \n".join(facts))
    st.markdown("\n\n".join(parts))
