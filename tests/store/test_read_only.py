"""Opening an existing database for reading writes nothing; a read-only folder still lists,
scores and exports; a database folder that cannot be made gives a clear message."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.store import Store, StoreError
from tests.store.sample import build_sample

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "sample.db"
    build_sample(Store(path))
    return path


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A temporary folder every user can reach (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(prefix="readiness-ro-"))
    os.chmod(folder, 0o755)  # noqa: S103 - the unprivileged user must reach it
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir():
                os.chmod(path, 0o755)  # noqa: S103 - so it can be removed
        shutil.rmtree(folder)


def test_opening_and_reading_a_migrated_database_does_not_change_it(sample_db: Path) -> None:
    before = _digest(sample_db)
    store = Store(sample_db)
    store.listing()
    store.export_json()
    for round_ in store.list_rounds():
        store.round_answer_set(round_.id)
    assert _digest(sample_db) == before


def test_a_read_only_store_reads_and_refuses_writes(sample_db: Path) -> None:
    store = Store(sample_db, read_only=True)
    assert store.read_only
    assert store.listing()["rounds"]
    with pytest.raises(StoreError, match="open read-only"):
        store.close_round(store.list_rounds()[-1].id, user="t")


def test_a_read_only_store_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="There is no database"):
        Store(tmp_path / "missing.db", read_only=True)


def test_a_database_folder_that_cannot_be_made_gives_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["list", "--db", str(blocker / "sub" / "x.db")])
    err = capsys.readouterr().err
    assert code == 1
    assert "could not be created" in err
    assert "Traceback" not in err


def _as_nobody() -> list[str] | None:
    """A command prefix that runs as an unprivileged user, or None if that is not possible."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


def test_list_score_and_export_work_on_a_database_in_a_read_only_folder(
    open_folder: Path,
) -> None:
    prefix = _as_nobody()
    if prefix is None:
        pytest.skip("cannot run as an unprivileged user here")
    folder = open_folder / "data"
    sample_db = folder / "sample.db"
    build_sample(Store(sample_db))
    out = open_folder / "out"
    out.mkdir()
    os.chmod(out, 0o777)  # noqa: S103 - the unprivileged user writes the export here
    os.chmod(sample_db, 0o444)
    os.chmod(folder, 0o555)  # noqa: S103 - read-only for everyone
    before = _digest(sample_db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "readiness", *argv],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=False,
            timeout=120,
        )

    probe = run("--help")
    if probe.returncode != 0:
        pytest.skip(f"the unprivileged user cannot run the tool here: {probe.stderr[-200:]}")
    try:
        listed = run("list", "--db", str(sample_db), "--json")
        assert listed.returncode == 0, listed.stderr
        rounds = json.loads(listed.stdout)["rounds"]
        exported = run("export", "--db", str(sample_db), "-o", str(out / "all.json"))
        assert exported.returncode == 0, exported.stderr
        scored = run(
            "score",
            "--db",
            str(sample_db),
            "--partnership",
            rounds[0]["partnership_id"],
            "--round",
            rounds[0]["id"],
            "--json",
        )
        assert "readonly" not in scored.stderr
        assert "could not be opened" not in scored.stderr
        written = run("demo", "--db", str(sample_db))
        assert written.returncode == 1
        assert "read-only" in written.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["sample.db"]
        assert _digest(sample_db) == before
    finally:
        os.chmod(folder, 0o755)  # noqa: S103 - so it can be removed
