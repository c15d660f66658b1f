"""Reading data.police.uk street files: every quirk counted, bad input refused clearly.

The expected figures are worked out independently from the same real files with Python's csv
module, so the fast reader is checked against a plain one.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from readiness.evidence.area import PartnershipArea
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import SourceFile
from readiness.evidence.police import read_police_files
from tests.evidence.conftest import CITY, as_source, street_paths


def _plain_rows(paths: list[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def test_every_row_of_a_year_of_real_files_is_kept(street_files: list[SourceFile]) -> None:
    ingest = read_police_files(street_files, area=CITY)
    plain = _plain_rows(street_paths())
    assert len(ingest.frame) == len(plain)
    assert len(ingest.uploads) == 12
    assert [u.period_start for u in ingest.uploads] == [f"2024-{m:02d}" for m in range(1, 13)]


def test_quirks_are_counted_like_a_plain_reader_would(street_files: list[SourceFile]) -> None:
    ingest = read_police_files(street_files, area=CITY)
    plain = _plain_rows(street_paths())
    no_location = sum(
        1 for r in plain if r["Location"].casefold() == "no location" or not r["LSOA code"]
    )
    blank_ids = sum(1 for r in plain if not r["Crime ID"])
    asb = sum(1 for r in plain if r["Crime type"] == "Anti-social behaviour")
    ids = Counter(r["Crime ID"] for r in plain if r["Crime ID"])
    per_file_duplicates = 0
    for path in street_paths():
        counts = Counter(r["Crime ID"] for r in _plain_rows([path]) if r["Crime ID"])
        per_file_duplicates += sum(v for v in counts.values() if v > 1)
    outside = sum(
        1 for r in plain if r["LSOA name"] and not r["LSOA name"].startswith("City of London ")
    )
    quality = [u.quality for u in ingest.uploads]
    assert sum(q.no_location for q in quality) == no_location
    assert sum(q.blank_ids for q in quality) == blank_ids == asb
    assert sum(q.duplicate_id_rows for q in quality) == per_file_duplicates
    assert sum(q.out_of_area for q in quality) == outside
    assert all(q.context_filled == 0 for q in quality)
    assert int(ingest.frame["is_asb"].sum()) == asb
    assert ids  # the files do carry Crime IDs


def test_rows_without_location_stay_in_totals_but_have_no_area(
    street_files: list[SourceFile],
) -> None:
    frame = read_police_files(street_files[:1], area=CITY).frame
    unlocated = frame[frame["no_location"]]
    assert len(unlocated) > 0
    assert unlocated["in_partnership_area"].isna().all()
    assert unlocated["longitude"].isna().all()


def test_a_2021_only_lsoa_code_marks_the_file_as_2021_vintage(
    street_files: list[SourceFile],
) -> None:
    upload = read_police_files(street_files[:1], area=CITY).uploads[0]
    # 2024-01 has a row in E01035687 (Tower Hamlets 021H), a code created in 2021
    assert upload.quality.lsoa_vintage == "2021"
    assert upload.quality.lsoa_2021_only_codes >= 1


def test_a_zip_of_street_files_reads_like_the_files(street_files: list[SourceFile]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in street_paths()[:2]:
            archive.write(path, f"{path.name[:7]}/{path.name}")
    zipped = read_police_files(
        [SourceFile.from_bytes("download.zip", buffer.getvalue())], area=CITY
    )
    plain = read_police_files(street_files[:2], area=CITY)
    assert len(zipped.frame) == len(plain.frame)
    assert len(zipped.uploads) == 1
    assert zipped.uploads[0].quality.months == ["2024-01", "2024-02"]


def test_uploading_the_same_month_twice_does_not_double_count(
    street_files: list[SourceFile],
) -> None:
    again = read_police_files([street_files[0], street_files[1], street_files[0]], area=CITY)
    once = read_police_files(street_files[:2], area=CITY)
    assert len(again.frame) == len(once.frame)
    assert again.uploads[0].quality.replaced_months == ["2024-01"]


def test_no_area_means_every_located_row_counts(street_files: list[SourceFile]) -> None:
    frame = read_police_files(street_files[:1]).frame
    assert frame["in_partnership_area"].eq(False).sum() == 0


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _variant(
    text: str, name: str = "2024-01-city-of-london-street.csv", encoding: str = "utf-8"
) -> SourceFile:
    return SourceFile.from_bytes(name, text.encode(encoding))


def test_utf8_with_bom_and_windows_1252_are_accepted() -> None:
    text = _text(street_paths()[0])
    accented = text.replace("On or near B500", "On or near Café Street", 1)
    bom = SourceFile.from_bytes("bom.csv", b"\xef\xbb\xbf" + accented.encode("utf-8"))
    cp1252 = _variant(accented, "cp1252.csv", "cp1252")
    for source in (bom, cp1252):
        ingest = read_police_files([source], area=CITY)
        assert len(ingest.frame) == 734
        assert "On or near Café Street" in set(ingest.frame["location_text"].astype(str))
    assert read_police_files([cp1252], area=CITY).uploads[0].quality.encoding == "cp1252"


def _problem(
    files: list[SourceFile], area: PartnershipArea | None = CITY, max_bytes: int = 200 * 1024 * 1024
) -> str:
    with pytest.raises(EvidenceInputError) as caught:
        read_police_files(files, area=area, max_bytes=max_bytes)
    return " ".join(caught.value.problems)


HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context"
)
ROW = (
    ",2024-01,City of London Police,City of London Police,-0.097078,51.519045,On or near A1,"
    "E01000001,City of London 001A,Anti-social behaviour,,"
)

BAD_INPUT = [
    (_variant(HEADER.replace("Crime type", "Offence") + "\n" + ROW + "\n"), "'Crime type'"),
    (
        _variant(HEADER + "\n" + ROW.replace("2024-01", "Jan 2024") + "\n"),
        "Row 2 of 2024-01-city-of-london-street.csv has the month 'Jan 2024'",
    ),
    (_variant(HEADER + "\n" + ROW.replace("2024-01", "2024-13") + "\n"), "form YYYY-MM"),
    (_variant(""), "is empty"),
    (_variant(HEADER + "\n"), "has column headings but no rows"),
    (SourceFile.from_bytes("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "is not a CSV file"),
    (
        _variant("Type,Date,Part of a policing operation,Policing operation\n"),
        "stop and search file",
    ),
    (
        _variant(HEADER.replace("Last outcome category,Context", "Outcome type") + "\n"),
        "outcomes file",
    ),
    (
        _variant(
            HEADER
            + "\n"
            + ROW.replace(
                "City of London Police,City of London Police",
                "Metropolitan Police Service,Metropolitan Police Service",
            )
            + "\n"
        ),
        "is from Metropolitan Police Service, but City of London is covered by City of London",
    ),
    (
        _variant(
            HEADER
            + "\n"
            + ROW.replace("E01000001,City of London 001A", "W01000574,Pembrokeshire 015A")
            + "\n"
        ),
        "None of the mapped rows in 2024-01-city-of-london-street.csv are in City of London",
    ),
    (_variant(HEADER + "\n" + ROW.replace("-0.097078", "west") + "\n"), "not a number"),
]


@pytest.mark.parametrize(
    ("source", "message"),
    BAD_INPUT,
    ids=[
        "a renamed column is named",
        "an unreadable month names its row",
        "month 13 is refused",
        "an empty file",
        "headings but no rows",
        "a picture renamed .csv",
        "a stop and search file",
        "an outcomes file",
        "a file from the wrong force",
        "a file entirely outside the area",
        "a longitude that is not a number",
    ],
)
def test_bad_input_gets_a_clear_message(source: SourceFile, message: str) -> None:
    assert message in _problem([source])


def test_a_zip_with_other_files_is_refused_and_names_them() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(street_paths()[0], "2024-01/2024-01-city-of-london-street.csv")
        archive.writestr("2024-01/2024-01-city-of-london-outcomes.csv", "x")
        archive.writestr("notes.docx", "x")
    problem = _problem([SourceFile.from_bytes("download.zip", buffer.getvalue())])
    assert "notes.docx" in problem
    assert "outcomes.csv" in problem


def test_a_file_over_the_limit_is_refused_before_reading() -> None:
    source = as_source(street_paths()[0])
    assert "The largest file you can upload is" in _problem([source], max_bytes=1024)


def test_every_bad_file_in_a_batch_is_reported_at_once() -> None:
    problems = _problem([_variant(""), as_source(street_paths()[0]), _variant(HEADER + "\n")])
    assert "is empty" in problems
    assert "no rows" in problems
