"""The root of every error the tool raises on purpose.

A :class:`ReadinessError` carries a message written for the person using the tool (``str(error)``
says what is wrong and what to do). The page frame (:func:`readiness.ui.frame.run_page`) and the
command line (:func:`readiness.cli.main`) translate it in one place each; anything else that
escapes is a bug and reaches their last-resort handler.
"""

from __future__ import annotations


class ReadinessError(Exception):
    """A problem the user can act on; ``str(error)`` is a plain-English message for them."""
