"""Small damaged and hostile files, generated (nothing large is kept in the repository)."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

STREET_HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
    "LSOA code,LSOA name,Crime type,Last outcome category,Context\n"
)
STREET_ROW = (
    "abc123,2024-01,City of London Police,City of London Police,-0.09,51.51,"
    "On or near Bank,E01000001,City of London 001A,Violence and sexual offences,"
    "Under investigation,\n"
)
STREET_NAME = "2024-01-city-of-london-street.csv"


def street_csv(rows: int = 3) -> bytes:
    return (STREET_HEADER + STREET_ROW * rows).encode()


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bad_crc_zip() -> bytes:
    """A zip whose member's stored CRC does not match its data."""
    data = bytearray(zip_of({STREET_NAME: street_csv()}, zipfile.ZIP_STORED))
    # the CRC is at offset 14 of the local header and 16 of the central directory entry
    data[14:18] = struct.pack("<I", 0xDEADBEEF)
    central = data.rfind(b"PK\x01\x02")
    data[central + 16 : central + 20] = struct.pack("<I", 0xDEADBEEF)
    return bytes(data)


def corrupt_member_zip() -> bytes:
    """A zip whose compressed data is damaged (the directory is intact)."""
    data = bytearray(zip_of({STREET_NAME: street_csv(200)}))
    start = 30 + len(STREET_NAME)
    for i in range(start + 10, start + 40):
        data[i] ^= 0xFF
    return bytes(data)


def password_zip() -> bytes:
    """A zip whose member is marked as encrypted (flag bit 0), as a password-protected zip."""
    data = bytearray(zip_of({STREET_NAME: street_csv()}))
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    return bytes(data)


def truncated_zip() -> bytes:
    return zip_of({STREET_NAME: street_csv(100)})[:200]


def bomb_zip(name: str = STREET_NAME, unpacked_mb: int = 300) -> bytes:
    """A small zip that unpacks to hundreds of megabytes of one repeated byte."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        block = b"0" * (1024 * 1024)
        for _ in range(unpacked_mb):
            member.write(block)
    return buffer.getvalue()


def encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected workbook: an OLE file holding the
    EncryptionInfo and EncryptedPackage streams (the directory names are UTF-16)."""
    directory = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0") + "EncryptedPackage".encode(
        "utf-16-le"
    ).ljust(64, b"\0")
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory + b"\0" * 2048


def old_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096


def cp1252_undefined_csv() -> bytes:
    """A street CSV with 0x81, a byte Windows-1252 leaves undefined (and not UTF-8 either)."""
    return (
        (STREET_HEADER + STREET_ROW.replace("On or near Bank", "On or near B\x00nk"))
        .encode()
        .replace(b"\x00", b"\x81")
    )


def health_csv_undefined_byte() -> bytes:
    return (
        b"ASSAULT DATE AND TIME,ASSAULT METHOD,SITE CODE\n"
        b"2024-01-06 23:15,Kn\x81fe,RXX01\n2024-01-07 01:40,Fist,RXX01\n"
    )


def write(tmp: Path, name: str, data: bytes) -> Path:
    path = tmp / name
    path.write_bytes(data)
    return path


def small_xlsx(rows: int = 3) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ASSAULT DATE AND TIME", "ASSAULT METHOD", "SITE CODE"])
    for _ in range(rows):
        sheet.append(["2024-01-06 23:15", "Knife", "RXX01"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_with_bad_crc() -> bytes:
    """A real workbook whose sheet part has a wrong CRC in the zip directory."""
    source = zipfile.ZipFile(io.BytesIO(small_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info))
    data = bytearray(buffer.getvalue())
    target = b"xl/worksheets/sheet1.xml"
    for signature, crc_at, name_at in ((b"PK\x03\x04", 14, 30), (b"PK\x01\x02", 16, 46)):
        position = 0
        while (position := data.find(signature, position)) != -1:
            if data[position + name_at : position + name_at + len(target)] == target:
                data[position + crc_at : position + crc_at + 4] = struct.pack("<I", 0xDEADBEEF)
            position += 4
    return bytes(data)


def xlsx_bomb(unpacked_mb: int = 300) -> bytes:
    """A workbook of a few megabytes whose sheet unpacks to hundreds of megabytes."""
    source = zipfile.ZipFile(io.BytesIO(small_xlsx()))
    buffer = io.BytesIO()
    row = (
        b'<row><c t="inlineStr"><is><t>2024-01-06 23:15</t></is></c>'
        b'<c t="inlineStr"><is><t>Knife</t></is></c></row>'
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, source.read(info))
                continue
            with out.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="'
                    b'http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<sheetData>"
                )
                block = row * (1024 * 1024 // len(row))
                for _ in range(unpacked_mb):
                    sheet.write(block)
                sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()
