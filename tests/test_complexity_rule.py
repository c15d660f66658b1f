"""ruff's complexity rule stays on at 12 (tests/test_quality.py runs ruff with this config)."""

from __future__ import annotations

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_complexity_rule_is_enabled_at_twelve() -> None:
    lint = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["ruff"]["lint"]
    assert "C90" in lint["select"]
    assert "C901" not in lint.get("ignore", [])
    assert lint["mccabe"]["max-complexity"] == 12
