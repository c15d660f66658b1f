"""Parse and cross-check content files (roles, requirements, questionnaires).

The parsing functions are pure: they take file names and texts and return either a
:class:`ContentBundle` or a list of :class:`Problem` s, each naming the file, a human location
("domain 'sna', question 'sna.data_sources', field 'levels.developing'") and what is expected.
Every problem in every file is reported at once. Reading the files from disk is done by
:func:`load_bundle` (the only function here that touches the file system).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from readiness.bundle import ContentBundle
from readiness.errors import ReadinessError
from readiness.models import (
    Domain,
    Nation,
    Question,
    Questionnaire,
    RequirementCatalogue,
    RoleVocabulary,
)
from readiness.models.questionnaire import QUESTION_TYPES

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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a content file."""

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


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


# --------------------------------------------------------------------------- cross-checks


def _duplicates(values: Sequence[str]) -> list[str]:
    return sorted(v for v, n in Counter(values).items() if n > 1)


def _owner_problems(
    roles: RoleVocabulary, owner: str, nations: Sequence[Nation], file: str, location: str
) -> list[Problem]:
    """An owner must be a role or function that exists in every nation the question is asked in."""
    role_ids = {r.id for r in roles.roles}
    function_ids = {f.id for f in roles.functions}
    if owner not in role_ids | function_ids:
        known = ", ".join(sorted(role_ids | function_ids))
        return [Problem(file, location, f"unknown role {owner!r}: expected one of {known}")]
    missing = [n for n in nations if roles.resolve(owner, n) is None]
    if not missing:
        return []
    functions = ", ".join(sorted(function_ids)) or "none defined"
    return [
        Problem(
            file,
            location,
            f"role {owner!r} does not exist in {' and '.join(n.title() for n in missing)}, where"
            " this question is asked: use a role that exists in every nation the question is"
            f" asked in, or a function resolved per nation (functions: {functions})",
        )
    ]


def _function_problems(roles: RoleVocabulary, rfile: str) -> list[Problem]:
    problems: list[Problem] = []
    role_by_id = roles.by_id()
    for dup in _duplicates([f.id for f in roles.functions]):
        problems.append(Problem(rfile, f"function '{dup}'", "function ids must be unique"))
    for function in roles.functions:
        where = f"function '{function.id}'"
        if function.id in role_by_id:
            problems.append(Problem(rfile, where, "a function cannot have the same id as a role"))
        for nation, role_id in function.by_nation.items():
            role = role_by_id.get(role_id)
            if role is None:
                problems.append(
                    Problem(
                        rfile, f"{where}, field 'by_nation.{nation}'", f"unknown role {role_id!r}"
                    )
                )
            elif nation not in role.nations:
                problems.append(
                    Problem(
                        rfile,
                        f"{where}, field 'by_nation.{nation}'",
                        f"role {role_id!r} does not exist in {nation.title()}",
                    )
                )
    return problems


def _sequence_problems(all_q: Sequence[tuple[Domain, Question]], qfile: str) -> list[Problem]:
    """Action prerequisites, date caps and deadline owners must make sense."""
    problems: list[Problem] = []
    ids = {q.id for _, q in all_q}
    after: dict[str, list[str]] = {}
    owners: dict[str, list[str]] = {}
    for domain, q in all_q:
        where = f"domain '{domain.id}', question '{q.id}'"
        if q.date_caps and not q.scored:
            problems.append(
                Problem(
                    qfile, f"{where}, field 'date_caps'", "only a scored question can be capped"
                )
            )
        caps = {cap.fact: cap.max_level for cap in q.date_caps}
        if (
            "review_overdue" in caps
            and caps.get("strategy_not_published", 99) > caps["review_overdue"]
        ):
            # Recording a strategy date must never lower a score: without a strategy the
            # review question can be no higher than when the review is overdue.
            problems.append(
                Problem(
                    qfile,
                    f"{where}, field 'date_caps'",
                    "a question capped while the review is overdue needs a cap at the same level"
                    " or lower while no strategy is published (fact strategy_not_published)",
                )
            )
        if q.deadline is not None:
            owners.setdefault(q.deadline, []).append(q.id)
            if not q.scored or q.action is None:
                problems.append(
                    Problem(
                        qfile,
                        f"{where}, field 'deadline'",
                        "only a scored question with an action template can own a deadline",
                    )
                )
        if q.action is None:
            continue
        after[q.id] = list(q.action.after)
        for other in q.action.after:
            if other not in ids or other == q.id:
                problems.append(
                    Problem(
                        qfile,
                        f"{where}, field 'action.after'",
                        f"{other!r} is not another question in this file",
                    )
                )
    for deadline, qids in sorted(owners.items()):
        if len(qids) > 1:
            problems.append(
                Problem(
                    qfile,
                    f"deadline '{deadline}'",
                    f"owned by more than one question ({', '.join(qids)}): choose one",
                )
            )
    problems += _cycle_problems(after, qfile)
    return problems


