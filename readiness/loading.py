"""Parse and cross-check content files (roles, requirements, questionnaires).

The parsing functions are pure: they take file names and texts and return either a
:class:`ContentBundle` or a list of :class:`Problem` s, each naming the file, a human location
("domain 'sna', question 'sna.data_sources', field 'levels.developing'") and what is expected.
Every problem in every file is reported at once. Reading the files from disk is done by
:func:`load_bundle` (the only function here that touches the file system).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from readiness.bundle import ContentBundle
from readiness.content_checks import Problem, cross_check
from readiness.errors import ReadinessError
from readiness.models import (
    Questionnaire,
    RequirementCatalogue,
    RoleVocabulary,
)
from readiness.models.questionnaire import QUESTION_TYPES

__all__ = [
    "CONTENT_DIR",
    "DEFAULT_QUESTIONNAIRE",
    "ContentError",
    "Problem",
    "cross_check",
    "load_bundle",
    "load_default_bundle",
    "load_paths",
    "parse_bundle",
    "parse_file",
    "parse_yaml",
]

CONTENT_DIR = Path(__file__).resolve().parent.parent / "questionnaires"
DEFAULT_QUESTIONNAIRE = "svd-readiness-v1.yaml"
MAX_FILE_BYTES = 2_000_000

Kind = Literal["roles", "requirements", "questionnaire"]
_MODELS: dict[str, type[BaseModel]] = {
    "roles": RoleVocabulary,
    "requirements": RequirementCatalogue,
    "questionnaire": Questionnaire,
}
_EXPECTED_FIELDS = {
    "missing": "this field is required",
    "extra_forbidden": "this field is not allowed here (check the spelling)",
}
_PATTERN_HELP = {
    r"^[a-z0-9][a-z0-9_.-]*$": "Expected an id made of lower-case letters, digits, '.', '_' or '-'",
    r"^SVD-[A-Z]{2,5}-\d{2}$": "Expected a requirement ID such as SVD-PART-01",
    r"^\d+\.\d+(\.\d+)?$": 'Expected a version such as "1.0" (in quotes)',
}


class ContentError(ReadinessError):
    """Raised by :func:`load_bundle` when the content is not valid; carries every problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --------------------------------------------------------------------------- parsing one file


def parse_yaml(file: str, text: str | bytes) -> tuple[Any, list[Problem]]:
    """Parse YAML text safely; binary or malformed input becomes a :class:`Problem`."""
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            return None, [Problem(file, "", f"the file is larger than {MAX_FILE_BYTES} bytes")]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None, [Problem(file, "", "this is not a text file: expected UTF-8 YAML content")]
    if "\x00" in text:
        return None, [Problem(file, "", "this is not a text file: expected UTF-8 YAML content")]
    if not text.strip():
        return None, [Problem(file, "", "the file is empty: expected YAML content")]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [
            Problem(file, where, f"this is not valid YAML ({reason}); check quotes and indentation")
        ]
    except RecursionError:  # the parser recurses once per level of nesting
        return None, [
            Problem(
                file,
                "",
                "the content is nested far too deeply (lists or "
                "mappings inside each other thousands of times)",
            )
        ]
    if not isinstance(data, dict):
        return None, [
            Problem(file, "", "expected a mapping with a 'kind' field at the top of the file")
        ]
    return data, []


def detect_kind(file: str, data: Mapping[str, Any]) -> tuple[Kind | None, list[Problem]]:
    kind = data.get("kind")
    if kind in _MODELS:
        return kind, []
    return None, [
        Problem(
            file,
            "kind",
            f"expected 'kind' to be one of roles, requirements, questionnaire (found {kind!r})",
        )
    ]


def _describe_location(data: Any, loc: Sequence[int | str]) -> str:
    """Turn a pydantic ``loc`` into 'domain 'x', question 'y', field 'z'' wording."""
    parts: list[str] = []
    node: Any = data
    fields: list[str] = []
    i = 0
    while i < len(loc):
        key = loc[i]
        if isinstance(node, dict) and key in node:
            child = node[key]
            index = loc[i + 1] if i + 1 < len(loc) else None
            if (
                key in ("domains", "questions", "roles", "requirements", "options", "sources")
                and isinstance(child, list)
                and isinstance(index, int)
                and index < len(child)
            ):
                item = child[index]
                label = {
                    "domains": "domain",
                    "questions": "question",
                    "roles": "role",
                    "requirements": "requirement",
                    "options": "option",
                    "sources": "source",
                }[str(key)]
                ident = item.get("id") if isinstance(item, dict) else None
                if ident is not None and ident != "":
                    parts.append(f"{label} '{ident}'")
                else:
                    parts.append(f"{label} {index + 1}")
                node = item
                i += 2
                # pydantic puts the discriminator tag after a union item: skip it
                if (
                    i < len(loc)
                    and isinstance(node, dict)
                    and loc[i] in QUESTION_TYPES
                    and loc[i] == node.get("type")
                ):
                    i += 1
                continue
            fields.append(str(key))
            node = child
        else:
            fields.append(str(key) if isinstance(key, str) else f"item {key + 1}")
            node = None
        i += 1
    if fields:
        parts.append(f"field '{'.'.join(fields)}'")
    return ", ".join(parts) if parts else "top level"


