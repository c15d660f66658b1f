"""A VRN lead's journey: open the demo region, read the heatmap and its table, open one
partnership's results from it, and download the comparison pack."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from readiness.store import Store
from tests.browser.conftest import SCREENSHOTS, Server, start_server, stop_server, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("region-browser")
    db = tmp / "demo.db"
    assert Store(db).load_demo().ok
    running = start_server(tmp, db)
    yield running
    stop_server(running)


def test_vrn_lead_compares_the_region_opens_a_partnership_and_downloads_the_pack(
    demo_server: Server, page: Page
) -> None:
    store = Store(demo_server.db)
    names = [p.name for p in store.list_partnerships()]

    page.goto(f"{demo_server.url}/region")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Compare partnerships", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Maturity by domain", exact=True)).to_be_visible()
    # the heatmap, and a table with the same figures for people who cannot see the colours
    expect(main.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    tables = main.get_by_role("table")
    expect(tables.first).to_be_visible()
    # tables arrive one by one while the page runs: wait for each fact, never read once
    for name in names:
        expect(tables.filter(has_text=name).first).to_be_visible()
    expect(tables.filter(has_text=re.compile("Developing|Emerging")).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "region.png"))

    # the comparison pack
    with page.expect_download() as download_info:
        main.get_by_role("button", name="Download the comparison pack (Excel)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert {"Summary", "Heatmap", "Compliance", "Common gaps"} <= set(workbook.sheetnames)

    # open one partnership's results from the region
    main.get_by_role("button", name="Open results").click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="Results", exact=True)).to_be_visible()
    first = store.list_partnerships()
    expect(main).to_contain_text(re.compile("|".join(re.escape(p.name) for p in first)))
    expect(main).to_contain_text("Statutory compliance")
