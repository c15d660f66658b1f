"""docs/access.md shows the same rules the code enforces."""

from __future__ import annotations

from pathlib import Path

from readiness.access.policy import permission_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"


def test_the_documented_table_is_the_enforced_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- access-table")
    start = text.index("\n", start) + 1
    end = text.index("<!-- /access-table -->")
    assert text[start:end] == permission_table(), (
        "docs/access.md is out of date: paste readiness.access.policy.permission_table() in"
    )
