"""Fixtures for the evidence tests: the real City of London street files (OGL v3.0)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readiness.evidence.area import PartnershipArea
from readiness.evidence.files import SourceFile
from readiness.store import Store
from readiness.store.records import Agency, Partnership, Region

#: Real police.uk street-level files kept in the repository (Open Government Licence v3.0).
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "police-uk" / "city-of-london"
CITY = PartnershipArea(
    name="City of London",
    local_authorities=frozenset({"City of London"}),
    forces=frozenset({"City of London Police"}),
)


def street_paths() -> list[Path]:
    """The twelve monthly City of London street files for 2024, kept in the repository."""
    paths = sorted(FIXTURES.glob("2024-*-city-of-london-street.csv"))
    assert len(paths) == 12, f"expected 12 police.uk street files in {FIXTURES}, found {len(paths)}"
    return paths


def as_source(path: Path, name: str | None = None) -> SourceFile:
    return SourceFile.from_bytes(name or path.name, path.read_bytes())


@pytest.fixture(scope="session")
def street_files() -> list[SourceFile]:
    return [as_source(p) for p in street_paths()]


def istv_csv(rows: list[tuple[str, str, str, str]]) -> SourceFile:
    lines = ["ASSAULT DATE AND TIME,ASSAULT METHOD,ASSAULT LOCATION DESCRIPTION,SITE CODE,LSOA"]
    lines += [",".join(r[:3]) + ",RXX01," + r[3] for r in rows]
    return SourceFile.from_bytes("istv.csv", ("\n".join(lines) + "\n").encode())


ISTV_ROWS = [
    ("2024-01-06 23:15", "Knife", "Street outside club", "E01032739"),
    ("2024-01-07 01:40", "Fist", "Nightclub", "E01032739"),
    ("13/01/2024 22:05", "Bottle", "Pub", "E01000005"),
    ("2024-02-03 00:30", "Kicked", "Street", "E01000001"),
    ("2024-02-10 02:10", "Knife", "Bishopsgate", "E01000001"),
    ("2024-03-01 12:00", "", "", ""),
]


ROUND = "city-2025-26"
LEAD = "city-council"
USER = "test"


def make_city(path: Path) -> Store:
    """The City of London partnership: the council (lead) and the police, an open round."""
    store = Store(path)
    store.save_region(Region(id="london", name="London VRU"), user=USER)
    for agency_id, name, role in [
        (LEAD, "City of London Corporation", "local_authority"),
        ("city-police", "City of London Police", "police"),
    ]:
        store.save_agency(Agency(id=agency_id, name=name, role_id=role), user=USER)
    store.save_partnership(
        Partnership(
            id="city",
            name="City of London",
            region_id="london",
            nation="england",
            lead_agency_id=LEAD,
        ),
        user=USER,
    )
    for agency_id in (LEAD, "city-police"):
        store.add_member("city", agency_id, user=USER)
    store.create_round(
        "city",
        "2025/26",
        dt.date(2025, 6, 1),
        questionnaire_id="svd-readiness",
        questionnaire_version="1.0",
        user=USER,
        round_id=ROUND,
    )
    return store
