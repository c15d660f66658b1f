"""Labels live in one module, and each table labels every value of the type it describes."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, get_args

import pytest

from readiness import labels
from readiness.models import MAX_LEVEL, Nation
from readiness.models.answers import Availability, Granularity, Timeliness
from readiness.models.requirements import RequirementLevel
from readiness.models.roles import RoleGroup
from readiness.scoring.results import Band, DeadlineStatus
from readiness.store.records import AnswerStatus, PartnershipType

PACKAGE = Path(__file__).resolve().parents[1] / "readiness"

CASES: list[tuple[str, Any, Any]] = [
    ("AVAILABILITY_LABELS", labels.AVAILABILITY_LABELS, Availability),
    ("TIMELINESS_LABELS", labels.TIMELINESS_LABELS, Timeliness),
    ("GRANULARITY_LABELS", labels.GRANULARITY_LABELS, Granularity),
    ("REQUIREMENT_LEVEL_LABELS", labels.REQUIREMENT_LEVEL_LABELS, RequirementLevel),
    ("ROLE_GROUP_LABELS", labels.ROLE_GROUP_LABELS, RoleGroup),
    ("PARTNERSHIP_TYPE_LABELS", labels.PARTNERSHIP_TYPE_LABELS, PartnershipType),
    ("NATION_LABELS", labels.NATION_LABELS, Nation),
    ("ANSWER_STATUS_LABELS", labels.ANSWER_STATUS_LABELS, AnswerStatus),
    ("BAND_MEANING", labels.BAND_MEANING, Band),
    ("DEADLINE_WORDS", labels.DEADLINE_WORDS, DeadlineStatus),
]


@pytest.mark.parametrize(("name", "table", "literal"), CASES, ids=[c[0] for c in CASES])
def test_each_label_table_covers_exactly_its_type(name: str, table: Any, literal: Any) -> None:
    assert set(table) == set(get_args(literal)), name
    assert all(isinstance(v, str) and v.strip() for v in table.values()), name


def test_one_maturity_label_per_level() -> None:
    assert len(labels.LEVEL_LABELS) == MAX_LEVEL + 1
    assert labels.LEVEL_LABELS[0] == "Not started"
    assert labels.YES_PARTLY_NO == {"yes": "Yes", "partly": "Partly", "no": "No"}


def _assigned_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        targets = [node.target] if isinstance(node, ast.AnnAssign) else []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def test_no_other_module_defines_a_label_table_of_its_own() -> None:
    moved = {name for name in vars(labels) if name.isupper()}
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "labels.py"
        for name in sorted(_assigned_names(path) & moved)
    ]
    assert offenders == []


def test_the_rule_would_catch_a_second_definition(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text('NATION_LABELS: dict[str, str] = {"england": "England"}\n')
    assert "NATION_LABELS" in _assigned_names(bad)
