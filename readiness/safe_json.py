"""JSON from a person or a file, parsed with limits: size, nesting, and values SQLite and the
tool can hold (whole numbers within 64 bits, finite numbers, text without lone surrogates).

Python's ``json`` module accepts ``NaN`` and ``Infinity``, numbers of any size and strings with
unpaired surrogates, and a deeply nested document makes it raise ``RecursionError``; each of
those would otherwise surface far from the file as a crash. :func:`parse_json` refuses them with
a message naming the file and where in it the problem is. Pure: bytes in, data out.
"""

from __future__ import annotations

import json
import math
from typing import Any

from readiness.errors import ReadinessError

MAX_DEPTH = 64
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class JsonInputError(ReadinessError, ValueError):
    """A JSON file that cannot be used; ``str(error)`` names the file and says why."""


def _no_constants(name: str) -> Any:
    raise ValueError(name)


def parse_json(data: bytes, *, name: str, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed document, or :class:`JsonInputError` saying what is wrong with it."""
    if len(data) > max_bytes:
        raise JsonInputError(
            f"{name} is larger than {max_bytes / 1_000_000:g} MB, more than this command reads. "
            "Check it is the right file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonInputError(
            f"{name} is not a text file (byte {exc.start + 1} is not UTF-8 text), so it is not "
            "a JSON file made by this tool. Check it is the right file."
        ) from exc
    try:
        document = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise JsonInputError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        ) from exc
    except ValueError as exc:  # NaN, Infinity or -Infinity
        raise JsonInputError(
            f"{name} contains {exc}, which is not a number JSON allows. Give a number, or null "
            "for no value."
        ) from exc
    except RecursionError as exc:
        raise JsonInputError(
            f"{name} is nested far too deeply to be a file made for this tool (more than "
            f"{max_depth} levels). Check it is the right file."
        ) from exc
    check_values(document, name=name, max_depth=max_depth)
    return document


def _where(path: tuple[object, ...]) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def check_values(document: Any, *, name: str, max_depth: int = MAX_DEPTH) -> None:
    """Walk the document (without recursion) and refuse what the tool cannot hold."""
    stack: list[tuple[Any, tuple[object, ...]]] = [(document, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > max_depth:
            raise JsonInputError(
                f"{name} is nested far too deeply to be a file made for this tool (more than "
                f"{max_depth} levels, at {_where(path[:max_depth])}). Check it is the right file."
            )
        if isinstance(value, dict):
            for key, item in value.items():
                _check_text(key, name, path)
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, index)) for index, item in enumerate(value))
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if not INT_MIN <= value <= INT_MAX:
                raise JsonInputError(
                    f"{name} has a number at {_where(path)} that is far too large "
                    f"({len(str(abs(value)))} digits). Give a number of 18 digits or fewer."
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise JsonInputError(
                    f"{name} has a number at {_where(path)} that is too large to hold. Give "
                    "a smaller number."
                )
        elif isinstance(value, str):
            _check_text(value, name, path)


def _check_text(text: str, name: str, path: tuple[object, ...]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise JsonInputError(
            f"{name} has text at {_where(path)} with a broken character (an unpaired "
            f"surrogate, {text[exc.start : exc.start + 1].encode('utf-8', 'backslashreplace')!r}"
            "), which cannot be stored. Correct or remove it."
        ) from exc
