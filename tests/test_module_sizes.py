"""No module in readiness/ is longer than 600 lines: a file that grows past it holds more than
one responsibility and is split by responsibility (see issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "readiness"
MAX_MODULE_LINES = 600


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_scan_finds_the_modules() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in _modules()}
    assert {"evidence/mapping.py", "evidence/profile.py", "demo.py", "ui/pages/region.py"} <= names
    assert len(names) > 100


def test_the_line_count_counts_lines(tmp_path: Path) -> None:
    long = tmp_path / "long.py"
    long.write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    assert _lines(long) == MAX_MODULE_LINES + 1


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_is_over_600_lines(path: Path) -> None:
    lines = _lines(path)
    assert lines <= MAX_MODULE_LINES, (
        f"{path.relative_to(ROOT)} has {lines} lines: split it by responsibility"
    )
