"""python -m readiness demo / export / import / list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_list_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = _run(capsys, "demo", "--db", db)
    assert code == 0
    assert "Added the demo region" in out
    code, out, _ = _run(capsys, "demo", "--db", db)
    assert code == 0
    assert "already in this database. Nothing was changed." in out
    code, out, _ = _run(capsys, "list", "--db", db, "--json")
    listing = json.loads(out)
    assert set(listing) == {"regions", "partnerships", "rounds"}
    assert set(listing["regions"][0]) == {"id", "name"}
    assert set(listing["partnerships"][0]) == {"id", "name", "region_id", "nation"}
    assert set(listing["rounds"][0]) == {"id", "partnership_id", "label", "status"}
    assert len(listing["partnerships"]) >= 8


def test_list_defaults_to_readiness_db_and_prints_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_DB", str(tmp_path / "env.db"))
    code, out, _ = _run(capsys, "list")
    assert code == 0
    assert "The database is empty" in out
    _run(capsys, "demo")
    code, out, _ = _run(capsys, "list")
    assert "Demo: Cwm Tawel Community Safety Partnership (id demo-cwm-tawel, Wales)" in out
    assert "2025/26 (closed, id demo-cwm-tawel.2025-26)" in out


def test_export_one_partnership_and_import_it_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target, file = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "cwm.json"
    _run(capsys, "demo", "--db", str(source))
    code, out, _ = _run(
        capsys, "export", "--db", str(source), "--partnership", "demo-cwm-tawel", "-o", str(file)
    )
    assert code == 0
    assert "Exported partnership demo-cwm-tawel" in out
    code, out, _ = _run(capsys, "import", "--db", str(target), str(file))
    assert code == 0
    assert out.startswith("Imported 1 region, ")
    code, _, err = _run(capsys, "import", "--db", str(target), str(file))
    assert code == 1
    assert "- $.partnerships[0].id: the database already has a partnership demo-cwm-tawel" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not valid JSON: Expecting property name"),
        (b"\xff\xfe\x00", "is not a text file"),
        (b"[1, 2]", "$: expected a JSON object"),
        (
            b'{"format": "svd-readiness-backup", "format_version": 1, "exported_at": "soon"}',
            "$.exported_at: Input should be a valid datetime",
        ),
    ],
    ids=["broken JSON", "binary file", "a list", "bad timestamp"],
)
def test_import_of_a_bad_file_explains_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    file = tmp_path / "bad.json"
    file.write_bytes(content)
    code, out, err = _run(capsys, "import", "--db", str(tmp_path / "t.db"), str(file))
    assert code == 1
    assert message in err
    assert "Traceback" not in err + out
    _, out, _ = _run(capsys, "list", "--db", str(tmp_path / "t.db"), "--json")
    assert json.loads(out) == {"regions": [], "partnerships": [], "rounds": []}


def test_import_of_a_missing_file_and_export_of_an_unknown_partnership(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "import", "--db", str(tmp_path / "t.db"), str(tmp_path / "no"))
    assert code == 1
    assert "There is no file at" in err
    code, _, err = _run(
        capsys,
        "export",
        "--db",
        str(tmp_path / "t.db"),
        "--partnership",
        "p-none",
        "-o",
        str(tmp_path / "x.json"),
    )
    assert code == 1
    assert "There is no partnership with the id p-none." in err
