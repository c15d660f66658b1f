"""Pages draw widgets and call services: no module in readiness/ui/ writes to a store, and no
page this layer owns is longer than 250 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "readiness" / "ui"
#: Store methods that write (the main store and the incident store), by name pattern.
WRITES = re.compile(
    r"^(save|add|remove|restore|create|update|apply|close|carry_forward|sync|import_json"
    r"|load_demo|confirm|delete|transaction)(_|$)"
)
#: Every page, found on disk: a new page is held to the limit too.
PAGES = tuple(sorted(p.name for p in (UI / "pages").glob("*.py") if p.name != "__init__.py"))
MAX_PAGE_LINES = 250


def test_every_page_is_checked() -> None:
    assert {"evidence.py", "region.py", "results.py", "setup.py", "answer.py"} <= set(PAGES)


def store_writes(source: str) -> list[str]:
    """``x.method(...)`` calls whose method writes, where ``x`` looks like a store: a name or
    attribute ending in "store" or "incidents", or a call to ``store()``/``_store(...)``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, target = node.func.attr, node.func.value
        if not WRITES.match(method):
            continue
        if isinstance(target, ast.Call):
            target = target.func
        name = (
            target.id
            if isinstance(target, ast.Name)
            else target.attr
            if isinstance(target, ast.Attribute)
            else ""
        )
        if name.lower().lstrip("_").endswith(("store", "incidents")):
            found.append((node.lineno, f"line {node.lineno}: {name}.{method}"))
    return [text for _, text in sorted(found)]


def _ui_modules() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _ui_modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_ui_module_writes_to_a_store(path: Path) -> None:
    assert store_writes(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(ROOT)} writes to the store: call a function in readiness/services"
    )


def test_the_scan_finds_the_writes_it_should() -> None:
    source = (
        "state.store().save_answers(r, a, [], user=u)\n"
        "store.sync_generated_actions(r, [], user=u)\n"
        "self._store.add_member(p, a, user=u)\n"
        "with state.store().transaction():\n    pass\n"
        "_incidents(path).delete_upload(p, u)\n"
        "store.actions_for(r)\n"  # a read: allowed
        "action_service.add_action(actor, store, r, text='x')\n"  # a service: allowed
    )
    assert store_writes(source) == [
        "line 1: store.save_answers",
        "line 2: store.sync_generated_actions",
        "line 3: _store.add_member",
        "line 4: store.transaction",
        "line 6: _incidents.delete_upload",
    ]


@pytest.mark.parametrize("name", PAGES)
def test_pages_are_short(name: str) -> None:
    lines = (UI / "pages" / name).read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_PAGE_LINES, f"pages/{name} has {lines} lines: move helpers to components"
