"""Damaged and hostile files given to the command line: each gets its own message, naming the
file and what to do, and none reaches the last-resort handler ("Sorry, something went
wrong")."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.cli import main
from tests.hostile import corpus as C

LAST_RESORT = "Sorry, something went wrong"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


STREET: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("bad-crc", "street.zip", C.bad_crc_zip, "check sum does not match"),
    ("corrupt-member", "street.zip", C.corrupt_member_zip, "damaged"),
    ("password", "street.zip", C.password_zip, "password-protected"),
    ("truncated-zip", "street.zip", C.truncated_zip, "damaged"),
    ("cp1252-undefined-byte", C.STREET_NAME, C.cp1252_undefined_csv, "character"),
    ("encrypted-xlsx-as-street", "street.zip", C.encrypted_xlsx, "password-protected"),
]


@pytest.mark.parametrize(
    ("name", "make", "expected"), [c[1:] for c in STREET], ids=[c[0] for c in STREET]
)
def test_a_damaged_street_file_gets_its_own_message(
    name: str,
    make: Callable[[], bytes],
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = C.write(tmp_path, name, make())
    code, text = run(["profile", str(path)], capsys)
    assert LAST_RESORT not in text
    assert code == 1, text
    assert name in text
    assert expected in text, text


HEALTH: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("encrypted-xlsx", "istv.xlsx", C.encrypted_xlsx, "password-protected"),
    ("old-xls", "istv.xlsx", C.old_xls, "97-2003"),
    ("bad-crc-xlsx", "istv.xlsx", C.xlsx_with_bad_crc, "check sum does not match"),
    ("zip-not-xlsx", "istv.xlsx", C.bad_crc_zip, "not a readable Excel"),
    ("truncated-xlsx", "istv.xlsx", C.truncated_zip, "damaged"),
    ("undefined-byte-csv", "istv.csv", C.health_csv_undefined_byte, "character"),
]


@pytest.mark.parametrize(
    ("name", "make", "expected"), [c[1:] for c in HEALTH], ids=[c[0] for c in HEALTH]
)
def test_a_damaged_health_file_gets_its_own_message(
    name: str,
    make: Callable[[], bytes],
    expected: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    street = C.write(tmp_path, C.STREET_NAME, C.street_csv())
    health = C.write(tmp_path, name, make())
    code, text = run(["profile", str(street), "--health", str(health)], capsys)
    assert LAST_RESORT not in text
    assert code == 1, text
    assert name in text
    assert expected in text, text


def test_a_zip_bomb_of_street_files_is_refused_before_it_is_unpacked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = C.write(tmp_path, "street.zip", C.bomb_zip(unpacked_mb=150))
    code, text = run(["profile", str(path)], capsys)
    assert code == 1, text
    assert "expands to far more data" in text


def test_a_negative_suppression_threshold_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = C.write(tmp_path, C.STREET_NAME, C.street_csv())
    code, text = run(["profile", str(path), "--suppress", "-5"], capsys)
    assert code == 1
    assert "--suppress must be 0 or more" in text


def test_a_health_workbook_bomb_is_refused_in_seconds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18: a 1.8 MB .xlsx that unpacked to 456 MB took 396 s and 2.1 GB."""
    bomb = C.xlsx_bomb(unpacked_mb=200)
    assert len(bomb) < 2 * 1024 * 1024
    street = C.write(tmp_path, C.STREET_NAME, C.street_csv())
    health = C.write(tmp_path, "istv.xlsx", bomb)
    started = time.perf_counter()
    code, text = run(["profile", str(street), "--health", str(health)], capsys)
    assert time.perf_counter() - started < 5
    assert code == 1, text
    assert "istv.xlsx expands to far more data than a spreadsheet can hold" in text


def test_nan_and_infinite_coordinates_do_not_count_as_located() -> None:
    from readiness.evidence.files import SourceFile
    from readiness.evidence.police import read_police_files

    rows = [
        C.STREET_ROW.replace("-0.09,51.51", coordinates)
        for coordinates in ("-0.09,51.51", "NaN,51.51", "inf,-inf", "-0.09,1e999", "500,51.5")
    ]
    data = (C.STREET_HEADER + "".join(rows)).encode()
    ingest = read_police_files([SourceFile.from_bytes(C.STREET_NAME, data)])
    assert list(ingest.frame["no_location"]) == [False, True, True, True, True]
    assert ingest.uploads[0].quality.no_location == 4


def test_a_csv_with_rows_of_different_lengths_still_reads() -> None:
    from readiness.evidence.files import SourceFile
    from readiness.evidence.mapping import read_table

    data = (
        b"ASSAULT DATE AND TIME,ASSAULT METHOD,SITE CODE\n2024-01-06 23:15,Knife\n,,\n"
        b"2024-01-07 01:40,Fist,RXX01,extra\n"
    )
    table = read_table(SourceFile.from_bytes("ragged.csv", data))
    assert table.values.tolist() == [
        ["2024-01-06 23:15", "Knife", ""],
        ["2024-01-07 01:40", "Fist", "RXX01"],
    ]


def test_a_big_file_that_is_not_what_it_claims_fails_from_its_first_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18: 200 MB of garbage took 58 s and 2.8 GB before failing at row 2."""
    row = b"lorem ipsum,dolor,sit amet\n"
    path = tmp_path / "istv.csv"
    path.write_bytes(b"ASSAULT DATE AND TIME,ASSAULT METHOD,SITE CODE\n" + row * 1_500_000)
    street = C.write(tmp_path, C.STREET_NAME, C.street_csv())
    started = time.perf_counter()
    code, text = run(["profile", str(street), "--health", str(path)], capsys)
    assert time.perf_counter() - started < 5
    assert code == 1
    assert "Row 2 of istv.csv has the date (ASSAULT DATE AND TIME) 'lorem ipsum'" in text


def test_a_later_health_file_replaces_the_same_months_of_an_earlier_one() -> None:
    from readiness.evidence.files import SourceFile
    from readiness.evidence.health import read_health_files

    header = "ASSAULT DATE AND TIME,ASSAULT METHOD,SITE CODE\n"
    first = header + "2024-01-06 23:15,Knife,RXX01\n2024-02-06 23:15,Knife,RXX01\n"
    second = header + "2024-02-07 01:40,Fist,RXX01\n2024-02-08 01:40,Fist,RXX01\n"
    ingest = read_health_files(
        [
            SourceFile.from_bytes("jan-feb.csv", first.encode()),
            SourceFile.from_bytes("feb.csv", second.encode()),
        ],
        kind="ed_istv",
    )
    months = ingest.frame["period_month"].astype(str).tolist()
    assert sorted(months) == ["2024-01", "2024-02", "2024-02"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[" * 5000 + b"]" * 5000, "nested far too deeply"),
        (b"name: " + b"x" * (2 * 1024 * 1024), "larger than 1 MB"),
        (b"name: 123456789012345678901234567890", "far too large"),
    ],
    ids=["deep", "huge", "big number"],
)
def test_a_hostile_definition_file_gets_its_own_message(
    content: bytes, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    street = C.write(tmp_path, C.STREET_NAME, C.street_csv())
    definition = C.write(tmp_path, "definition.yaml", content)
    code, text = run(["profile", str(street), "--definition", str(definition)], capsys)
    assert LAST_RESORT not in text
    assert code == 1, text
    assert expected in text
