"""The layering rules from DESIGN.md, enforced: a pure core, one store, a thin UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "readiness"
SQLITE = {"sqlite3", "sqlite_utils"}
UI = {"streamlit", "altair"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_only_the_ui_imports_streamlit(path: Path) -> None:
    if _rel(path).startswith("readiness/ui/"):
        return
    assert not (_imports(path) & UI), f"{_rel(path)} is not UI code but imports streamlit/altair"


@pytest.mark.parametrize("path", _modules(), ids=_rel)
def test_only_the_store_touches_sqlite(path: Path) -> None:
    if _rel(path).startswith("readiness/store/"):
        return
    assert not (_imports(path) & SQLITE), f"{_rel(path)} imports SQLite: only readiness/store may"


def test_the_rule_would_catch_a_core_module_importing_streamlit(tmp_path: Path) -> None:
    bad = tmp_path / "scoring.py"
    bad.write_text("import streamlit as st\nfrom sqlite_utils import Database\n")
    assert _imports(bad) == {"streamlit", "sqlite_utils"}
