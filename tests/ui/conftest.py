"""AppTest harness: each test gets its own database file and empty Streamlit caches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
MINI = ROOT / "tests" / "ui" / "fixtures" / "mini-questionnaire.yaml"
TIMEOUT = 30


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def ui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh database per test (READINESS_DB) and no cached store or content between tests."""
    db = tmp_path / "ui-test.db"
    monkeypatch.setenv("READINESS_DB", str(db))
    monkeypatch.delenv("READINESS_QUESTIONNAIRE", raising=False)
    _clear_caches()
    yield db
    _clear_caches()


@pytest.fixture
def mini_content(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use the small test questionnaire instead of the shipped one."""
    monkeypatch.setenv("READINESS_QUESTIONNAIRE", str(MINI))
    return MINI


def new_app() -> AppTest:
    """A new session of the whole app (a new browser tab, as far as the server knows)."""
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def no_exceptions(at: AppTest) -> None:
    problems = [e.value for e in at.exception]
    assert problems == [], f"the page raised: {problems}"


PAGES = {
    "home": "readiness/ui/pages/home.py",
    "setup": "readiness/ui/pages/setup.py",
    "answer": "readiness/ui/pages/answer.py",
    "results": "readiness/ui/pages/results.py",
    "actions": "readiness/ui/pages/actions.py",
    "upload": "readiness/ui/pages/upload.py",
    "evidence": "readiness/ui/pages/evidence.py",
    "region": "readiness/ui/pages/region.py",
}


def open_page(page: str) -> AppTest:
    """A new session showing ``page`` (a key of PAGES)."""
    at = new_app()
    at.run()
    if page != "home":
        at.switch_page(PAGES[page]).run()
    return at


def texts(elements: object) -> list[str]:
    return [str(e.value) for e in elements]  # type: ignore[attr-defined]
