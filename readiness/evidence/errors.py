"""The one error the evidence readers raise: a list of plain-English problems.

Nothing is stored when a reader raises: callers show every problem and keep what they had.
"""

from __future__ import annotations

from readiness.errors import ReadinessError


class EvidenceInputError(ReadinessError, ValueError):
    """An upload cannot be used. ``problems`` says what is wrong and where, one per item."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))
