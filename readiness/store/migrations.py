"""The database schema, declared as ordered ``sqlite_utils.Migrations``.

Rules for changing the schema (so released databases keep their data):

* never edit a released migration; add a new one at the end;
* after a release, add a fixture database of the released schema to ``tests/fixtures/db/``
  (``python -m tests.store.make_fixture_db``) so the tests migrate it and check nothing is lost.

Schema version N is the state after the first N migrations below.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("readiness")

_V1 = [
    """
    CREATE TABLE regions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
    )
    """,
    """
    CREATE TABLE agencies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role_id TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE partnerships (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        region_id TEXT NOT NULL REFERENCES regions(id),
        nation TEXT NOT NULL CHECK (nation IN ('england', 'wales')),
        local_government_areas TEXT NOT NULL DEFAULT '[]',
        partnership_type TEXT NOT NULL
            CHECK (partnership_type IN ('csp', 'duty_partnership', 'vru_area')),
        lead_agency_id TEXT REFERENCES agencies(id),
        is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
    )
    """,
    "CREATE INDEX partnerships_region ON partnerships(region_id)",
    """
    CREATE TABLE memberships (
        partnership_id TEXT NOT NULL REFERENCES partnerships(id),
        agency_id TEXT NOT NULL REFERENCES agencies(id),
        PRIMARY KEY (partnership_id, agency_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX memberships_agency ON memberships(agency_id)",
    """
    CREATE TABLE rounds (
        id TEXT PRIMARY KEY,
        partnership_id TEXT NOT NULL REFERENCES partnerships(id),
        questionnaire_id TEXT NOT NULL,
        questionnaire_version TEXT NOT NULL,
        label TEXT NOT NULL,
        as_of TEXT NOT NULL,
        dates TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        carried_from_round_id TEXT REFERENCES rounds(id),
        created_at TEXT NOT NULL,
        closed_at TEXT,
        UNIQUE (partnership_id, label)
    )
    """,
    "CREATE INDEX rounds_partnership ON rounds(partnership_id, as_of)",
    """
    CREATE TABLE answers (
        round_id TEXT NOT NULL REFERENCES rounds(id),
        agency_id TEXT NOT NULL REFERENCES agencies(id),
        question_id TEXT NOT NULL,
        value TEXT,
        na_reason TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '',
        evidence_links TEXT NOT NULL DEFAULT '[]',
        comment TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'to_reconfirm')),
        PRIMARY KEY (round_id, agency_id, question_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE actions (
        round_id TEXT NOT NULL REFERENCES rounds(id),
        id TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('generated', 'manual')),
        priority INTEGER NOT NULL DEFAULT 0,
        question_id TEXT,
        domain_id TEXT,
        requirement_ids TEXT NOT NULL DEFAULT '[]',
        owner_role TEXT,
        text TEXT NOT NULL,
        gap TEXT NOT NULL DEFAULT '',
        success_measure TEXT,
        statutory INTEGER NOT NULL DEFAULT 0 CHECK (statutory IN (0, 1)),
        generated_due TEXT,
        owner_agency_id TEXT REFERENCES agencies(id),
        lead_person TEXT NOT NULL DEFAULT '',
        due TEXT,
        due_edited INTEGER NOT NULL DEFAULT 0 CHECK (due_edited IN (0, 1)),
        status TEXT NOT NULL DEFAULT 'Not started'
            CHECK (status IN ('Not started', 'In progress', 'Completed', 'Blocked')),
        rag TEXT CHECK (rag IN ('Red', 'Amber', 'Green')),
        notes TEXT NOT NULL DEFAULT '',
        obsolete INTEGER NOT NULL DEFAULT 0 CHECK (obsolete IN (0, 1)),
        removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
        revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (round_id, id)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        partnership_id TEXT,
        round_id TEXT
    )
    """,
    "CREATE INDEX audit_log_partnership ON audit_log(partnership_id)",
    "CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)",
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'The audit log is append-only: entries cannot be changed');
    END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'The audit log is append-only: entries cannot be deleted');
    END
    """,
]


@MIGRATIONS(name="m001_initial_schema")
def m001_initial_schema(db: Database) -> None:
    for statement in _V1:
        db.execute(statement)


@MIGRATIONS(name="m002_score_cache")
def m002_score_cache(db: Database) -> None:
    """Scoring results cached so a new process need not score unchanged rounds again.

    One entry per round, replaced when the round is scored under another key. The key
    columns are compared in full before an entry is used (``Store.cached_scores``); the
    result is JSON. Large rows, so an ordinary rowid table.
    """
    db.execute(
        """
        CREATE TABLE score_cache (
            round_id TEXT PRIMARY KEY REFERENCES rounds(id),
            answers_digest TEXT NOT NULL,
            questionnaire_id TEXT NOT NULL,
            questionnaire_version TEXT NOT NULL,
            bundle_digest TEXT NOT NULL,
            nation TEXT NOT NULL,
            scoring_version INTEGER NOT NULL,
            result_format TEXT NOT NULL,
            result TEXT NOT NULL,
            saved_at TEXT NOT NULL
        )
        """
    )


@MIGRATIONS(name="m003_grants")
def m003_grants(db: Database) -> None:
    """Who may do what: one row per role a person (an e-mail address) holds, in its scope.

    The role's scope columns are NULL when the role does not take them; the unique index
    treats NULL as a value, so the same grant cannot be held twice. Who granted it, and when,
    is kept on the row (and in the audit log, with every removal).
    """
    db.execute(
        """
        CREATE TABLE grants (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            email TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('administrator', 'region_lead',
                'partnership_lead', 'respondent', 'analyst', 'viewer')),
            region_id TEXT REFERENCES regions(id),
            partnership_id TEXT REFERENCES partnerships(id),
            agency_id TEXT REFERENCES agencies(id),
            granted_by TEXT NOT NULL,
            granted_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        "CREATE UNIQUE INDEX grants_unique ON grants (email, role, IFNULL(region_id, ''), "
        "IFNULL(partnership_id, ''), IFNULL(agency_id, ''))"
    )
    db.execute("CREATE INDEX grants_partnership ON grants(partnership_id)")


def migration_names() -> list[str]:
    """Names of every migration, in order (schema version N = the first N)."""
    return [m.name for m in MIGRATIONS._migrations]


SCHEMA_VERSION = len(migration_names())


def schema_version(db: Database) -> int:
    """How many of the known migrations have been applied to ``db``."""
    applied = {m.name for m in MIGRATIONS.applied(db)}
    return sum(1 for name in migration_names() if name in applied)
