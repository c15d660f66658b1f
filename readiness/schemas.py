"""JSON Schemas generated from the models, committed in ``questionnaires/schema/``.

Editors (VS Code with the YAML extension, for example) use them for completion and checking;
``tests/test_schemas.py`` fails when a committed schema no longer matches the models.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from readiness.loading import CONTENT_DIR
from readiness.models import AnswerSet, Questionnaire, RequirementCatalogue, RoleVocabulary

SCHEMA_DIR = CONTENT_DIR / "schema"

SCHEMAS: dict[str, type[BaseModel]] = {
    "questionnaire.schema.json": Questionnaire,
    "requirements.schema.json": RequirementCatalogue,
    "roles.schema.json": RoleVocabulary,
    "answers.schema.json": AnswerSet,
}


def render_schema(model: type[BaseModel]) -> str:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path | None = None) -> list[Path]:
    target = folder or SCHEMA_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = target / name
        path.write_text(render_schema(model), encoding="utf-8")
        written.append(path)
    return written
