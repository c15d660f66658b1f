"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real data/readiness.db."""
    monkeypatch.setenv("READINESS_DB", str(tmp_path / "test-readiness.db"))


@pytest.fixture
def root() -> Path:
    return ROOT


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Property tests: reproducible in CI (same examples every run), wider search on demand with
# HYPOTHESIS_PROFILE=thorough.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, max_examples=150, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))
