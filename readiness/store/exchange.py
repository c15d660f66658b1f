"""The audit log, the listing, backups in and out, and the demo data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from readiness.loading import load_default_bundle
from readiness.store import backup
from readiness.store._db import StoreBase, _Discard
from readiness.store.errors import AlreadyExistsError
from readiness.store.records import AuditEntry, ImportReport

if TYPE_CHECKING:
    from readiness.bundle import ContentBundle


class ExchangeMixin(StoreBase):
    """What goes in and out whole: the audit trail, listings, backups and the demo."""

    # ------------------------------------------------------------------ audit

    def audit_log(
        self,
        *,
        partnership_id: str | None = None,
        round_id: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, oldest first. There is deliberately no way to change or delete them."""
        clauses, params = [], []
        for column, wanted in (
            ("partnership_id", partnership_id),
            ("round_id", round_id),
            ("entity", entity),
            ("entity_id", entity_id),
        ):
            if wanted is not None:
                clauses.append(f"{column} = ?")
                params.append(wanted)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{_AUDIT_SELECT}{where} ORDER BY id"
        with self._read() as conn:
            return self._all(conn, "audit_log", AuditEntry, sql, params)

    # ------------------------------------------------------------------ listing, backup, demo

    def listing(self) -> dict[str, list[dict[str, str]]]:
        """Regions, partnerships and rounds in the shape ``python -m readiness list --json``."""
        with self._read() as conn:
            return {
                "regions": [
                    {"id": r["id"], "name": r["name"]}
                    for r in conn.execute("SELECT id, name FROM regions ORDER BY name, id")
                ],
                "partnerships": [
                    {
                        "id": r["id"],
                        "name": r["name"],
                        "region_id": r["region_id"],
                        "nation": r["nation"],
                    }
                    for r in conn.execute(
                        "SELECT id, name, region_id, nation FROM partnerships "
                        "ORDER BY region_id, name, id"
                    )
                ],
                "rounds": [
                    {
                        "id": r["id"],
                        "partnership_id": r["partnership_id"],
                        "label": r["label"],
                        "status": r["status"],
                    }
                    for r in conn.execute(
                        "SELECT id, partnership_id, label, status FROM rounds "
                        "ORDER BY partnership_id, as_of, id"
                    )
                ],
            }

    def export_json(self, partnership_id: str | None = None) -> dict[str, Any]:
        """A versioned JSON document of one partnership (or everything), audit log included."""
        with self._read() as conn:
            if partnership_id is not None:
                self._require(conn, "partnerships", partnership_id, "partnership")
            document = backup.export_document(conn, partnership_id, self._now())
        return document.model_dump(mode="json")

    def import_json(self, document: Mapping[str, Any], *, user: str = "import") -> ImportReport:
        """Check a backup document completely, then add it in one transaction.

        If any part is invalid, or clashes with what is already in the database, nothing is
        written and the report lists every problem with its JSON path.
        """
        report: ImportReport | None = None
        with self._write() as conn:
            report = backup.import_document(conn, document, user=user, now=self._now())
            if not report.ok:
                raise _Discard  # rolls back every row the import had written
        return report

    def load_demo(
        self, bundle: ContentBundle | None = None, *, seed: int | None = None
    ) -> ImportReport:
        """Add the fictional demo region (see :mod:`readiness.demo`)."""
        from readiness import demo  # noqa: PLC0415 - demo imports the records: avoid a cycle

        if bundle is None:
            bundle = load_default_bundle()
        document = demo.demo_document(bundle, seed=demo.DEMO_SEED if seed is None else seed)
        with self._read() as conn:
            if conn.execute("SELECT 1 FROM regions WHERE id = ?", [demo.DEMO_REGION_ID]).fetchone():
                raise AlreadyExistsError("The demo data is already in this database.")
        return self.import_json(document.model_dump(mode="json"), user="demo")


_AUDIT_SELECT = (
    "SELECT at, user, entity, entity_id, field, old_value, new_value, partnership_id, round_id "
    "FROM audit_log"
)