def _message(error: Mapping[str, Any]) -> str:
    kind = error.get("type", "")
    if kind in _EXPECTED_FIELDS:
        return _EXPECTED_FIELDS[kind]
    if kind == "union_tag_invalid":
        found = error.get("ctx", {}).get("tag", "?")
        return f"unknown question type {found!r}: expected one of {', '.join(QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"every question needs a 'type': one of {', '.join(QUESTION_TYPES)}"
    msg = str(error.get("msg", "is not valid"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    value = error.get("input")
    if isinstance(value, bool) and kind in ("string_type", "int_type", "float_type", "list_type"):
        msg += (
            f" (found {value!r}: unquoted Yes/No/On/Off become true/false in YAML;"
            " put the text in quotes)"
        )
    elif isinstance(value, int | float) and kind == "string_type":
        msg += f" (found the number {value!r}: put text such as a version in quotes)"
    elif kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        msg = _PATTERN_HELP.get(pattern, msg) + f" (found {value!r})"
    elif kind in ("literal_error", "enum"):
        msg += f" (found {value!r})"
    return msg[0].lower() + msg[1:] if msg else "is not valid"


def validate_model(file: str, kind: Kind, data: Mapping[str, Any]) -> tuple[Any, list[Problem]]:
    model = _MODELS[kind]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = [
            Problem(file, _describe_location(data, err["loc"]), _message(err))
            for err in exc.errors(include_url=False)
        ]
        return None, sorted(set(problems), key=problems.index)


def parse_file(file: str, text: str | bytes) -> tuple[Any, Kind | None, list[Problem]]:
    """Parse and validate one content file; returns (model or None, kind, problems)."""
    data, problems = parse_yaml(file, text)
    if problems:
        return None, None, problems
    kind, problems = detect_kind(file, data)
    if kind is None:
        return None, None, problems
    model, problems = validate_model(file, kind, data)
    return model, kind, problems


# --------------------------------------------------------------------------- bundles


def parse_bundle(texts: Mapping[str, str | bytes]) -> tuple[ContentBundle | None, list[Problem]]:
    """Parse a set of files (name -> text) holding exactly one of each kind."""
    models: dict[str, Any] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    for file, text in texts.items():
        model, kind, file_problems = parse_file(file, text)
        problems.extend(file_problems)
        if kind is None:
            continue
        if kind in names:
            problems.append(
                Problem(file, "kind", f"only one {kind} file can be used (also {names[kind]})")
            )
            continue
        names[kind] = file
        if model is not None:
            models[kind] = model
    for expected in _MODELS:
        if expected not in names and not problems:
            problems.append(Problem("(content)", "", f"no {expected} file was given"))
    if problems or len(models) < len(_MODELS):
        return None, problems
    problems = cross_check(models["questionnaire"], models["requirements"], models["roles"], names)
    if problems:
        return None, problems
    return ContentBundle(models["questionnaire"], models["requirements"], models["roles"]), []


def _display(path: Path) -> str:
    """A path as the user will recognise it: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def load_bundle(
    questionnaire: Path | None = None,
    requirements: Path | None = None,
    roles: Path | None = None,
) -> ContentBundle:
    """Read and check content files; defaults are the shipped files. Raises ContentError."""
    paths = [
        questionnaire or CONTENT_DIR / DEFAULT_QUESTIONNAIRE,
        requirements or CONTENT_DIR / "requirements.yaml",
        roles or CONTENT_DIR / "roles.yaml",
    ]
    texts: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    for path in paths:
        try:
            texts[_display(path)] = _read(path)
        except OSError as exc:
            problems.append(Problem(_display(path), "", f"cannot be read ({exc.strerror})"))
    if problems:
        raise ContentError(problems)
    bundle, problems = parse_bundle(texts)
    if bundle is None:
        raise ContentError(problems)
    return bundle


def load_paths(paths: Sequence[Path]) -> tuple[ContentBundle | None, list[Problem]]:
    """Validate any mix of content files; kinds not given come from the shipped files."""
    texts: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    kinds: set[str] = set()
    for path in paths:
        try:
            raw = _read(path)
        except OSError as exc:
            problems.append(Problem(_display(path), "", f"cannot be read ({exc.strerror})"))
            continue
        texts[_display(path)] = raw
        data, _ = parse_yaml(_display(path), raw)
        if isinstance(data, dict) and data.get("kind") in _MODELS:
            kinds.add(str(data["kind"]))
    defaults = {
        "questionnaire": CONTENT_DIR / DEFAULT_QUESTIONNAIRE,
        "requirements": CONTENT_DIR / "requirements.yaml",
        "roles": CONTENT_DIR / "roles.yaml",
    }
    for kind, path in defaults.items():
        if kind not in kinds and _display(path) not in texts:
            try:
                texts[_display(path)] = _read(path)
            except OSError as exc:
                problems.append(Problem(_display(path), "", f"cannot be read ({exc.strerror})"))
    if problems:
        return None, problems
    return parse_bundle(texts)


@functools.cache
def load_default_bundle() -> ContentBundle:
    """The shipped content, loaded once per process."""
    return load_bundle()
