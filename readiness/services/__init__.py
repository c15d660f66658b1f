"""The service layer: what the pages and the command line ask the tool to do.

One module per family of use cases (partnerships, rounds, answers, actions, workbooks,
backups, results). Every service function takes the acting person first (an :class:`Actor`:
today a fixed name, "Web user" for the pages and "command line" for the CLI, in open mode;
``Actor.person`` is a signed-in person with their grants, checked with ``require``) and
does its writes in ONE store transaction. Pages draw widgets and call these functions; they
never write to the store.
"""

from __future__ import annotations

from readiness.services.actor import COMMAND_LINE, WEB_USER, AccessRefusedError, Actor, require

__all__ = ["COMMAND_LINE", "WEB_USER", "AccessRefusedError", "Actor", "require"]
