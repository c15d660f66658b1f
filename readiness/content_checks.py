"""Checks on content that span files: unique ids, known references, legal duties covered.

Pure: takes the parsed models and the file names, returns every :class:`Problem` found.
:mod:`readiness.loading` parses the files and calls :func:`cross_check`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.models import (
    Domain,
    Nation,
    Question,
    Questionnaire,
    RequirementCatalogue,
    RoleVocabulary,
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a content file."""

    file: str
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


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


def _unique_problems(file: str, kind: str, ids: Sequence[str], rule: str) -> list[Problem]:
    return [Problem(file, f"{kind} '{dup}'", rule) for dup in _duplicates(ids)]


def _applies_to_problems(
    catalogue: RequirementCatalogue, roles: RoleVocabulary, cfile: str
) -> list[Problem]:
    """Every requirement applies to known roles or groups."""
    groups = {r.group for r in roles.roles}
    known_targets = {r.id for r in roles.roles} | groups | {"csp", "secretary_of_state"}
    return [
        Problem(
            cfile,
            f"requirement '{req.id}', field 'applies_to'",
            f"unknown role or group {target!r}: expected a role id from the roles"
            " file or one of " + ", ".join(sorted(groups | {"csp"})),
        )
        for req in catalogue.requirements
        for target in req.applies_to
        if target not in known_targets
    ]


@dataclass(frozen=True)
class _Context:
    """What the per-question checks need to know about the other files."""

    roles: RoleVocabulary
    requirements: Mapping[str, Any]
    qfile: str
    cfile: str


def _reference_problems(q: Question, where: str, ctx: _Context) -> list[Problem]:
    """A question's requirements and roles exist, each requirement listed once."""
    field = f"{where}, field 'requirements'"
    problems = [
        Problem(
            ctx.qfile, field, f"unknown requirement ID {rid!r}: expected an ID from {ctx.cfile}"
        )
        for rid in q.requirements
        if rid not in ctx.requirements
    ]
    problems += [
        Problem(ctx.qfile, field, f"{dup} is listed twice") for dup in _duplicates(q.requirements)
    ]
    role_ids = {r.id for r in ctx.roles.roles}
    problems += [
        Problem(
            ctx.qfile,
            f"{where}, field 'roles'",
            f"unknown role {role!r}: expected one of {', '.join(sorted(role_ids))}",
        )
        for role in q.roles
        if role not in role_ids
    ]
    return problems


def _action_problems(
    q: Question, where: str, asked_in: Sequence[Nation], ctx: _Context
) -> list[Problem]:
    """A scored question has an action template; its owner exists where the question is asked."""
    problems: list[Problem] = []
    if q.action is not None:
        location = f"{where}, field 'action.owner_role'"
        problems += _owner_problems(ctx.roles, q.action.owner_role, asked_in, ctx.qfile, location)
    if q.scored and q.action is None:
        problems.append(
            Problem(
                ctx.qfile,
                f"{where}, field 'action'",
                "every scored question needs an action template (text, owner_role,"
                " timescale_months) saying what to do about a gap",
            )
        )
    return problems


def _part_problems(
    q: Question, where: str, asked_in: Sequence[Nation], ctx: _Context
) -> list[Problem]:
    """Options and data sources have unique ids; a source's owner exists where it is asked."""
    options = getattr(q, "options", None)
    problems: list[Problem] = []
    if options is not None:
        problems += [
            Problem(ctx.qfile, f"{where}, option '{dup}'", "option ids must be unique")
            for dup in _duplicates([o.id for o in options])
        ]
    sources = getattr(q, "sources", None)
    if sources is not None:
        problems += [
            Problem(ctx.qfile, f"{where}, source '{dup}'", "source ids must be unique")
            for dup in _duplicates([s.id for s in sources])
        ]
        for source in sources:
            location = f"{where}, source '{source.id}', field 'owner_role'"
            problems += _owner_problems(ctx.roles, source.owner_role, asked_in, ctx.qfile, location)
    return problems


def _question_problems(domain: Domain, q: Question, ctx: _Context) -> list[Problem]:
    where = f"domain '{domain.id}', question '{q.id}'"
    asked_in = [n for n in q.nations if n in domain.nations]
    problems = _reference_problems(q, where, ctx)
    problems += _action_problems(q, where, asked_in, ctx)
    problems += _part_problems(q, where, asked_in, ctx)
    outside = any(n not in domain.nations for n in q.nations)
    if outside and not set(q.nations) & set(domain.nations):
        problems.append(
            Problem(
                ctx.qfile,
                f"{where}, field 'nations'",
                "the question is only asked in nations its domain does not cover",
            )
        )
    return problems


def cross_check(
    questionnaire: Questionnaire,
    catalogue: RequirementCatalogue,
    roles: RoleVocabulary,
    files: Mapping[str, str],
) -> list[Problem]:
    """Checks that span files: unique ids, known references, legal duties covered."""
    qfile, cfile, rfile = files["questionnaire"], files["requirements"], files["roles"]
    all_q = [(d, q) for d in questionnaire.domains for q in d.questions]
    problems = _unique_problems(
        rfile, "role", [r.id for r in roles.roles], "role ids must be unique"
    )
    problems += _unique_problems(
        cfile,
        "requirement",
        [r.id for r in catalogue.requirements],
        "requirement ids must be unique",
    )
    problems += _applies_to_problems(catalogue, roles, cfile)
    problems += _unique_problems(
        qfile, "domain", [d.id for d in questionnaire.domains], "domain ids must be unique"
    )
    problems += _unique_problems(
        qfile,
        "question",
        [q.id for _, q in all_q],
        "question ids must be unique across the file",
    )
    ctx = _Context(roles=roles, requirements=catalogue.by_id(), qfile=qfile, cfile=cfile)
    for domain, q in all_q:
        problems += _question_problems(domain, q, ctx)
    problems += _function_problems(roles, rfile)
    problems += _sequence_problems(all_q, qfile)
    tested = {rid for _, q in all_q if q.scored for rid in q.requirements}
    problems += [
        Problem(
            qfile,
            "top level",
            f"legal duty {req.id} ({req.title}) is not tested by any scored question:"
            " add it to the 'requirements' of at least one question",
        )
        for req in catalogue.legal_duties()
        if req.id not in tested
    ]
    return problems
