"""Every page runs without an exception on an empty database and on the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.store import Store
from readiness.ui.frame import APOLOGY
from tests.ui.conftest import PAGES, no_exceptions, open_page, texts

TITLES = {
    "home": "Serious Violence Duty readiness",
    "setup": "Partnership set-up",
    "answer": "Answer the questionnaire",
    "results": "Results",
    "actions": "Action plan",
    "upload": "Upload a completed workbook",
    "evidence": "Evidence profile",
    "region": "Compare partnerships",
}


def _no_apology(at: object) -> None:
    errors = texts(at.error)  # type: ignore[attr-defined]
    assert not [e for e in errors if e.startswith(APOLOGY[:20])], errors


@pytest.mark.parametrize("page", list(PAGES), ids=[f"the {p} page" for p in PAGES])
def test_every_page_runs_on_an_empty_database(page: str) -> None:
    at = open_page(page)
    no_exceptions(at)
    _no_apology(at)
    assert texts(at.title) == [TITLES[page]]


def test_an_empty_database_offers_the_demo_data_and_then_labels_it() -> None:
    at = open_page("home")
    assert at.button(key="home.load_demo").label == "Load the demo data"
    at.button(key="home.load_demo").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["The demo data has been loaded. It is fictional: explore freely."]
    assert any(w.startswith("**Demo data.** The partnerships, agencies") for w in texts(at.warning))
    assert [m.label for m in at.metric] == [
        "Statutory compliance",
        "Overall maturity",
        "Next deadline",
        "Questions answered",
    ]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert Store(path).load_demo().ok
    return path


@pytest.mark.parametrize("page", list(PAGES), ids=[f"the {p} page" for p in PAGES])
def test_every_page_runs_on_the_demo_data(
    page: str, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    monkeypatch.setenv("READINESS_DB", str(db))
    at = open_page(page)
    no_exceptions(at)
    _no_apology(at)
    assert texts(at.title) == [TITLES[page]]
    assert any(w.startswith("**Demo data.**") for w in texts(at.warning))
    if page == "region":  # a whole region: no partnership to choose
        assert at.selectbox(key="region.region").value
    else:
        assert at.selectbox(key="main.partnership" if page == "home" else "nav.partnership").value
