"""Screenshots of every page on the demo data, at a desktop width (1280 px) and a phone width
(390 px), for docs/screenshots/: whole pages (the window is made as tall as the page, since the
page scrolls inside Streamlit's main area), the demo's most complete partnership, with police
and health data uploaded for it. The height of each page at each width is written beside them
(docs/screenshots/heights.json), and on each page nothing is wider than the window."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    settle,
    start_server,
    stop_server,
    wait_for_app,
)
from tests.browser.demo_data import demo_with_evidence

pytestmark = pytest.mark.browser

#: File name -> (address, title).
PAGES = {
    "home": ("", "Serious Violence Duty readiness"),
    "setup": ("setup", "Partnership set-up"),
    "answer": ("answer", "Answer the questionnaire"),
    "results": ("results", "Results"),
    "action-plan": ("actions", "Action plan"),
    "upload": ("upload", "Upload a completed workbook"),
    "evidence": ("evidence", "Evidence profile"),
    "region": ("region", "Compare partnerships"),
}
WIDTHS = (1280, 390)
#: The demo's most complete partnership, and its open round.
DEMO = "?partnership=demo-ashby-vale&round=demo-ashby-vale.2026-27"
#: A page taller than this is cut here in its screenshot (the height recorded is the whole).
MAX_HEIGHT = 12_000
HEIGHTS = SCREENSHOTS / "heights.json"


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("screenshots")
    db = tmp / "demo.db"
    demo_with_evidence(db, police_months=6, uploaded_by="analyst@demo")
    running = start_server(tmp, db)
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def heights() -> Iterator[dict[str, dict[str, int]]]:
    found: dict[str, dict[str, int]] = {}
    yield found
    if found:  # kept with those of pages not taken this time
        known = json.loads(HEIGHTS.read_text(encoding="utf-8")) if HEIGHTS.exists() else {}
        for name, by_width in found.items():
            known.setdefault(name, {}).update(by_width)
        HEIGHTS.write_text(json.dumps(known, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _small_png(data: bytes) -> bytes:
    """The screenshot in 256 colours: a third of the size, and text stays sharp."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize("width", WIDTHS, ids=[f"{w}px" for w in WIDTHS])
@pytest.mark.parametrize("name", list(PAGES))
def test_a_screenshot_of_every_page_at_each_width(
    demo_server: Server, page: Page, heights: dict[str, dict[str, int]], name: str, width: int
) -> None:
    path, title = PAGES[name]
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{demo_server.url}/{path}{DEMO}")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name=title, exact=True)).to_be_visible()
    settle(page)
    height = 0
    for _ in range(4):  # the window as tall as the page, until the page stops growing
        now = int(main.evaluate("m => m.scrollHeight"))
        if now == height:
            break
        height = now
        page.set_viewport_size({"width": width, "height": min(height, MAX_HEIGHT)})
        settle(page)  # charts drawn again for the new window, nothing moving
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth")  # nothing wider than the window
    shot = _small_png(page.screenshot())
    (SCREENSHOTS / f"{name}-{width}.png").write_bytes(shot)
    heights.setdefault(name, {})[f"{width}px"] = height
    assert height > 0
