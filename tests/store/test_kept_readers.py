"""A store that keeps read connections (the app's, ``keep_readers``): fresh reads, and a
replaced file is read anew (issue 19)."""

from __future__ import annotations

import shutil
from pathlib import Path

from readiness.store import Store
from readiness.store.records import Region


def _regions(store: Store) -> list[str]:
    return [r.name for r in store.list_regions()]


def test_a_kept_reader_sees_writes_made_since_by_another_store(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    app = Store(db, keep_readers=4)
    other = Store(db)  # another process, in effect
    assert _regions(app) == []
    assert len(app._idle) == 1  # the read's connection was kept
    other.add_region(Region(id="north", name="Northern VRU"), user="t")
    assert _regions(app) == ["Northern VRU"]  # a new snapshot on the kept connection
    assert len(app._idle) == 1


def test_without_keep_readers_no_connection_is_kept(tmp_path: Path) -> None:
    store = Store(tmp_path / "plain.db")
    _regions(store)
    assert store._idle == []


def test_a_database_file_replaced_is_read_anew(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    app = Store(db, keep_readers=4)
    assert _regions(app) == []
    backup = tmp_path / "backup.db"
    Store(backup).add_region(Region(id="restored", name="Restored VRU"), user="t")
    shutil.copy(backup, tmp_path / "incoming.db")
    (tmp_path / "incoming.db").replace(db)  # a restored copy put in place
    assert _regions(app) == ["Restored VRU"]


def test_no_more_readers_are_kept_than_asked(tmp_path: Path) -> None:
    store = Store(tmp_path / "few.db", keep_readers=1)
    with store._read(), store._read():
        pass
    assert len(store._idle) == 1
