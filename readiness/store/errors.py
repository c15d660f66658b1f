"""Errors raised by the store. Every message is plain English, fit to show to a user."""

from __future__ import annotations

from readiness.errors import ReadinessError


class StoreError(ReadinessError):
    """Something the store could not do; ``str(error)`` is a message for the user."""


class NotFoundError(StoreError):
    """An id that is not in the database."""


class RoundClosedError(StoreError):
    """A write to a round that has been closed."""

    def __init__(self, label: str) -> None:
        super().__init__(
            f"This round ({label}) is closed, so answers and actions can no longer be changed. "
            "Open a new round to carry on."
        )
        self.label = label


class AlreadyExistsError(StoreError):
    """An id that is already taken."""
