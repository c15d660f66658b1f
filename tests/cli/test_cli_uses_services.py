"""The command line writes through readiness/services, as the pages do."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_layering import store_writes

CLI = Path(__file__).resolve().parents[2] / "readiness" / "cli"


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_no_command_writes_to_the_store_directly(path: Path) -> None:
    assert store_writes(path.read_text(encoding="utf-8")) == []
