"""Backups keep the roles people hold: a partnership's export its own roles, a whole-database
export every role (administrators and region leads too); an import restores them, and a role
that names nothing in the file or the database is refused with its JSON path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from readiness.access.policy import Grant, Role
from readiness.store import Store
from tests.store.sample import PARTNERSHIP, POLICE, REGION, add_partnership, ticking_clock

ADMIN = Grant(email="boss@vru.gov.uk", role=Role.ADMINISTRATOR)
REGION_LEAD = Grant(email="vrn@pcc.gov.uk", role=Role.REGION_LEAD, region_id=REGION)
LEAD = Grant(email="lead@ashby.gov.uk", role=Role.PARTNERSHIP_LEAD, partnership_id=PARTNERSHIP)
RESPONDENT = Grant(
    email="pc@police.uk", role=Role.RESPONDENT, partnership_id=PARTNERSHIP, agency_id=POLICE
)
VIEWER = Grant(email="board@ashby.gov.uk", role=Role.VIEWER, partnership_id=PARTNERSHIP)
EVERYONE = [ADMIN, REGION_LEAD, LEAD, RESPONDENT, VIEWER]
PARTNERSHIP_ROLES = [LEAD, RESPONDENT, VIEWER]


def _key(g: Grant) -> tuple[str, str, str, str, str]:
    return (g.email, g.role.value, g.region_id or "", g.partnership_id or "", g.agency_id or "")


def _held(store: Store) -> list[tuple[str, str, str, str, str]]:
    return sorted(_key(s.grant) for s in store.list_grants())


@pytest.fixture
def source(tmp_path: Path) -> Store:
    store = Store(tmp_path / "source.db", clock=ticking_clock())
    add_partnership(store)
    for grant in EVERYONE:
        store.add_grant(grant, user="command line")
    return store


def _empty(tmp_path: Path, name: str = "target.db") -> Store:
    return Store(tmp_path / name, clock=ticking_clock())


def test_a_whole_database_round_trip_keeps_every_role(source: Store, tmp_path: Path) -> None:
    document = source.export_json()
    assert len(document["grants"]) == len(EVERYONE)
    target = _empty(tmp_path)
    report = target.import_json(document, user="admin")
    assert report.ok, report.problems
    assert report.added["grants"] == len(EVERYONE)
    assert _held(target) == _held(source)
    # who gave each role, and when, comes across too
    before = {_key(s.grant): (s.granted_by, s.granted_at) for s in source.list_grants()}
    after = {_key(s.grant): (s.granted_by, s.granted_at) for s in target.list_grants()}
    assert after == before


def test_a_partnership_export_carries_only_that_partnerships_roles(
    source: Store, tmp_path: Path
) -> None:
    document = source.export_json(PARTNERSHIP)
    emails = sorted(g["email"] for g in document["grants"])
    assert emails == sorted(g.email for g in PARTNERSHIP_ROLES)
    target = _empty(tmp_path)
    report = target.import_json(document, user="admin")
    assert report.ok, report.problems
    assert _held(target) == sorted(_key(g) for g in PARTNERSHIP_ROLES)


def test_a_role_the_database_holds_already_is_not_added_twice(
    source: Store, tmp_path: Path
) -> None:
    document = source.export_json()
    target = _empty(tmp_path)
    add_partnership(target)
    target.add_grant(ADMIN, user="command line")
    for key in ("regions", "agencies"):
        document[key] = []  # already there
    document["partnerships"] = []
    document["memberships"] = []
    document["audit_log"] = []
    report = target.import_json(document, user="admin")
    assert report.ok, report.problems
    assert report.added["grants"] == len(EVERYONE) - 1
    assert report.already_present["grants"] == 1
    assert _held(target) == _held(source)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"role": "superuser"}, "$.grants[{i}].role", "Input should be"),
        ({"partnership_id": "p-nowhere"}, "$.grants[{i}].partnership_id", "no partnership"),
        ({"agency_id": "a-council-x"}, "$.grants[{i}].agency_id", "not a member"),
        ({"region_id": REGION}, "$.grants[{i}]", "does not take a region"),
        ({"email": "not an address"}, "$.grants[{i}]", "is not an e-mail address"),
    ],
)
def test_a_bad_role_is_refused_with_its_path_and_nothing_is_written(
    source: Store, tmp_path: Path, change: dict[str, Any], path: str, message: str
) -> None:
    document = copy.deepcopy(source.export_json(PARTNERSHIP))
    index = next(i for i, g in enumerate(document["grants"]) if g["role"] == "respondent")
    document["grants"][index].update(change)
    target = _empty(tmp_path)
    report = target.import_json(document, user="admin")
    assert not report.ok
    wanted = path.format(i=index)
    assert any(p.path == wanted and message in p.message for p in report.problems), report.problems
    assert target.list_grants() == []
    assert target.list_partnerships() == []
