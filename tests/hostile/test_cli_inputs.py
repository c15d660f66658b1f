"""Hostile input to the command line's other doors (answers files, workbooks, databases): each
gets its own message, never the last-resort handler, and nothing is written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from readiness.cli import main
from tests.hostile import corpus as C

LAST_RESORT = "Sorry, something went wrong"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[" * 200_000 + b"]" * 200_000, "nested far too deeply"),
        (b'{"answers": ' * 80 + b"[]" + b"}" * 80, "nested far too deeply"),
        (b'{"questionnaire_id": NaN}', "NaN, which is not a number JSON allows"),
        (b'{"questionnaire_id": "\\udfff"}', "unpaired surrogate"),
        (b'{"questionnaire_id": 99999999999999999999999}', "far too large"),
        (b"\xff\xfe{}", "is not a text file"),
    ],
    ids=["deep lists", "deep objects", "NaN", "lone surrogate", "huge number", "not text"],
)
def test_score_refuses_a_hostile_answers_file(
    content: bytes, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = C.write(tmp_path, "answers.json", content)
    code, text = run(["score", str(path)], capsys)
    assert LAST_RESORT not in text
    assert code == 1, text
    assert expected in text
    assert str(path) in text


def test_score_reads_no_more_than_its_limit_from_an_endless_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``score /dev/zero`` once grew to 5.5 GB."""
    started = time.perf_counter()
    code, text = run(["score", "/dev/zero"], capsys)
    assert time.perf_counter() - started < 10
    assert code == 1
    assert "larger than 20 MB" in text


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "demo.db"
    assert run(["demo", "--db", str(path)], capsys)[0] == 0
    return path


WORKBOOKS = [
    ("encrypted", C.encrypted_xlsx, "password-protected"),
    ("old-xls", C.old_xls, "97-2003"),
    ("bad-crc", C.xlsx_with_bad_crc, "check sum does not match"),
    ("password-zip", C.password_zip, "password-protected"),
    ("corrupt-member", C.corrupt_member_zip, "not an Excel workbook"),
    ("truncated", C.truncated_zip, "damaged"),
]


@pytest.mark.parametrize(
    ("make", "expected"), [w[1:] for w in WORKBOOKS], ids=[w[0] for w in WORKBOOKS]
)
def test_import_workbook_names_what_is_wrong_with_a_damaged_file(
    make: object, expected: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert callable(make)
    path = C.write(tmp_path, "pack.xlsx", make())
    code, text = run(["import-workbook", "--db", str(db), str(path)], capsys)
    assert LAST_RESORT not in text
    assert code == 1, text
    assert expected in text, text


def test_a_workbook_bomb_is_refused_in_seconds(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = C.write(tmp_path, "pack.xlsx", C.xlsx_bomb(unpacked_mb=120))
    started = time.perf_counter()
    code, text = run(["import-workbook", "--db", str(db), str(path)], capsys)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert "expands to far more data" in text


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["export", "-o", "out.json"],
        ["score", "--partnership", "p", "--round", "r"],
        ["compare", "--region", "all"],
        ["export-plan", "--partnership", "p", "--round", "r", "-o", "plan.xlsx"],
    ],
)
@pytest.mark.parametrize("damage", ["not a database", "truncated"])
def test_a_file_that_is_not_a_database_gets_its_own_message(
    command: list[str],
    damage: str,
    db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "broken.db"
    if damage == "not a database":
        path.write_bytes(b"This is a text file, not a database.\n" * 100)
    else:
        path.write_bytes(db.read_bytes()[:8192])
    argv = [
        command[0],
        "--db",
        str(path),
        *[str(tmp_path / a) if a.endswith(".json") else a for a in command[1:]],
    ]
    code, text = run(argv, capsys)
    assert LAST_RESORT not in text
    assert code == 1, text
    assert str(path) in text


def test_validate_refuses_deeply_nested_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = C.write(tmp_path, "deep.yaml", b"[" * 5000 + b"]" * 5000)
    code, text = run(["validate", str(path)], capsys)
    assert LAST_RESORT not in text
    assert code == 1
    assert "nested far too deeply" in text
