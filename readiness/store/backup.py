"""Backup and transfer: a versioned JSON document of one partnership or the whole database.

An import is checked completely before anything is written: the document's shape (pydantic),
duplicate ids, references between its parts, and clashes with what the database already
holds. Every problem is reported with its JSON path, e.g. ``$.answers[12].revision``.

The document also carries the roles people hold (``grants``): a partnership's export those of
the partnership (partnership lead, respondents, analysts, viewers); a whole-database export
every one, administrators and region leads included. An import restores them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import Field, ValidationError

from readiness.access.policy import Grant, Role
from readiness.answer_check import check_answer
from readiness.bundle import ContentBundle
from readiness.models import Answer
from readiness.store._sql import dump_json, insert_rows, record_to_row, row_to_data, timestamp
from readiness.store.records import (
    FORMAT,
    FORMAT_VERSION,
    MAX_PROBLEMS,
    Agency,
    BackupDocument,
    ImportProblem,
    ImportReport,
    Membership,
    Partnership,
    Record,
    Region,
    Round,
    StoredAction,
    StoredAnswer,
)

# --------------------------------------------------------------------------- grants


class GrantRecord(Record):
    """A role a person holds, as kept in a backup (who gave it and when included)."""

    email: str
    role: Role
    region_id: str | None = None
    partnership_id: str | None = None
    agency_id: str | None = None
    granted_by: str
    granted_at: dt.datetime

    def grant(self) -> Grant:
        """The grant itself (checked: a real e-mail address and exactly the role's scope)."""
        return Grant(
            email=self.email,
            role=self.role,
            region_id=self.region_id,
            partnership_id=self.partnership_id,
            agency_id=self.agency_id,
        )


class Backup(BackupDocument):
    """The backup document with the roles people hold."""

    grants: list[GrantRecord] = Field(default_factory=list)


_GRANT_COLUMNS = "email, role, region_id, partnership_id, agency_id, granted_by, granted_at"


def _export_grants(conn: sqlite3.Connection, partnership_id: str | None) -> list[dict[str, Any]]:
    """The roles to export (none from a database made before roles existed)."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grants'"
    ).fetchone():
        return []
    where, params = (
        ("1 = 1", []) if partnership_id is None else ("partnership_id = ?", [partnership_id])
    )
    sql = (
        f"SELECT {_GRANT_COLUMNS} FROM grants WHERE {where} "  # noqa: S608 - columns from code
        "ORDER BY email, role, region_id, partnership_id, agency_id"
    )
    return [dict(row) for row in conn.execute(sql, params)]


# --------------------------------------------------------------------------- export

_TABLES: tuple[tuple[str, str, type[Record]], ...] = (
    ("regions", "regions", Region),
    ("agencies", "agencies", Agency),
    ("partnerships", "partnerships", Partnership),
    ("memberships", "memberships", Membership),
    ("rounds", "rounds", Round),
    ("answers", "answers", StoredAnswer),
    ("actions", "actions", StoredAction),
)

_ORDER = {
    "regions": "id",
    "agencies": "id",
    "partnerships": "id",
    "memberships": "partnership_id, agency_id",
    "rounds": "partnership_id, as_of, created_at, id",
    "answers": "round_id, agency_id, question_id",
    "actions": "round_id, id",
}


def export_document(
    conn: sqlite3.Connection, partnership_id: str | None, now: dt.datetime
) -> Backup:
    """Read everything (or one partnership and what it refers to) into a document."""
    if partnership_id is None:
        filters: dict[str, tuple[str, list[Any]]] = {t: ("1 = 1", []) for t, _, _ in _TABLES}
        audit_where: tuple[str, list[Any]] = ("1 = 1", [])
    else:
        p = [partnership_id]
        rounds_of = "SELECT id FROM rounds WHERE partnership_id = ?"
        agencies_of = (
            "SELECT agency_id FROM memberships WHERE partnership_id = ? "
            "UNION SELECT lead_agency_id FROM partnerships WHERE id = ? "
            "UNION SELECT agency_id FROM answers WHERE round_id IN "
            "(SELECT id FROM rounds WHERE partnership_id = ?) "
            "UNION SELECT owner_agency_id FROM actions WHERE round_id IN "
            "(SELECT id FROM rounds WHERE partnership_id = ?)"
        )
        filters = {
            "regions": ("id = (SELECT region_id FROM partnerships WHERE id = ?)", p),
            "agencies": (f"id IN ({agencies_of})", p * 4),
            "partnerships": ("id = ?", p),
            "memberships": ("partnership_id = ?", p),
            "rounds": ("partnership_id = ?", p),
            "answers": (f"round_id IN ({rounds_of})", p),
            "actions": (f"round_id IN ({rounds_of})", p),
        }
        audit_where = ("partnership_id = ?", p)
    data: dict[str, Any] = {}
    for table, key, _model in _TABLES:
        where, params = filters[table]
        sql = f"SELECT * FROM {table} WHERE {where} ORDER BY {_ORDER[table]}"  # noqa: S608
        rows = conn.execute(sql, params)
        data[key] = [row_to_data(table, r) for r in rows]
    where, params = audit_where
    columns = "at, user, entity, entity_id, field, old_value, new_value, partnership_id, round_id"
    sql = f"SELECT {columns} FROM audit_log WHERE {where} ORDER BY id"  # noqa: S608
    data["audit_log"] = [row_to_data("audit_log", r) for r in conn.execute(sql, params)]
    data["grants"] = _export_grants(conn, partnership_id)
    return Backup.model_validate({"exported_at": now, "partnership_id": partnership_id, **data})


# --------------------------------------------------------------------------- validation


def _path(loc: Sequence[int | str]) -> str:
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


_FRIENDLY = {
    "missing": "this field is required",
    "extra_forbidden": "this field is not allowed here (check the spelling)",
    "string_pattern_mismatch": "an id must use only lower-case letters, digits, '.', '_' and "
    "'-', and start with a letter or digit",
}


def _validation_problems(error: ValidationError) -> list[ImportProblem]:
    problems = []
    for item in error.errors(include_url=False):
        message = _FRIENDLY.get(item["type"], item["msg"])
        if item["type"] != "missing" and "input" in item:
            shown = repr(item["input"])
            if len(shown) <= 60:
                message += f" (found {shown})"
        problems.append(ImportProblem(path=_path(item["loc"]), message=message))
    return problems


def parse_document(document: Any) -> tuple[Backup | None, list[ImportProblem]]:
    """Check the document's shape; returns the parsed document or the problems."""
    if not isinstance(document, Mapping):
        return None, [ImportProblem(path="$", message="expected a JSON object (a backup file)")]
    if document.get("format") != FORMAT:
        return None, [
            ImportProblem(
                path="$.format",
                message=f'this is not a readiness backup file (expected "format": "{FORMAT}")',
            )
        ]
    version = document.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        return None, [
            ImportProblem(
                path="$.format_version",
                message=f"this file was made by a newer version of the tool (format "
                f"{version}); this version reads format {FORMAT_VERSION}",
            )
        ]
    try:
        return Backup.model_validate(dict(document)), []
    except ValidationError as exc:
        return None, _validation_problems(exc)


def _duplicates(items: Iterable[Any], key: Any, list_name: str, what: str) -> list[ImportProblem]:
    counts: Counter[Any] = Counter()
    problems = []
    for index, item in enumerate(items):
        value = key(item)
        counts[value] += 1
        if counts[value] == 2:
            problems.append(
                ImportProblem(path=f"$.{list_name}[{index}]", message=f"{what} appears twice")
            )
    return problems


def _existing(conn: sqlite3.Connection, table: str, model: type[Record]) -> dict[str, Any]:
    return {
        r["id"]: model.model_validate(row_to_data(table, r))
        for r in conn.execute(f"SELECT * FROM {table}")  # noqa: S608 - table name from code
    }


def _duplicate_problems(doc: BackupDocument) -> list[ImportProblem]:
    """Records listed twice in the document."""
    problems: list[ImportProblem] = []
    problems += _duplicates(doc.regions, lambda r: r.id, "regions", "this region id")
    problems += _duplicates(doc.agencies, lambda a: a.id, "agencies", "this agency id")
    problems += _duplicates(doc.agencies, lambda a: a.name, "agencies", "this agency name")
    problems += _duplicates(doc.partnerships, lambda p: p.id, "partnerships", "this partnership id")
    problems += _duplicates(
        doc.memberships, lambda m: (m.partnership_id, m.agency_id), "memberships", "this membership"
    )
    problems += _duplicates(doc.rounds, lambda r: r.id, "rounds", "this round id")
    problems += _duplicates(
        doc.rounds, lambda r: (r.partnership_id, r.label), "rounds", "this round label"
    )
    problems += _duplicates(
        doc.answers,
        lambda a: (a.round_id, a.agency_id, a.question_id),
        "answers",
        "this answer (round, agency and question)",
    )
    problems += _duplicates(doc.actions, lambda a: (a.round_id, a.id), "actions", "this action")
    return problems


def _record_clashes(
    doc: BackupDocument, db_regions: dict[str, Any], db_agencies: dict[str, Any]
) -> list[ImportProblem]:
    """Regions and agencies the database already has with different details or names."""
    problems: list[ImportProblem] = []
    db_agency_names = {a.name: a.id for a in db_agencies.values()}
    for i, region in enumerate(doc.regions):
        known = db_regions.get(region.id)
        if known is not None and known != region:
            problems.append(
                ImportProblem(
                    path=f"$.regions[{i}]",
                    message=f"the database already has a region {region.id} with different details",
                )
            )
    for i, agency in enumerate(doc.agencies):
        known_agency = db_agencies.get(agency.id)
        if known_agency is not None and known_agency != agency:
            problems.append(
                ImportProblem(
                    path=f"$.agencies[{i}]",
                    message=f"the database already has an agency {agency.id} with different "
                    "details",
                )
            )
        other = db_agency_names.get(agency.name)
        if other is not None and other != agency.id:
            problems.append(
                ImportProblem(
                    path=f"$.agencies[{i}].name",
                    message=f"the database already has an agency called {agency.name} "
                    f"(with the id {other})",
                )
            )
    return problems


def _link_problems(
    doc: BackupDocument,
    region_ids: set[str],
    agency_ids: set[str],
    db_partnerships: set[str],
    db_rounds: set[str],
) -> list[ImportProblem]:
    """Partnerships and rounds the database already has, and references to nothing."""
    problems: list[ImportProblem] = []
    partnership_ids = {p.id for p in doc.partnerships}
    round_ids = {r.id for r in doc.rounds}

    def missing(path: str, what: str, value: str | None, known: set[str]) -> None:
        if value is not None and value not in known:
            problems.append(ImportProblem(path=path, message=f"there is no {what} {value}"))

    for i, p in enumerate(doc.partnerships):
        if p.id in db_partnerships:
            problems.append(
                ImportProblem(
                    path=f"$.partnerships[{i}].id",
                    message=f"the database already has a partnership {p.id}",
                )
            )
        missing(f"$.partnerships[{i}].region_id", "region", p.region_id, region_ids)
        missing(f"$.partnerships[{i}].lead_agency_id", "agency", p.lead_agency_id, agency_ids)
    for i, m in enumerate(doc.memberships):
        missing(
            f"$.memberships[{i}].partnership_id",
            "partnership in this file",
            m.partnership_id,
            partnership_ids,
        )
        missing(f"$.memberships[{i}].agency_id", "agency", m.agency_id, agency_ids)
    for i, r in enumerate(doc.rounds):
        if r.id in db_rounds:
            problems.append(
                ImportProblem(
                    path=f"$.rounds[{i}].id", message=f"the database already has a round {r.id}"
                )
            )
        missing(
            f"$.rounds[{i}].partnership_id",
            "partnership in this file",
            r.partnership_id,
            partnership_ids,
        )
        missing(
            f"$.rounds[{i}].carried_from_round_id",
            "round in this file",
            r.carried_from_round_id,
            round_ids,
        )
    for i, a in enumerate(doc.answers):
        missing(f"$.answers[{i}].round_id", "round in this file", a.round_id, round_ids)
        missing(f"$.answers[{i}].agency_id", "agency", a.agency_id, agency_ids)
    for i, act in enumerate(doc.actions):
        missing(f"$.actions[{i}].round_id", "round in this file", act.round_id, round_ids)
        missing(f"$.actions[{i}].owner_agency_id", "agency", act.owner_agency_id, agency_ids)
    return problems


def _grant_problems(conn: sqlite3.Connection, doc: Backup) -> list[ImportProblem]:
    """Each role names exactly its scope, which is in the file or the database; a
    respondent's agency is a member of the partnership."""
    problems: list[ImportProblem] = []
    regions = {r.id for r in doc.regions} | {r[0] for r in conn.execute("SELECT id FROM regions")}
    partnerships = {p.id for p in doc.partnerships} | {
        r[0] for r in conn.execute("SELECT id FROM partnerships")
    }
    members = {(m.partnership_id, m.agency_id) for m in doc.memberships} | {
        (r[0], r[1]) for r in conn.execute("SELECT partnership_id, agency_id FROM memberships")
    }
    for i, record in enumerate(doc.grants):
        where = f"$.grants[{i}]"
        try:
            grant = record.grant()
        except ValidationError as exc:
            message = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
            problems.append(ImportProblem(path=where, message=message))
            continue
        if grant.region_id is not None and grant.region_id not in regions:
            problems.append(
                ImportProblem(
                    path=f"{where}.region_id", message=f"there is no region {grant.region_id}"
                )
            )
        if grant.partnership_id is not None and grant.partnership_id not in partnerships:
            problems.append(
                ImportProblem(
                    path=f"{where}.partnership_id",
                    message=f"there is no partnership {grant.partnership_id}",
                )
            )
        if grant.agency_id is not None and (grant.partnership_id, grant.agency_id) not in members:
            problems.append(
                ImportProblem(
                    path=f"{where}.agency_id",
                    message=f"the agency {grant.agency_id} is not a member of the partnership "
                    f"{grant.partnership_id}",
                )
            )
    problems += _duplicates(
        doc.grants,
        lambda g: (g.email.lower(), g.role, g.region_id, g.partnership_id, g.agency_id),
        "grants",
        "this role",
    )
    return problems


def _import_grants(conn: sqlite3.Connection, grants: Sequence[GrantRecord]) -> int:
    """Add the roles the database does not hold yet; returns how many were added."""
    added = 0
    for record in grants:
        grant = record.grant()
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO grants ({_GRANT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
            [
                grant.email,
                grant.role.value,
                grant.region_id,
                grant.partnership_id,
                grant.agency_id,
                record.granted_by,
                timestamp(record.granted_at),
            ],
        )
        added += cursor.rowcount
    return added


def check_document(conn: sqlite3.Connection, doc: Backup) -> list[ImportProblem]:
    """References inside the document and clashes with the database."""
    db_regions = _existing(conn, "regions", Region)
    db_agencies = _existing(conn, "agencies", Agency)
    problems = _duplicate_problems(doc)
    problems += _record_clashes(doc, db_regions, db_agencies)
    problems += _link_problems(
        doc,
        set(db_regions) | {r.id for r in doc.regions},
        set(db_agencies) | {a.id for a in doc.agencies},
        {r[0] for r in conn.execute("SELECT id FROM partnerships")},
        {r[0] for r in conn.execute("SELECT id FROM rounds")},
    )
    problems += _grant_problems(conn, doc)
    return problems


# --------------------------------------------------------------------------- import


def import_document(
    conn: sqlite3.Connection, document: Any, *, user: str, now: dt.datetime
) -> ImportReport:
    """Validate, then write; ``conn`` must hold a write transaction the caller commits."""
    doc, problems = parse_document(document)
    if doc is None:
        return ImportReport(ok=False, problems=problems[:MAX_PROBLEMS])
    problems = check_document(conn, doc)
    if problems:
        return ImportReport(ok=False, problems=problems[:MAX_PROBLEMS])

    conn.execute("PRAGMA defer_foreign_keys = ON")  # rounds may refer to later rounds
    db_regions = {r[0] for r in conn.execute("SELECT id FROM regions")}
    db_agencies = {r[0] for r in conn.execute("SELECT id FROM agencies")}
    new_regions = [r for r in doc.regions if r.id not in db_regions]
    new_agencies = [a for a in doc.agencies if a.id not in db_agencies]
    added = {
        "regions": insert_rows(conn, "regions", (record_to_row("regions", r) for r in new_regions)),
        "agencies": insert_rows(
            conn, "agencies", (record_to_row("agencies", a) for a in new_agencies)
        ),
    }
    for table, key, _model in _TABLES[2:]:
        records: list[Record] = getattr(doc, key)
        added[key] = insert_rows(conn, table, (record_to_row(table, r) for r in records))
    added["grants"] = _import_grants(conn, doc.grants)
    added["audit_entries"] = insert_rows(
        conn, "audit_log", (record_to_row("audit_log", e) for e in doc.audit_log)
    )
    conn.execute(
        "INSERT INTO audit_log (at, user, entity, entity_id, field, old_value, new_value, "
        "partnership_id, round_id) VALUES (?, ?, 'import', ?, 'imported', NULL, ?, ?, NULL)",
        [
            timestamp(now),
            user,
            doc.partnership_id or "everything",
            dump_json({"exported_at": doc.exported_at.isoformat()}),
            doc.partnership_id,
        ],
    )
    return ImportReport(
        ok=True,
        added=added,
        already_present={
            "regions": len(doc.regions) - len(new_regions),
            "agencies": len(doc.agencies) - len(new_agencies),
            "grants": len(doc.grants) - added["grants"],
        },
    )


# --------------------------------------------------------------------------- content


def check_content(
    document: Any, bundle: ContentBundle, stored_agency_roles: Mapping[str, str]
) -> list[ImportProblem]:
    """The answers in a backup checked as ``score`` and the pages check them, all at once.

    Each agency's role must be in the roles vocabulary, each round must use the questionnaire
    this tool has (id and version), and each answer must be to a question that exists, by an
    agency that is a member of the round's partnership, with a role the question is asked of,
    and a value of the right type and range (:func:`readiness.answer_check.check_answer`).
    ``stored_agency_roles`` gives the role of each agency already in the database (a backup
    may refer to them). Nothing is written; a document whose shape is wrong gives no problems
    here (:func:`import_document` reports those).
    """
    doc, shape = parse_document(document)
    if doc is None or shape:
        return []
    problems: list[ImportProblem] = []
    roles = dict(stored_agency_roles)
    for i, agency in enumerate(doc.agencies):
        roles[agency.id] = agency.role_id
        if agency.role_id not in bundle.role_by_id:
            problems.append(
                ImportProblem(
                    path=f"$.agencies[{i}].role_id",
                    message=f"there is no role {agency.role_id} (the roles are "
                    f"{', '.join(sorted(bundle.role_by_id))})",
                )
            )
    q = bundle.questionnaire
    rounds = {r.id: r for r in doc.rounds}
    unknown_rounds: set[str] = set()
    for i, r in enumerate(doc.rounds):
        if (r.questionnaire_id, r.questionnaire_version) != (q.id, q.version):
            unknown_rounds.add(r.id)
            problems.append(
                ImportProblem(
                    path=f"$.rounds[{i}].questionnaire_version",
                    message=f"the round uses questionnaire {r.questionnaire_id} version "
                    f"{r.questionnaire_version}, which this tool does not have (it has {q.id} "
                    f"version {q.version})",
                )
            )
    nations = {p.id: p.nation for p in doc.partnerships}
    members = {(m.partnership_id, m.agency_id) for m in doc.memberships}
    for i, stored in enumerate(doc.answers):
        round_ = rounds.get(stored.round_id)
        if round_ is None or round_.id in unknown_rounds:
            continue  # a missing round is reported by check_document
        where = f"$.answers[{i}]"
        about = f"question {stored.question_id}, agency {stored.agency_id}"
        if (round_.partnership_id, stored.agency_id) not in members:
            problems.append(
                ImportProblem(
                    path=f"{where}.agency_id",
                    message=f"{about}: the agency is not a member of the partnership "
                    f"{round_.partnership_id} in this file",
                )
            )
        role = roles.get(stored.agency_id)
        nation = nations.get(round_.partnership_id)
        if role is None or role not in bundle.role_by_id or nation is None:
            continue  # reported above or by check_document
        try:
            answer = Answer(
                agency=stored.agency_id,
                role=role,
                question_id=stored.question_id,
                value=stored.value,
                na_reason=stored.na_reason,
            )
        except ValidationError:
            problems.append(
                ImportProblem(
                    path=where, message=f"{about}: this is not an answer this tool can read"
                )
            )
            continue
        problems.extend(
            ImportProblem(path=f"{where}.value", message=f"{about}: {message}")
            for message in check_answer(bundle, answer, nation)
        )
    return problems
