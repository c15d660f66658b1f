"""How much of the questionnaire a partnership has answered, counted one way everywhere.

A scored question that applies to the partnership counts as answered when at least one member
agency has answered it or marked it not applicable. Home and Results both show this count (the
home page's table by agency counts something else: each agency's own questions for its role).
Below half, the scores are not yet a fair picture: pages show no headline score and say why.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.scoring.results import Overall


@dataclass(frozen=True)
class Coverage:
    answered: int
    total: int

    @property
    def fair(self) -> bool:
        """At least half of the questions are answered (or marked not applicable)."""
        return self.total > 0 and 2 * self.answered >= self.total

    @property
    def words(self) -> str:
        return f"{self.answered} of {self.total}"

    @property
    def caveat(self) -> str | None:
        """Why there is no headline score, or None when there is one."""
        if self.fair:
            return None
        noun = "questions is" if self.answered == 1 else "questions are"
        return (
            f"Only {self.answered} of {self.total} {noun} answered, so this is not yet a "
            "fair picture. There is no overall score until at least half are answered; "
            "what is known so far is below."
        )


def partnership_coverage(overall: Overall) -> Coverage:
    """The partnership's count: answered or not applicable, of the scored questions that apply."""
    return Coverage(answered=overall.answered + overall.not_applicable, total=overall.applicable)
