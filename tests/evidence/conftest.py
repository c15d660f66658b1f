"""Fixtures for the evidence tests: the real City of London street files (OGL v3.0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.evidence.area import PartnershipArea
from readiness.evidence.files import SourceFile

FIXTURES = (Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "police-uk"
            / "city-of-london")
CITY = PartnershipArea(
    name="City of London",
    local_authorities=frozenset({"City of London"}),
    forces=frozenset({"City of London Police"}),
)


def street_paths() -> list[Path]:
    return sorted(FIXTURES.glob("2024-*-city-of-london-street.csv"))


def as_source(path: Path, name: str | None = None) -> SourceFile:
    return SourceFile.from_bytes(name or path.name, path.read_bytes())


@pytest.fixture(scope="session")
def street_files() -> list[SourceFile]:
    return [as_source(p) for p in street_paths()]
