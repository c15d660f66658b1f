"""The people who may use the tool: the roles (grants) each e-mail address holds.

A grant is checked against the database when it is added (its region, partnership and agency
exist; a respondent's agency is a member of the partnership), and every grant added or removed
is written to the audit log in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from readiness.access.policy import Grant, Role, normalise_email
from readiness.store._db import StoreBase
from readiness.store._sql import timestamp
from readiness.store.errors import NotFoundError

_SCOPE = ("region_id", "partnership_id", "agency_id")


@dataclass(frozen=True)
class StoredGrant:
    """A grant as kept in the database: the grant, who gave it and when."""

    grant: Grant
    granted_by: str
    granted_at: dt.datetime


def _grant_id(grant: Grant) -> str:
    """How a grant is named in the audit log: e-mail, role and scope."""
    scope = [getattr(grant, f) for f in _SCOPE if getattr(grant, f)]
    return "/".join([grant.email, grant.role.value, *scope])


def _from_row(row: sqlite3.Row) -> StoredGrant:
    grant = Grant(
        email=row["email"],
        role=Role(row["role"]),
        region_id=row["region_id"],
        partnership_id=row["partnership_id"],
        agency_id=row["agency_id"],
    )
    return StoredGrant(grant, row["granted_by"], dt.datetime.fromisoformat(row["granted_at"]))


class PeopleMixin(StoreBase):
    """Grants: who holds which role, for which region, partnership or agency."""

    def add_grant(self, grant: Grant, *, user: str) -> bool:
        """Give a person a role; False if they already held exactly this grant."""
        with self._write() as conn:
            if grant.region_id:
                self._require(conn, "regions", grant.region_id, "region")
            if grant.partnership_id:
                self._require(conn, "partnerships", grant.partnership_id, "partnership")
            if grant.agency_id:
                self._require(conn, "agencies", grant.agency_id, "agency")
                if (
                    grant.partnership_id
                    and not conn.execute(
                        "SELECT 1 FROM memberships WHERE partnership_id = ? AND agency_id = ?",
                        [grant.partnership_id, grant.agency_id],
                    ).fetchone()
                ):
                    raise NotFoundError(
                        f"The agency {grant.agency_id} is not a member of the partnership "
                        f"{grant.partnership_id}. Add it to the partnership first."
                    )
            now = self._now()
            cursor = conn.execute(
                "INSERT OR IGNORE INTO grants (email, role, region_id, partnership_id, "
                "agency_id, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    grant.email,
                    grant.role.value,
                    grant.region_id,
                    grant.partnership_id,
                    grant.agency_id,
                    user,
                    timestamp(now),
                ],
            )
            if not cursor.rowcount:
                return False
            self._audit(
                conn,
                at=now,
                user=user,
                entity="grant",
                entity_id=_grant_id(grant),
                changes=[("granted", None, grant.model_dump(mode="json"))],
                partnership_id=grant.partnership_id,
                round_id=None,
            )
            return True

    def remove_grants(
        self, email: str, roles: Sequence[Role] = (), *, user: str, only: Grant | None = None
    ) -> list[StoredGrant]:
        """Take away a person's grants (only those of ``roles``, if given, or only the grant
        ``only``: one role in one partnership); returns what was removed, each removal
        audited."""
        wanted = {r.value for r in roles}
        with self._write() as conn:
            removed = [
                found
                for found in self._grants(conn, normalise_email(email))
                if (not wanted or found.grant.role.value in wanted)
                and (only is None or found.grant == only)
            ]
            now = self._now()
            for found in removed:
                g = found.grant
                conn.execute(
                    "DELETE FROM grants WHERE email = ? AND role = ? AND region_id IS ? "
                    "AND partnership_id IS ? AND agency_id IS ?",
                    [g.email, g.role.value, g.region_id, g.partnership_id, g.agency_id],
                )
                self._audit(
                    conn,
                    at=now,
                    user=user,
                    entity="grant",
                    entity_id=_grant_id(g),
                    changes=[("granted", g.model_dump(mode="json"), None)],
                    partnership_id=g.partnership_id,
                    round_id=None,
                )
            return removed

    def list_grants(self, email: str | None = None) -> list[StoredGrant]:
        """Every grant (or one person's), by e-mail address, then role, then scope."""
        with self._read() as conn:
            return self._grants(conn, None if email is None else normalise_email(email))

    @staticmethod
    def _grants(conn: sqlite3.Connection, email: str | None) -> list[StoredGrant]:
        if email is None:
            rows = conn.execute(
                "SELECT * FROM grants ORDER BY email, role, region_id, partnership_id, agency_id"
            )
        else:
            rows = conn.execute(
                "SELECT * FROM grants WHERE email = ? "
                "ORDER BY role, region_id, partnership_id, agency_id",
                [email],
            )
        return [_from_row(row) for row in rows]
