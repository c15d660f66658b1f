"""Fixtures for the service tests: a fresh store and the shipped content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from readiness.bundle import ContentBundle
from readiness.loading import load_default_bundle
from readiness.services import Actor
from readiness.services.partnerships import NewAgency, PartnershipSetup
from readiness.store import Store
from tests.store.sample import ticking_clock

ACTOR = Actor("Test person")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "services.db", clock=ticking_clock())


@pytest.fixture(scope="session")
def bundle() -> ContentBundle:
    return load_default_bundle()


def setup_request(name: str = "Anytown CSP", **changes: object) -> PartnershipSetup:
    """A complete set-up form: a new region, three agencies (the council leads), a round."""
    fields: dict[str, object] = {
        "name": name,
        "nation": "england",
        "areas": ["Anytown"],
        "agencies": [
            NewAgency("Anytown Council", "local_authority"),
            NewAgency("Anytown Police", "police"),
            NewAgency("Anytown ICB", "icb"),
        ],
        "round_label": "2026/27",
        "as_of": dt.date(2026, 6, 1),
        "new_region": "Northshire VRU",
    }
    fields.update(changes)
    return PartnershipSetup(**fields)  # type: ignore[arg-type]
