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


#: One "fields set" per model class, shared by every instance built with all of its fields.
#: Nothing ever removes a name from a fields set and every name is in it, so sharing is safe
#: (a copy gets its own); it spares the cyclic garbage collector a new set per model, which
#: was a third of the time of reading a region's answers (measured: benchmarks/README.md).
_ALL_FIELDS: dict[type[BaseModel], set[str]] = {}


def _fields_set(cls: type[BaseModel], fields: dict[str, Any]) -> set[str]:
    shared = _ALL_FIELDS.get(cls)
    if shared is None:
        shared = _ALL_FIELDS.setdefault(cls, set(cls.model_fields))
    if len(fields) == len(shared) and shared.issuperset(fields):
        return shared
    return set(fields)


def build(cls: type[M], **fields: Any) -> M:
    """``cls(**fields)`` without validation: only for values known to be valid."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", _fields_set(cls, fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
