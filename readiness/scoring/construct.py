"""A fast constructor for models built from values that have already been checked (public).

``Model.model_construct`` costs more than the whole scoring arithmetic, so the hot paths
(the scoring engine, and the store when it reads answers it validated when they were written)
use :func:`build`, which does the same without its bookkeeping for defaults: every field must
be given, in the model's order. The test suite re-validates whole results
(``ScoringResult.model_validate``) and compares the store's fast path with validation, to
prove that everything built this way is a valid model.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def build(cls: type[M], **fields: Any) -> M:
    """``cls(**fields)`` without validation: only for values known to be valid."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
