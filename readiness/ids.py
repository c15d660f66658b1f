"""Ids made from names (pure): one ``slug`` for the whole tool, and a free id beside taken ones."""

from __future__ import annotations

import re
from collections.abc import Collection

#: The longest id a content model allows (``readiness.models`` ``Id``); store ids made from a
#: slug and a suffix stay within the store's own limit of 120.
MAX_SLUG = 80


def slug(text: str, *, limit: int = MAX_SLUG) -> str:
    """A lower-case id fragment: "Anytown CSP" -> "anytown-csp", "2026/27" -> "2026-27".

    At most ``limit`` characters, never empty ("x" when nothing is left).
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "x"


def free_id(base: str, taken: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate
