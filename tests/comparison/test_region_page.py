"""The region page in the app (AppTest), with the demo region loaded, written as a VRN lead
expects it: the summary first, common gaps as counts by requirement, a heatmap with every row
labelled, and the detail below, drawn only when opened."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store
from readiness.ui.components.region_sections import WRAP
from tests.ui.conftest import (
    ROOT,
    no_exceptions,
    ui_env,  # noqa: F401 - the fresh database and caches
)

ROUTER = Path(__file__).parent / "region_app.py"
SUMMARY = "Compliance band and overall maturity of each partnership"
GAPS = "Common gaps by requirement"
HEAT_TABLE = "Maturity by domain for each partnership"


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


def _table(app: AppTest, label: str) -> str | None:
    """The HTML of the labelled, keyboard-scrollable table, if the page drew it."""
    found = [
        e.proto.body
        for e in app.get("html")
        if 'class="wide-table' in e.proto.body and f'aria-label="{label}"' in e.proto.body
    ]
    assert len(found) <= 1
    return found[0] if found else None


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', html)


def _text(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


def test_the_summary_comes_first_then_gaps_heatmap_detail_and_downloads(demo, app) -> None:
    app.run()
    no_exceptions(app)
    assert [h.value for h in app.header] == [
        "Summary",
        "Common gaps",
        "Maturity by domain",
        "Detail",
        "Open a partnership's results",
        "Comparison pack",
        "Region report",
    ]
    assert [s.value for s in app.subheader] == [
        "The five most common gaps",
        "Biggest changes since the last round",
    ]
    assert app.download_button(key="region.download").label.startswith("Download")


def test_the_summary_gives_every_partnerships_band_the_commonest_gaps_and_changes(
    demo, app
) -> None:
    app.run()
    names = sorted(p.name for p in Store(demo).list_partnerships())
    summary = _table(app, SUMMARY)
    assert summary is not None
    assert sorted(_rows(summary)) == names
    bands = re.findall(r'<th scope="row"[^>]*>[^<]*</th><td[^>]*>([^<]*)</td>', summary)
    assert len(bands) == 9
    assert set(bands) <= {"Not met", "Approaching", "Met", "Exceeded"}
    # one rounding rule: the number never reaches a level its label does not
    for number, label in re.findall(r"<td[^>]*>(\d\.\d) \(([A-Za-z ]+)\)</td>", summary):
        floor = ["Not started", "Emerging", "Developing", "Established", "Embedded"]
        assert floor[min(4, int(float(number)))] == label
    text = _text(app)
    counted = {
        band: int(n) for n, band in re.findall(r"(\d+) (Not met|Approaching|Met|Exceeded)", text)
    }
    assert sum(counted.values()) == 9
    assert counted == {b: bands.count(b) for b in set(bands)}
    top = re.findall(r"^- \*\*(\d+) of (\d+)\*\* partnerships: (.+)$", text, re.MULTILINE)
    assert len(top) == 5
    assert all(not title.startswith("SVD-") for _, _, title in top)  # titles, not codes
    moved = re.findall(r"^- .+: \*\*(Up|Down) \d\.\d\d\*\*, from .+ to .+$", text, re.MULTILINE)
    assert len(moved) == 3


def test_common_gaps_are_counts_by_requirement_not_lists_of_names(demo, app) -> None:
    app.run()
    gaps = _table(app, GAPS)
    assert gaps is not None
    assert 0 < len(_rows(gaps)) <= 15  # a sensible default: the gaps nearly everyone shares
    assert "Demo:" not in gaps  # no partnership named, let alone every one in every row
    assert re.search(r"<td[^>]*>\d of \d</td>", gaps)
    assert not any(row.startswith("SVD-") for row in _rows(gaps))  # titles, not codes
    default = len(_rows(gaps))
    app.slider(key="region.min_share").set_value(50).run()
    no_exceptions(app)
    wider = _table(app, GAPS)
    assert wider is not None
    assert len(_rows(wider)) > default
    assert f"{len(_rows(wider))} requirements have a gap in at least 50%" in _text(app)


def test_the_heatmap_labels_every_row_with_the_whole_name_wrapped(demo, app) -> None:
    app.run()
    names = {p.name for p in Store(demo).list_partnerships()}
    [chart] = app.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    layer = spec["layer"][0]["encoding"]
    y_axis, x_axis = layer["y"]["axis"], layer["x"]["axis"]
    for axis in (x_axis, y_axis):
        assert axis["labelOverlap"] is False  # no label is skipped
        assert axis["labelLimit"] == 0  # nor cut short
    rows = layer["y"]["sort"]
    assert {row.replace("\n", " ") for row in rows} == names  # wrapped, never truncated
    assert all(len(line) <= WRAP for row in rows for line in row.split("\n"))
    assert "split(datum.label" in y_axis["labelExpr"]


def test_the_detail_is_drawn_only_when_its_expander_is_opened(demo, app) -> None:
    app.run()
    assert _table(app, HEAT_TABLE) is None
    assert _table(app, "Change since the last round for each partnership") is None
    app.session_state["region.detail.table"] = True
    app.session_state["region.detail.change"] = True
    app.run()
    no_exceptions(app)
    heat_table = _table(app, HEAT_TABLE)
    assert heat_table is not None
    assert '<th scope="col">Leadership and governance</th>' in heat_table
    assert len(_rows(heat_table)) == 9
    change = _table(app, "Change since the last round for each partnership")
    assert change is not None
    assert change.count("<td>2025/26</td>") == 9


def test_the_questions_behind_the_gaps_give_counts(demo, app) -> None:
    app.session_state["region.detail.questions"] = True
    app.run()
    no_exceptions(app)
    questions = _table(app, "Questions below Established in many partnerships")
    assert questions is not None
    assert "Demo:" not in questions
    assert re.search(r"<td[^>]*>\d of \d</td>", questions)


def test_filters_narrow_the_region(demo, app) -> None:
    app.run()
    app.selectbox(key="region.nation").set_value("wales").run()
    no_exceptions(app)
    summary = _table(app, SUMMARY)
    assert summary is not None
    assert len(_rows(summary)) == 3
    app.selectbox(key="region.round").set_value("2025/26").run()
    no_exceptions(app)
    assert "No partnership's overall maturity has changed" in _text(app)


def test_opening_a_partnership_lands_on_its_results(demo, app) -> None:
    app.run()
    app.selectbox(key="region.open").set_value("demo-dunmere")
    app.button(key="region.open_results").click().run()
    no_exceptions(app)
    assert app.session_state["sel.partnership"] == "demo-dunmere"
    assert app.session_state["sel.round"] == "demo-dunmere.2026-27"
    assert [t.value for t in app.title] == ["Results"]


def test_the_benchmark_names_no_other_partnership(demo, app) -> None:
    app.session_state["region.detail.benchmark"] = True
    app.run()
    app.selectbox(key="region.benchmark").set_value("demo-dunmere").run()
    areas = _table(app, "Compliance band and overall maturity of each area, without names")
    assert areas is not None
    assert _rows(areas)[:3] == ["Your partnership", "Area A", "Area B"]
    assert "Demo:" not in areas


def test_an_empty_database_says_what_to_do(app) -> None:
    app.run()
    no_exceptions(app)
    assert "There are no regions yet" in app.info[0].value
