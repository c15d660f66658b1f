"""Explicit loaders: turn paths on disk into :class:`SourceFile` objects (the readers then
stream them; a big file is never read into memory twice)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import SourceFile


def source_from_path(path: str | Path) -> SourceFile:
    target = Path(path)
    if not target.is_file():
        raise EvidenceInputError(f"{target} does not exist or is not a file.")

    def opener() -> BinaryIO:
        return target.open("rb")

    return SourceFile(name=target.name, size=target.stat().st_size, open=opener)
