"""Which agencies' answers hold a question, and so the compliance band, back (pure).

A question tests a legal duty; the band needs it at ``needed`` (Developing for Approaching,
Established for Met). The agencies holding it back are those that answered it below
``needed``; when it is at ``needed`` but its assured score is not (no evidence), those that
claimed ``needed`` or above without evidence. A question nobody has answered has no holders
in the scoring data: the page names the agencies whose role answers it.
"""

from __future__ import annotations

from readiness.scoring import method
from readiness.scoring.results import QuestionResult

_EPS = 1e-9


def holding_back(question: QuestionResult, needed: float) -> list[str]:
    """The names of the agencies whose answers keep ``question`` below ``needed``."""
    answered = [a for a in question.agencies if a.score is not None]
    if question.score is not None and question.score >= needed - _EPS:
        return [
            a.agency
            for a in answered
            if (a.score or 0.0) >= method.IN_PLACE - _EPS and not a.has_evidence
        ]
    return [a.agency for a in answered if (a.score or 0.0) < needed - _EPS]


def names_in_words(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"; "" for none."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
