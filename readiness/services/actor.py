"""Who is acting: recorded against every change in the audit log, and checked by the services.

An :class:`Actor` is either a fixed name with no grants (``grants is None``: *open mode*, as on a
single machine with no sign-in, where everything is allowed) or a person identified by their
e-mail address, holding the grants read from the database (possibly none, in which case
everything is refused). :func:`require` is the one check the services make.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from readiness.access.policy import Grant, Permission, Target, decide, normalise_email
from readiness.errors import ReadinessError


class AccessRefusedError(ReadinessError):
    """The acting person may not do this; ``str(error)`` is the policy's plain refusal."""


@dataclass(frozen=True)
class Actor:
    """The person (or program) asking for a change. ``name`` goes into the audit log.

    ``grants`` is ``None`` for the fixed actors of open mode (everything allowed); a signed-in
    person (see :meth:`person`) has their e-mail address and a tuple of grants.
    """

    name: str
    email: str | None = None
    grants: tuple[Grant, ...] | None = None

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("An actor needs a name for the audit log.")

    @classmethod
    def person(cls, email: str, name: str, grants: Iterable[Grant]) -> Actor:
        """A signed-in person: the audit log names them as "Name <e-mail>", so a board can
        tell who said what even when two people share a name."""
        address = normalise_email(email)
        shown = name.strip()
        label = f"{shown} <{address}>" if shown and shown.lower() != address else address
        return cls(label, address, tuple(g for g in grants if g.email == address))

    @property
    def open_mode(self) -> bool:
        """Whether this actor is not checked at all (no sign-in: everything allowed)."""
        return self.grants is None


def require(actor: Actor, permission: Permission, target: Target) -> None:
    """Refuse (raise :class:`AccessRefusedError`) unless ``actor`` may do ``permission`` on
    ``target``. Open-mode actors are always allowed."""
    if actor.grants is None:
        return
    decision = decide(actor.grants, permission, target)
    if not decision:
        raise AccessRefusedError(decision.because)


#: Until sign-in arrives, changes made in the web pages are recorded against this name.
WEB_USER = Actor("Web user")
#: Changes made with ``python -m readiness ...``.
COMMAND_LINE = Actor("command line")
