"""The garbage collector is tuned once at start-up and never paused by the code."""

from __future__ import annotations

import ast
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from readiness.runtime import GEN0_THRESHOLD, tune_garbage_collector

PACKAGE = Path(__file__).resolve().parents[2] / "readiness"


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


@pytest.mark.usefixtures("thresholds")
def test_the_young_generation_threshold_is_raised_and_never_lowered() -> None:
    gc.set_threshold(700, 10, 10)
    tune_garbage_collector()
    assert gc.get_threshold() == (GEN0_THRESHOLD, 10, 10)
    assert gc.isenabled()
    gc.set_threshold(50_000, 10, 10)
    tune_garbage_collector()
    assert gc.get_threshold() == (50_000, 10, 10)


def _gc_pauses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "gc"
            and node.func.attr in {"disable", "freeze"}
        ):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} gc.{node.func.attr}")
    return found


def test_no_module_pauses_the_collector_for_the_whole_server() -> None:
    pauses = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _gc_pauses(path)]
    assert pauses == []


def test_the_app_and_the_command_line_tune_it_at_start_up() -> None:
    for entry in ("__main__.py", "ui/state.py"):
        assert "tune_garbage_collector()" in (PACKAGE / entry).read_text(encoding="utf-8")