def _cycle_problems(after: Mapping[str, Sequence[str]], qfile: str) -> list[Problem]:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        if state.get(node) == 2:
            return None
        if state.get(node) == 1:
            return [*path[path.index(node) :], node]
        state[node] = 1
        for nxt in after.get(node, []):
            found = visit(nxt, [*path, node])
            if found:
                return found
        state[node] = 2
        return None

    for start in sorted(after):
        cycle = visit(start, [])
        if cycle:
            return [
                Problem(
                    qfile,
                    f"question '{start}', field 'action.after'",
                    "actions cannot wait for each other in a circle: " + " -> ".join(cycle),
                )
            ]
    return []


def cross_check(
    questionnaire: Questionnaire,
    catalogue: RequirementCatalogue,
    roles: RoleVocabulary,
    files: Mapping[str, str],
) -> list[Problem]:
    """Checks that span files: unique ids, known references, legal duties covered."""
    qfile, cfile, rfile = files["questionnaire"], files["requirements"], files["roles"]
    problems: list[Problem] = []
    for dup in _duplicates([r.id for r in roles.roles]):
        problems.append(Problem(rfile, f"role '{dup}'", "role ids must be unique"))
    for dup in _duplicates([r.id for r in catalogue.requirements]):
        problems.append(Problem(cfile, f"requirement '{dup}'", "requirement ids must be unique"))
    role_ids = {r.id for r in roles.roles}
    groups = {r.group for r in roles.roles}
    known_targets = role_ids | groups | {"csp", "secretary_of_state"}
    for req in catalogue.requirements:
        for target in req.applies_to:
            if target not in known_targets:
                problems.append(
                    Problem(
                        cfile,
                        f"requirement '{req.id}', field 'applies_to'",
                        f"unknown role or group {target!r}: expected a role id from the roles"
                        " file or one of " + ", ".join(sorted(groups | {"csp"})),
                    )
                )
    for dup in _duplicates([d.id for d in questionnaire.domains]):
        problems.append(Problem(qfile, f"domain '{dup}'", "domain ids must be unique"))
    all_q = [(d, q) for d in questionnaire.domains for q in d.questions]
    for dup in _duplicates([q.id for _, q in all_q]):
        problems.append(
            Problem(qfile, f"question '{dup}'", "question ids must be unique across the file")
        )
    requirements = catalogue.by_id()
    for domain, q in all_q:
        where = f"domain '{domain.id}', question '{q.id}'"
        for rid in q.requirements:
            if rid not in requirements:
                problems.append(
                    Problem(
                        qfile,
                        f"{where}, field 'requirements'",
                        f"unknown requirement ID {rid!r}: expected an ID from {cfile}",
                    )
                )
        for dup in _duplicates(q.requirements):
            problems.append(
                Problem(qfile, f"{where}, field 'requirements'", f"{dup} is listed twice")
            )
        for role in q.roles:
            if role not in role_ids:
                problems.append(
                    Problem(
                        qfile,
                        f"{where}, field 'roles'",
                        f"unknown role {role!r}: expected one of {', '.join(sorted(role_ids))}",
                    )
                )
        asked_in = [n for n in q.nations if n in domain.nations]
        if q.action is not None:
            problems += _owner_problems(
                roles, q.action.owner_role, asked_in, qfile, f"{where}, field 'action.owner_role'"
            )
        if q.scored and q.action is None:
            problems.append(
                Problem(
                    qfile,
                    f"{where}, field 'action'",
                    "every scored question needs an action template (text, owner_role,"
                    " timescale_months) saying what to do about a gap",
                )
            )
        options = getattr(q, "options", None)
        if options is not None:
            for dup in _duplicates([o.id for o in options]):
                problems.append(
                    Problem(qfile, f"{where}, option '{dup}'", "option ids must be unique")
                )
        sources = getattr(q, "sources", None)
        if sources is not None:
            for dup in _duplicates([s.id for s in sources]):
                problems.append(
                    Problem(qfile, f"{where}, source '{dup}'", "source ids must be unique")
                )
            for source in sources:
                problems += _owner_problems(
                    roles,
                    source.owner_role,
                    asked_in,
                    qfile,
                    f"{where}, source '{source.id}', field 'owner_role'",
                )
        if any(n not in domain.nations for n in q.nations) and not set(q.nations) & set(
            domain.nations
        ):
            problems.append(
                Problem(
                    qfile,
                    f"{where}, field 'nations'",
                    "the question is only asked in nations its domain does not cover",
                )
            )
    problems += _function_problems(roles, rfile)
    problems += _sequence_problems(all_q, qfile)
    tested = {rid for _, q in all_q if q.scored for rid in q.requirements}
    for req in catalogue.legal_duties():
        if req.id not in tested:
            problems.append(
                Problem(
                    qfile,
                    "top level",
                    f"legal duty {req.id} ({req.title}) is not tested by any scored question:"
                    " add it to the 'requirements' of at least one question",
                )
            )
    return problems


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
