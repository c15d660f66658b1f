"""Every deadline status the scoring engine can return has words on the page."""

from __future__ import annotations

from typing import get_args

from readiness.scoring.results import DeadlineStatus
from readiness.ui.components.results import DEADLINE_WORDS


def test_every_deadline_status_has_words() -> None:
    assert set(get_args(DeadlineStatus)) == set(DEADLINE_WORDS)
    assert DEADLINE_WORDS["late"] == "Done late"
