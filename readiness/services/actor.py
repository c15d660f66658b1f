"""Who is acting: recorded against every change in the audit log."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The person (or program) asking for a change. ``name`` goes into the audit log."""

    name: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("An actor needs a name for the audit log.")


#: Until sign-in arrives, changes made in the web pages are recorded against this name.
WEB_USER = Actor("Web user")
#: Changes made with ``python -m readiness ...``.
COMMAND_LINE = Actor("command line")
