"""Reading the files the command line is given: never more than a limit, never a crash.

``score /dev/zero`` once grew to 5.5 GB: a device or a pipe reports no size, so the limit is
applied while reading, not from ``stat``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness.safe_json import JsonInputError, parse_json

#: What :func:`read_capped` raises (a file that is missing, a folder, or cannot be read).
InputFileError = JsonInputError
#: Answers files and definitions are small; backups of a whole database are the biggest.
MAX_ANSWERS_BYTES = 20_000_000
MAX_BACKUP_BYTES = 200_000_000


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, reading at most ``max_bytes + 1`` of them."""
    try:
        if path.is_dir():
            raise JsonInputError(f"{path} is a folder. Give the path of a file.")
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise JsonInputError(f"There is no file at {path}. Check the path and try again.") from exc
    except OSError as exc:
        raise JsonInputError(f"{path} cannot be read ({exc.strerror or exc}).") from exc
    return data


def read_json(path: Path, max_bytes: int) -> Any:
    """A JSON file, with the limits of :func:`readiness.safe_json.parse_json`."""
    return parse_json(read_capped(path, max_bytes), name=str(path), max_bytes=max_bytes)
