"""PDF copies of the reports through LibreOffice headless, where the server has it.

Each conversion runs ``soffice --headless --convert-to pdf`` in its own temporary folder with
its own LibreOffice profile (``-env:UserInstallation``), so conversions never share state or
block each other, and stops after :data:`TIMEOUT_SECONDS`. :func:`pdf_available` converts a
tiny document once per process and remembers whether that worked, so a "Download PDF" button
is only offered where conversion really works. To enable PDF on a server, install LibreOffice
Writer (on Debian or Ubuntu: ``apt-get install libreoffice-writer-nogui``) so that ``soffice``
is on the PATH, or set ``READINESS_SOFFICE`` to its full path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.report import _docx as D

TIMEOUT_SECONDS = 120
PDF_MIME = "application/pdf"


class PdfUnavailableError(ReadinessError):
    """PDF conversion is not possible here, or it failed; the message says what to do."""


def soffice_path() -> str | None:
    """LibreOffice's command: ``READINESS_SOFFICE`` or ``soffice`` on the PATH."""
    configured = os.environ.get("READINESS_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice")


def docx_to_pdf(docx: bytes, *, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Convert a .docx document to PDF. Raises :class:`PdfUnavailableError`."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailableError(
            "PDF copies need LibreOffice on the server, and it is not installed. Download the "
            "Word version instead, or ask your administrator to install LibreOffice Writer."
        )
    with tempfile.TemporaryDirectory(prefix="readiness-pdf-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        profile = (work / "profile").as_uri()
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            # its own process group, so that a timeout stops LibreOffice and its helpers
            process = subprocess.Popen(  # noqa: S603 - fixed command, no shell, own temp files
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=work,
                start_new_session=True,
            )
        except OSError as exc:
            raise PdfUnavailableError(
                "The PDF could not be made on this server. Download the Word version instead."
            ) from exc
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _stop(process)
            raise PdfUnavailableError(
                f"Making the PDF took longer than {timeout:.0f} seconds and was stopped. "
                "Download the Word version instead."
            ) from exc
        if code != 0:
            raise PdfUnavailableError(
                "The PDF could not be made on this server. Download the Word version instead."
            )
        target = work / "report.pdf"
        if not target.is_file():
            raise PdfUnavailableError(
                "The PDF could not be made on this server (LibreOffice Writer may be "
                "missing). Download the Word version instead."
            )
        return target.read_bytes()


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


@functools.cache
def pdf_available() -> bool:
    """Whether PDF conversion works here: tried once per process with a tiny document."""
    if soffice_path() is None:
        return False
    doc = D.new_document(
        title="Check", subject="", keywords="", category="", created=dt.datetime(2026, 1, 1)
    )
    D.para(doc, "PDF check")
    try:
        return docx_to_pdf(D.to_bytes(doc), timeout=60).startswith(b"%PDF")
    except PdfUnavailableError:
        return False


def page_count(pdf: bytes) -> int:
    """Pages in a PDF written by LibreOffice (counts its page objects)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
