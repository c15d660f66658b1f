"""Health extracts: ISTV-style emergency department assault records and ambulance call-outs,
as records or as monthly counts per area. Both go through the column-mapping reader with the
column names these extracts usually carry; the ISTV method and location code lists are not
fixed nationally, so weapons are read from the text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from readiness.evidence.area import PartnershipArea
from readiness.evidence.files import DEFAULT_MAX_BYTES, SourceFile
from readiness.evidence.mapping import ColumnMapping, read_mapped_files
from readiness.evidence.police import Ingest

HealthKind = Literal["ed_istv", "ambulance"]

ISTV_MAPPING = ColumnMapping(
    event_datetime="ASSAULT DATE AND TIME",
    weapon="ASSAULT METHOD",
    location_text="ASSAULT LOCATION DESCRIPTION",
    provider="SITE CODE",
)


def read_health_files(
    files: Sequence[SourceFile],
    *,
    kind: HealthKind,
    mapping: ColumnMapping | None = None,
    area: PartnershipArea | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingest:
    """Read ISTV or ambulance extracts. Without ``mapping`` the columns are matched by their
    usual names (see :func:`readiness.evidence.mapping.suggest_mapping`)."""
    return read_mapped_files(files, mapping, source_type=kind, area=area, max_bytes=max_bytes)


def read_force_extract(
    files: Sequence[SourceFile],
    mapping: ColumnMapping | None = None,
    *,
    area: PartnershipArea | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingest:
    """Read a force crime extract (offence codes, dates, flags) through a column mapping."""
    return read_mapped_files(
        files, mapping, source_type="police_extract", area=area, max_bytes=max_bytes
    )
