"""What an uploaded file really is, and the zip checks every zip-based upload gets first.

Workbooks (questionnaire packs, action plans, health extracts in .xlsx) and evidence zips are
all zip archives. Before anything is parsed, :func:`open_zip` checks the archive's directory:
how many members, how big each one unpacks to, in total, and how much each one is compressed
(a 1.8 MB file that unpacks to hundreds of megabytes is a "zip bomb"), whether a member is
password-protected. :func:`read_member` then reads one member, turning a bad CRC, a corrupt
member or an unsupported compression into a message that says what is wrong.

Pure: bytes or an open binary stream in, nothing written, no clock. The messages name the file
(``name``) and say what to do; callers wrap them in their own error type.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Literal

from readiness.errors import ReadinessError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: An encrypted .xlsx is an OLE compound file holding these streams (names in UTF-16).
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
MB = 1024 * 1024

Kind = Literal["empty", "zip", "encrypted_office", "old_office", "text", "binary"]


class UploadError(ReadinessError, ValueError):
    """An upload that cannot be opened; ``str(error)`` names the file and says what to do."""


@dataclass(frozen=True)
class ZipLimits:
    """How big a zip upload may unpack to. ``max_ratio`` applies to members over ``ratio_from``
    bytes (small members such as styles compress far more, and cost nothing)."""

    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: float
    ratio_from: int = MB


#: Questionnaire packs and action plans made by this tool (the importer's own limits).
WORKBOOK_LIMITS = ZipLimits(
    max_members=200, max_member_bytes=30 * MB, max_total_bytes=80 * MB, max_ratio=150
)
#: Health and force extracts saved as .xlsx: large, but a sheet's XML compresses about ten
#: times, and Excel itself stops at 1,048,576 rows (about 250 MB of sheet XML for 10 columns).
DATA_WORKBOOK_LIMITS = ZipLimits(
    max_members=500, max_member_bytes=400 * MB, max_total_bytes=450 * MB, max_ratio=100
)
#: A zip of data.police.uk CSV files (a CSV compresses about eight times).
EVIDENCE_ZIP_LIMITS = ZipLimits(
    max_members=5000, max_member_bytes=200 * MB, max_total_bytes=200 * MB, max_ratio=60
)


def sniff(head: bytes, tail: bytes = b"") -> Kind:
    """What the first bytes (and, for OLE files, the last ones) say the file is."""
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if head.startswith(OLE_MAGIC):
        data = head + tail
        return "encrypted_office" if any(s in data for s in _ENCRYPTED_STREAMS) else "old_office"
    if b"\x00" in head[:8192]:
        return "binary"
    return "text"


def sniff_stream(stream: BinaryIO, size: int, head_bytes: int = 64 * 1024) -> Kind:
    """:func:`sniff` for a seekable stream: reads at most the first and last ``head_bytes``."""
    stream.seek(0)
    head = stream.read(head_bytes)
    tail = b""
    if head.startswith(OLE_MAGIC) and size > head_bytes:
        stream.seek(max(size - head_bytes, head_bytes))
        tail = stream.read(head_bytes)
    stream.seek(0)
    return sniff(head, tail)


def encrypted_message(name: str) -> str:
    return (
        f"{name} is password-protected (encrypted), so it cannot be read. Open it in Excel, "
        "remove the password (File, Info, Protect Workbook, Encrypt with Password, then "
        "clear the password), save it and upload it again."
    )


def open_zip(
    source: bytes | BinaryIO, *, name: str, limits: ZipLimits, what: str = "file"
) -> zipfile.ZipFile:
    """The archive, once its directory shows nothing that could exhaust the server.

    Raises :class:`UploadError` naming the file: not a readable zip, too many members, too big
    unpacked, compressed too much (a zip bomb), or password-protected members. Nothing is
    unpacked here.
    """
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise UploadError(
            f"{name} is damaged: it is not a complete {what}. Save or download it again and "
            "upload the new copy."
        ) from exc
    try:
        check_members(members, name=name, limits=limits, what=what)
    except UploadError:
        archive.close()
        raise
    return archive


def check_members(
    members: list[zipfile.ZipInfo], *, name: str, limits: ZipLimits, what: str = "file"
) -> None:
    """The directory checks of :func:`open_zip`, on a list of members."""
    if len(members) > limits.max_members:
        raise UploadError(
            f"{name} holds {len(members):,} files, more than a {what} can have "
            f"({limits.max_members:,}), so it was not opened."
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise UploadError(encrypted_message(name))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        bomb = member.file_size > limits.ratio_from and ratio > limits.max_ratio
        if member.file_size > limits.max_member_bytes or total > limits.max_total_bytes or bomb:
            raise UploadError(
                f"{name} expands to far more data than a {what} can hold "
                f"({total / MB:,.0f} MB or more from a {_size(members)} file), so it was not "
                "opened. It may be damaged or made to attack a server: upload the original file."
            )


def _size(members: list[zipfile.ZipInfo]) -> str:
    packed = sum(m.compress_size for m in members)
    return f"{packed / MB:,.1f} MB" if packed >= MB / 10 else f"{max(1, packed // 1024)} KB"


def read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo | str, *, name: str) -> bytes:
    """One member's bytes, or :class:`UploadError` naming what is wrong with it."""
    label = member.filename if isinstance(member, zipfile.ZipInfo) else member
    try:
        return archive.read(member)
    except zipfile.BadZipFile as exc:
        detail = (
            "its check sum does not match (a bad CRC)" if "CRC" in str(exc) else "it is damaged"
        )
        raise UploadError(_damaged(name, label, detail)) from exc
    except RuntimeError as exc:  # "File ... is encrypted, password required"
        if "encrypted" in str(exc) or "password" in str(exc):
            raise UploadError(encrypted_message(name)) from exc
        raise UploadError(_damaged(name, label, "it cannot be unpacked")) from exc
    except NotImplementedError as exc:
        raise UploadError(
            _damaged(name, label, "it uses a compression method this tool does not read")
        ) from exc
    except (zlib.error, EOFError, OSError, ValueError, KeyError) as exc:
        raise UploadError(_damaged(name, label, "it is damaged or cut short")) from exc


def _damaged(name: str, member: str, detail: str) -> str:
    return (
        f"{name} could not be unpacked: the part '{member}' cannot be read because "
        f"{detail}. Download or save the file again and upload the new copy."
    )
