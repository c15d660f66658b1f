"""The region page in the app (AppTest), with the demo region loaded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store
from tests.ui.conftest import (
    ROOT,
    no_exceptions,
    ui_env,  # noqa: F401 - the fresh database and caches
)

ROUTER = Path(__file__).parent / "region_app.py"


@pytest.fixture
def app(tmp_path: Path) -> AppTest:
    """The region page inside a navigation that also has the results page."""
    folder = tmp_path / "app"
    folder.mkdir()
    os.symlink(ROOT / "readiness", folder / "readiness")
    shutil.copy(ROUTER, folder / "app.py")
    return AppTest.from_file(str(folder / "app.py"), default_timeout=60)


@pytest.fixture
def demo(ui_env: Path) -> Path:  # noqa: F811 - the fixture imported above
    Store(ui_env).load_demo()
    return ui_env


def test_a_vrn_lead_sees_the_heatmap_table_bands_gaps_and_change(demo, app) -> None:
    app.run()
    no_exceptions(app)
    headers = [h.value for h in app.header]
    assert headers == [
        "Compliance and overall maturity",
        "Maturity by domain",
        "Spread in each domain",
        "Common gaps",
        "Change since the last round",
        "Open a partnership's results",
        "Anonymised benchmark for a partnership lead",
        "Comparison pack",
        "Region report",
    ]
    ranking = app.table[0].value
    assert len(ranking) == 9
    assert set(ranking["Compliance band"]) <= {"Not met", "Approaching", "Met", "Exceeded"}
    # the wide tables are keyboard-scrollable HTML regions (see components/wide_table.py)
    wide = [e.proto.body for e in app.get("html") if 'class="wide-table"' in e.proto.body]
    heat_table, change = wide
    assert 'aria-label="Maturity by domain for each partnership"' in heat_table
    assert '<th scope="col">Leadership and governance</th>' in heat_table
    assert any(
        f"<td>{level}" in heat_table or f" {level}</td>" in heat_table
        for level in ("Not started", "Emerging", "Developing", "Established", "Embedded")
    )
    assert heat_table.count('<th scope="row">') == 9
    assert 'aria-label="Change since the last round for each partnership"' in change
    assert change.count("<td>2025/26</td>") == 9
    assert app.download_button(key="region.download").label.startswith("Download")


def test_filters_narrow_the_region(demo, app) -> None:
    app.run()
    app.selectbox(key="region.nation").set_value("wales").run()
    no_exceptions(app)
    assert len(app.table[0].value) == 3
    app.selectbox(key="region.round").set_value("2025/26").run()
    no_exceptions(app)
    assert "No partnership has an earlier round" in " ".join(m.value for m in app.markdown)


def test_opening_a_partnership_lands_on_its_results(demo, app) -> None:
    app.run()
    app.selectbox(key="region.open").set_value("demo-dunmere")
    app.button(key="region.open_results").click().run()
    no_exceptions(app)
    assert app.session_state["sel.partnership"] == "demo-dunmere"
    assert app.session_state["sel.round"] == "demo-dunmere.2026-27"
    assert [t.value for t in app.title] == ["Results"]


def test_the_benchmark_names_no_other_partnership(demo, app) -> None:
    app.run()
    app.selectbox(key="region.benchmark").set_value("demo-dunmere").run()
    areas = app.table[-1].value
    assert list(areas.index)[:3] == ["Your partnership", "Area A", "Area B"]
    assert not any("Demo:" in str(label) for label in areas.index)


def test_an_empty_database_says_what_to_do(app) -> None:
    app.run()
    no_exceptions(app)
    assert "There are no regions yet" in app.info[0].value
