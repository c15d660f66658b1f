"""The committed JSON Schemas match the models (regenerate: python -m readiness schemas)."""

from __future__ import annotations

import pytest

from readiness.schemas import SCHEMA_DIR, SCHEMAS, render_schema


@pytest.mark.parametrize("name", sorted(SCHEMAS), ids=sorted(SCHEMAS))
def test_committed_schema_is_current(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render_schema(SCHEMAS[name]), (
        f"questionnaires/schema/{name} is out of date: run `python -m readiness schemas`"
    )


def test_content_files_point_editors_at_their_schema() -> None:
    for path, schema in (
        ("svd-readiness-v1.yaml", "questionnaire.schema.json"),
        ("requirements.yaml", "requirements.schema.json"),
        ("roles.yaml", "roles.schema.json"),
    ):
        first_line = (SCHEMA_DIR.parent / path).read_text(encoding="utf-8").splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=./schema/{schema}"
