"""The report buttons on Results and on the comparison page (PDF only where conversion works),
and what the evidence says on the Action plan page (AppTest, demo data, shipped content)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.loading import load_default_bundle
from readiness.report import service
from readiness.store import Store
from readiness.ui.components import report_download
from readiness.what_works import shipped_what_works
from tests.report.reading import read
from tests.ui.conftest import (
    PAGES,
    new_app,
    no_exceptions,
    texts,
    ui_env,  # noqa: F401 - a fresh database and empty caches for each test
)

PARTNERSHIP = "demo-greyhaven"
ROUND = "demo-greyhaven.2026-27"


@pytest.fixture
def demo(ui_env: Path) -> Store:  # noqa: F811 - the fixture imported above
    store = Store(ui_env)
    store.load_demo()
    return store


def _open(page: str) -> AppTest:
    at = new_app()
    at.query_params["partnership"] = PARTNERSHIP
    at.query_params["round"] = ROUND
    at.run()
    at.switch_page(PAGES[page]).run()
    no_exceptions(at)
    return at


def _keys(at: AppTest) -> set[str]:
    return {b.key for b in at.get("download_button")}


def test_results_offers_the_word_report_and_pdf_only_where_it_works(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(report_download._check, "pdf", False)
    at = _open("results")
    assert "Board report" in texts(at.header)
    keys = _keys(at)
    assert "download.board_report.docx" in keys
    assert "download.board_report.pdf" not in keys
    monkeypatch.setitem(report_download._check, "pdf", True)
    at = _open("results")
    assert {"download.board_report.docx", "download.board_report.pdf"} <= _keys(at)


def test_the_comparison_page_offers_the_region_report(
    demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(report_download._check, "pdf", False)
    at = _open("region")
    assert "Region report" in texts(at.header)
    assert "download.region_report.docx" in _keys(at)


def test_what_the_button_builds_is_the_board_report(demo: Store) -> None:
    content = service.partnership_report(
        demo,
        load_default_bundle(),
        ROUND,
        generated_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        what_works=shipped_what_works(load_default_bundle()),
        user="Web user",
    )
    doc = read(content)
    assert doc.doc.core_properties.title.endswith("Greyhaven Community Safety Partnership, 2026/27")
    assert "What the evidence says" in doc.captions()


def test_the_action_plan_page_flags_a_harmful_approach_and_shows_the_evidence(
    demo: Store,
) -> None:
    demo.add_manual_action(
        ROUND,
        text="Take Year 9 on a Scared Straight prison visit [click](https://x.example)",
        user="test",
    )
    at = _open("actions")
    warnings = texts(at.warning)
    flag = [
        w
        for w in warnings
        if "This action names Prison awareness programmes, which the evidence rates as harmful" in w
    ]
    assert flag, warnings
    assert "\\[click\\]" in flag[0]  # the typed link is escaped: shown as text, not a link
    evidence = [t.value for t in at.table if "Approach" in t.value.columns]
    assert evidence, "the evidence table is on the page"
    rows = evidence[0].to_dict("records")
    flagged = [r for r in rows if r["Estimated impact on violence"].startswith("HARMFUL")]
    assert flagged[0]["Approach"] == "Prison awareness programmes"
    assert all(
        r["Estimated impact on violence"] == "Not yet checked"
        for r in rows
        if r["Approach"] == "A&E navigators"
    )
