"""Uploaded files as the readers see them, and the first checks every upload gets.

A :class:`SourceFile` is a name plus a way to open its bytes: from memory (an upload in the
browser) or from a path (the command line; see :mod:`readiness.evidence.loaders`). The pure
readers never open paths themselves.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import BinaryIO

from readiness.evidence.errors import EvidenceInputError
from readiness.uploads import (
    EVIDENCE_ZIP_LIMITS,
    Kind,
    UploadError,
    encrypted_message,
    open_zip,
    read_member,
    sniff_stream,
)

#: Default upload limit per file, the same as Streamlit's default upload cap.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 64 * 1024
NEWLINE = b"\n"


@dataclass(frozen=True)
class SourceFile:
    """A file to read: its name, its size in bytes, and a callable opening a binary stream."""

    name: str
    size: int
    open: Callable[[], BinaryIO]

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> SourceFile:
        return cls(name=name, size=len(data), open=lambda: io.BytesIO(data))

    def head(self, size: int = SNIFF_BYTES) -> bytes:
        with self.open() as stream:
            return stream.read(size)


def describe_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, round(size / 1024))} KB"


def check_size(file: SourceFile, max_bytes: int) -> None:
    if file.size > max_bytes:
        raise EvidenceInputError(
            f"{file.name} is {describe_size(file.size)}. The largest file you can upload is "
            f"{describe_size(max_bytes)}: split it into smaller files, for example one per year."
        )
    if file.size == 0:
        raise EvidenceInputError(f"{file.name} is empty. Upload a file with data in it.")


def sniff_file(file: SourceFile) -> Kind:
    """What the file really is, from its first (and for Office files its last) bytes."""
    with file.open() as stream:
        return sniff_stream(stream, file.size)


def check_not_office(file: SourceFile, kind: Kind, wanted: str) -> None:
    """Refuse a password-protected or old-format Office file with a message saying so."""
    if kind == "encrypted_office":
        raise EvidenceInputError(encrypted_message(file.name))
    if kind == "old_office":
        raise EvidenceInputError(
            f"{file.name} is an old Excel 97-2003 (.xls) file, not {wanted}. Save it as an Excel "
            "Workbook (.xlsx) or as CSV UTF-8, and upload that."
        )


def undecodable(name: str, data: bytes | None, exc: UnicodeDecodeError) -> EvidenceInputError:
    """The message for text that is neither UTF-8 nor Windows-1252 (a byte neither defines)."""
    bad = exc.object[exc.start : exc.start + 1] if isinstance(exc.object, bytes) else b""
    byte = f" (the byte 0x{bad.hex().upper()}" if bad else " (a byte"
    where = ""
    if data is not None and exc.object is data:
        where = f" on row {data.count(NEWLINE, 0, exc.start) + 1}"
    return EvidenceInputError(
        f"{name} contains a character that is not valid text{byte}{where} is not a letter in "
        "UTF-8 or in Windows-1252). The file may be damaged or not a CSV file. Open it in Excel "
        "and save it as 'CSV UTF-8 (comma delimited)', then upload that."
    )


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06")


def looks_binary(head: bytes) -> bool:
    return b"\x00" in head[:8192]


def decode_header(file: SourceFile, head: bytes) -> tuple[list[str], str]:
    """The header row's column names and the encoding to read the file with.

    UTF-8 (with or without a byte order mark) and Windows-1252 are accepted.
    """
    if is_zip(head) or looks_binary(head):
        raise EvidenceInputError(
            f"{file.name} is not a CSV file. Upload the CSV file itself (or a .zip of CSV files "
            "downloaded from data.police.uk)."
        )
    if head.startswith(b"\xef\xbb\xbf"):
        encoding, head = "utf-8", head[3:]
    else:
        encoding = "utf-8"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut off at the end of the sample
            text = head[: exc.start].decode("utf-8")
        else:
            encoding = "cp1252"
            text = head.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise EvidenceInputError(f"{file.name} is empty. Upload a file with data in it.")
    import csv  # noqa: PLC0415 - only needed for one line

    columns = next(csv.reader([first]))
    return [c.strip() for c in columns], encoding


def expand_zip(
    file: SourceFile, max_bytes: int, accept: Callable[[str], bool], what: str
) -> list[SourceFile]:
    """The members of a zip upload; every member must be accepted by ``accept``.

    The zip gets the same checks as every zip-based upload before anything is unpacked
    (:func:`readiness.uploads.open_zip`): member count, unpacked size (at most ``max_bytes``),
    compression ratio and passwords; a member with a bad CRC or damaged data is named.
    """
    limits = replace(
        EVIDENCE_ZIP_LIMITS,
        max_total_bytes=max_bytes,
        max_member_bytes=min(max_bytes, EVIDENCE_ZIP_LIMITS.max_member_bytes),
    )
    with file.open() as stream:
        try:
            with open_zip(
                stream, name=file.name, limits=limits, what="zip of data files"
            ) as archive:
                members = [i for i in archive.infolist() if not i.is_dir()]
                others = [i.filename for i in members if not accept(i.filename)]
                if others:
                    shown = ", ".join(others[:5]) + (
                        f" and {len(others) - 5} more" if len(others) > 5 else ""
                    )
                    raise EvidenceInputError(
                        f"{file.name} contains files that are not {what}: {shown}. "
                        f"Upload a zip with only {what} in it."
                    )
                if not members:
                    raise EvidenceInputError(f"{file.name} is an empty zip file.")
                return [
                    SourceFile.from_bytes(
                        f"{file.name}/{info.filename}", read_member(archive, info, name=file.name)
                    )
                    for info in sorted(members, key=lambda i: i.filename)
                ]
        except UploadError as exc:
            raise EvidenceInputError(str(exc)) from exc
