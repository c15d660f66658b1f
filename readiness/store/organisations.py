"""Regions, agencies, partnerships and their members."""

from __future__ import annotations

import sqlite3

from readiness.store._db import StoreBase
from readiness.store.errors import AlreadyExistsError, NotFoundError, StoreError
from readiness.store.records import Agency, Membership, Partnership, Region


class OrganisationsMixin(StoreBase):
    """Who takes part: regions, agencies, partnerships and memberships."""

    # ------------------------------------------------------------------ organisation

    def save_region(self, region: Region, *, user: str) -> Region:
        """Add a region, or update it if its id exists."""
        with self._write() as conn:
            self._upsert(
                conn,
                "regions",
                region,
                entity="region",
                entity_id=region.id,
                user=user,
                partnership_id=None,
            )
        return region

    def add_region(self, region: Region, *, user: str) -> Region:
        """Add a new region; an id that exists already is refused (never renamed)."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM regions WHERE id = ?", [region.id]).fetchone():
                raise AlreadyExistsError(f"There is already a region with the id {region.id}.")
            self._upsert(
                conn,
                "regions",
                region,
                entity="region",
                entity_id=region.id,
                user=user,
                partnership_id=None,
            )
        return region

    def save_agency(self, agency: Agency, *, user: str) -> Agency:
        """Add an agency, or update it if its id exists. Agency names must be unique."""
        with self._write() as conn:
            clash = conn.execute(
                "SELECT id FROM agencies WHERE name = ? AND id != ?", [agency.name, agency.id]
            ).fetchone()
            if clash:
                raise AlreadyExistsError(
                    f"There is already an agency called {agency.name}. Use that agency, or "
                    "give this one a different name."
                )
            self._upsert(
                conn,
                "agencies",
                agency,
                entity="agency",
                entity_id=agency.id,
                user=user,
                partnership_id=None,
            )
        return agency

    def save_partnership(self, partnership: Partnership, *, user: str) -> Partnership:
        """Add a partnership, or update it if its id exists.

        The lead agency, when given, is made a member if it is not one already.
        """
        with self._write() as conn:
            if not conn.execute(
                "SELECT 1 FROM regions WHERE id = ?", [partnership.region_id]
            ).fetchone():
                raise NotFoundError(f"There is no region with the id {partnership.region_id}.")
            lead = partnership.lead_agency_id
            if lead and not conn.execute("SELECT 1 FROM agencies WHERE id = ?", [lead]).fetchone():
                raise NotFoundError(f"There is no agency with the id {lead}.")
            self._upsert(
                conn,
                "partnerships",
                partnership,
                entity="partnership",
                entity_id=partnership.id,
                user=user,
                partnership_id=partnership.id,
            )
            if lead:
                self._add_member(conn, partnership.id, lead, user)
        return partnership

    def _add_member(
        self, conn: sqlite3.Connection, partnership_id: str, agency_id: str, user: str
    ) -> bool:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO memberships (partnership_id, agency_id) VALUES (?, ?)",
            [partnership_id, agency_id],
        )
        if cursor.rowcount:
            self._audit_membership(conn, partnership_id, agency_id, user, joined=True)
        return bool(cursor.rowcount)

    def _audit_membership(
        self, conn: sqlite3.Connection, partnership_id: str, agency_id: str, user: str,
        *, joined: bool,
    ) -> None:  # fmt: skip
        """One audit entry for an agency joining (``joined``) or leaving a partnership."""
        self._audit(
            conn,
            at=self._now(),
            user=user,
            entity="membership",
            entity_id=f"{partnership_id}/{agency_id}",
            changes=[("member", None, agency_id) if joined else ("member", agency_id, None)],
            partnership_id=partnership_id,
            round_id=None,
        )

    def add_member(self, partnership_id: str, agency_id: str, *, user: str) -> bool:
        """Make an agency a member of a partnership; False if it already was one."""
        with self._write() as conn:
            self._require(conn, "partnerships", partnership_id, "partnership")
            self._require(conn, "agencies", agency_id, "agency")
            return self._add_member(conn, partnership_id, agency_id, user)

    def remove_member(self, partnership_id: str, agency_id: str, *, user: str) -> bool:
        """Take an agency out of a partnership (its saved answers are kept)."""
        with self._write() as conn:
            lead = conn.execute(
                "SELECT lead_agency_id FROM partnerships WHERE id = ?", [partnership_id]
            ).fetchone()
            if lead and lead[0] == agency_id:
                raise StoreError(
                    "This agency leads the partnership. Choose another lead agency first."
                )
            cursor = conn.execute(
                "DELETE FROM memberships WHERE partnership_id = ? AND agency_id = ?",
                [partnership_id, agency_id],
            )
            if cursor.rowcount:
                self._audit_membership(conn, partnership_id, agency_id, user, joined=False)
            return bool(cursor.rowcount)

    def get_region(self, region_id: str) -> Region:
        return self._get_by_id("regions", Region, region_id, "region")

    def get_partnership(self, partnership_id: str) -> Partnership:
        return self._get_by_id("partnerships", Partnership, partnership_id, "partnership")

    def get_agency(self, agency_id: str) -> Agency:
        return self._get_by_id("agencies", Agency, agency_id, "agency")

    def list_regions(self) -> list[Region]:
        with self._read() as conn:
            return self._all(conn, "regions", Region, "SELECT * FROM regions ORDER BY name, id")

    def list_partnerships(self, region_id: str | None = None) -> list[Partnership]:
        with self._read() as conn:
            if region_id is None:
                return self._all(
                    conn,
                    "partnerships",
                    Partnership,
                    "SELECT * FROM partnerships ORDER BY name, id",
                )
            return self._all(
                conn,
                "partnerships",
                Partnership,
                "SELECT * FROM partnerships WHERE region_id = ? ORDER BY name, id",
                [region_id],
            )

    def list_agencies(self, partnership_id: str | None = None) -> list[Agency]:
        """Every agency, or the members of one partnership."""
        with self._read() as conn:
            if partnership_id is None:
                return self._all(conn, "agencies", Agency, "SELECT * FROM agencies ORDER BY name")
            return self._all(
                conn,
                "agencies",
                Agency,
                "SELECT a.* FROM agencies a JOIN memberships m ON m.agency_id = a.id "
                "WHERE m.partnership_id = ? ORDER BY a.name",
                [partnership_id],
            )

    def memberships(self, agency_id: str | None = None) -> list[Membership]:
        with self._read() as conn:
            if agency_id is None:
                sql, params = "SELECT * FROM memberships ORDER BY partnership_id, agency_id", []
            else:
                sql = "SELECT * FROM memberships WHERE agency_id = ? ORDER BY partnership_id"
                params = [agency_id]
            return self._all(conn, "memberships", Membership, sql, params)

    def has_data(self) -> bool:
        """Whether any region has been set up (an empty database offers the demo data)."""
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM regions LIMIT 1").fetchone() is not None
