"""The shared sniffing and zip checks (readiness/uploads.py), on their own."""

from __future__ import annotations

import io
import zipfile

import pytest

from readiness.uploads import (
    EVIDENCE_ZIP_LIMITS,
    WORKBOOK_LIMITS,
    UploadError,
    ZipLimits,
    open_zip,
    read_member,
    sniff,
)
from tests.hostile import corpus as C


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (C.small_xlsx(), "zip"),
        (C.encrypted_xlsx(), "encrypted_office"),
        (C.old_xls(), "old_office"),
        (b"a,b\n1,2\n", "text"),
        (b"\x00\x01\x02", "binary"),
    ],
    ids=["empty", "zip", "encrypted", "old", "text", "binary"],
)
def test_sniff_says_what_a_file_really_is(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_a_small_member_may_compress_a_lot_but_a_big_one_may_not() -> None:
    small = C.zip_of({"styles.xml": b"a" * 900_000})  # under 1 MB: styles compress this well
    open_zip(small, name="ok.xlsx", limits=WORKBOOK_LIMITS).close()
    with pytest.raises(UploadError, match=r"big\.zip expands to far more data"):
        open_zip(C.bomb_zip(unpacked_mb=20), name="big.zip", limits=EVIDENCE_ZIP_LIMITS)


def test_too_many_members_and_too_much_in_total_are_refused() -> None:
    many = C.zip_of({f"{i}.csv": b"x" for i in range(11)})
    limits = ZipLimits(max_members=10, max_member_bytes=100, max_total_bytes=100, max_ratio=5)
    with pytest.raises(UploadError, match=r"holds 11 files, more than a file can have \(10\)"):
        open_zip(many, name="many.zip", limits=limits)
    big = C.zip_of({"a.csv": b"x" * 60, "b.csv": b"y" * 60}, zipfile.ZIP_STORED)
    with pytest.raises(UploadError, match="expands to far more data"):
        open_zip(big, name="big.zip", limits=limits)


def test_reading_a_member_names_a_bad_crc_and_a_password() -> None:
    with (
        open_zip(C.bad_crc_zip(), name="crc.zip", limits=EVIDENCE_ZIP_LIMITS) as archive,
        pytest.raises(UploadError, match="check sum does not match"),
    ):
        read_member(archive, archive.infolist()[0], name="crc.zip")
    with pytest.raises(UploadError, match="password-protected"):
        open_zip(C.password_zip(), name="locked.zip", limits=EVIDENCE_ZIP_LIMITS)


def test_a_stream_is_checked_without_reading_the_members() -> None:
    stream = io.BytesIO(C.bomb_zip(unpacked_mb=200))
    with pytest.raises(UploadError, match="200 MB or more"):
        open_zip(stream, name="stream.zip", limits=EVIDENCE_ZIP_LIMITS)
