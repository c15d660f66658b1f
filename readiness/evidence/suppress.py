"""Small-number suppression for anything exported (default: counts of 1 to 4 are hidden).

Counts below the threshold (but above zero) become ``None`` with ``suppressed=True``, and
their shares are hidden too, so a small number cannot be worked back from a percentage.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

DEFAULT_THRESHOLD = 5
SUPPRESSED_TEXT = "fewer than {threshold}"
_COUNT_KEYS = {
    "count",
    "total",
    "serious_violence",
    "asb",
    "previous",
    "police",
    "health",
    "difference",
}
_SHARE_KEYS = {"share", "cumulative_share", "change_percent", "ratio"}

M = TypeVar("M", bound=BaseModel)


def is_small(value: object, threshold: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < threshold


def _walk(value: Any, threshold: int) -> Any:
    if isinstance(value, list):
        return [_walk(v, threshold) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _walk(v, threshold) for k, v in value.items()}
    if "suppressed" not in out:
        return out
    small = [k for k in _COUNT_KEYS if k in out and is_small(out[k], threshold)]
    if small:
        for key in _COUNT_KEYS & out.keys():
            if is_small(out[key], threshold):
                out[key] = None
        for key in _SHARE_KEYS & out.keys():
            out[key] = None
        out["suppressed"] = True
    return out


def suppress(model: M, threshold: int = DEFAULT_THRESHOLD) -> M:
    """A copy of ``model`` with every small count in its table rows suppressed.

    Only rows (objects with a ``suppressed`` field) are changed; headline totals are kept.
    """
    if threshold <= 1:
        return model
    data = _walk(model.model_dump(), threshold)
    return type(model).model_validate(data)
