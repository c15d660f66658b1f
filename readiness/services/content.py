"""The content bundle the settings point at (the shipped questionnaire, or another file)."""

from __future__ import annotations

from readiness.bundle import ContentBundle
from readiness.loading import load_bundle
from readiness.settings import Settings, settings


def load_content(current: Settings | None = None) -> ContentBundle:
    """Load and check the content files named by the settings (``READINESS_QUESTIONNAIRE``)."""
    path = (current or settings()).questionnaire_path
    return load_bundle(questionnaire=path) if path is not None else load_bundle()
