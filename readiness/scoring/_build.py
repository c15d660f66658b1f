"""A fast constructor for result models built from already-checked values.

``Model.model_construct`` costs more than the whole scoring arithmetic, so the hot paths use
``build``, which does the same without its bookkeeping for defaults (result models have none).
The test suite re-validates whole results (``ScoringResult.model_validate``) to prove that
everything built this way is a valid model.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def build(cls: type[M], **fields: Any) -> M:
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set(fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
