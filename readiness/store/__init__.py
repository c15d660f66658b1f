"""The store: the only package that touches SQLite.

``from readiness.store import Store`` opens (and migrates) the database. The records and the
backup format live in :mod:`readiness.store.records` and :mod:`readiness.store.backup`, which
can be imported without loading SQLite (the demo-data generator does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readiness.store.errors import (
    AlreadyExistsError,
    NotFoundError,
    RoundClosedError,
    StoreError,
)

if TYPE_CHECKING:
    from readiness.store.store import DEFAULT_DB_PATH, Store, default_db_path

__all__ = [
    "DEFAULT_DB_PATH",
    "AlreadyExistsError",
    "NotFoundError",
    "RoundClosedError",
    "Store",
    "StoreError",
    "default_db_path",
]


def __getattr__(name: str) -> Any:
    if name in ("Store", "default_db_path", "DEFAULT_DB_PATH"):
        from readiness.store import store  # noqa: PLC0415 - load SQLite only when asked

        return getattr(store, name)
    raise AttributeError(f"module 'readiness.store' has no attribute {name!r}")
