"""Browser harness: a real ``streamlit run`` server on a free port with its own database, and
Playwright driving Debian's Chromium (never Playwright's own browser download).

In CI (``CI=true``) a missing browser or axe-core fails the tests: the README's test command
installs both. On a developer machine without them the browser tests are skipped.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, Playwright, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: How long a page, a rerun, an upload or a save may take before a test gives up. Sized for a
#: loaded 2-core machine (the suite beside two CPU-bound jobs); every wait is on a condition,
#: so a fast machine never waits this long.
WAIT_MS = 90_000
# Playwright's ``expect`` has its own timeout (5 s by default), separate from the page's.
expect.set_options(timeout=WAIT_MS)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(what: str) -> None:
    message = (
        f"{what} is missing. Run `bash scripts/install-test-deps.sh` (the README's test "
        "command does) to install it."
    )
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen[bytes]
    log: Path


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"streamlit did not become healthy:\n{log.read_text(errors='replace')}")


def start_server(
    tmp: Path,
    db: Path,
    extra_env: dict[str, str] | None = None,
    *,
    extra_args: tuple[str, ...] = (),
    drop_env: tuple[str, ...] = (),
    port: int | None = None,
    host: str = "127.0.0.1",
) -> Server:
    """``streamlit run`` on ``port`` (a free one by default), stopped with :func:`stop_server`;
    browse at ``host`` (sign-in wants the host name of its redirect address)."""
    port = port or _free_port()
    log = tmp / f"streamlit-{port}.log"
    env = {**os.environ, "READINESS_DB": str(db), **(extra_env or {})}
    for name in drop_env:
        env.pop(name, None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "streamlit_app.py"),
                "--server.headless=true",
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    _wait_healthy(f"http://127.0.0.1:{port}", process, log)
    return Server(f"http://{host}:{port}", db, process, log)


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """End a process the tests started, by its process id (SIGTERM, then SIGKILL)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def stop_server(server: Server) -> None:
    stop_process(server.process)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        _missing("Debian's Chromium (/usr/bin/chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        _missing("axe-core (node_modules/axe-core/axe.min.js)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_path: Path) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(chromium_path), headless=True, args=ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    """A fresh, empty database and a server on it, shared by the tests of one module."""
    tmp = tmp_path_factory.mktemp("browser")
    running = start_server(tmp, tmp / "readiness.db")
    yield running
    stop_server(running)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 1800}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def wait_for_app(page: Page) -> None:
    """Wait until the script has finished running: a rerun (after a click, or ``st.rerun``)
    starts a moment after the click, so wait for a quiet spell with no "Running" indicator."""
    page.wait_for_selector("[data-testid='stApp']", timeout=WAIT_MS)
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=WAIT_MS)  # every page has a title
    quiet = 0
    for _ in range(WAIT_MS // 100):
        running = page.locator("[data-testid='stStatusWidget']").count() > 0
        quiet = 0 if running else quiet + 1
        if quiet >= 4:
            return
        page.wait_for_timeout(100)


def upload(page: Page, uploader: Locator, *paths: Path) -> None:
    """Choose files in a file uploader and wait until each has finished uploading.

    Streamlit sends the files to the server as soon as they are chosen; submitting the form
    before that finishes submits it without them. While a file is uploading its chip offers
    "Cancel upload of NAME"; once it is on the server, "Remove NAME".
    """
    uploader.locator("input[type='file']").set_input_files([str(p) for p in paths])
    for path in paths:
        done = uploader.get_by_role("button", name=f"Remove {path.name}", exact=True)
        expect(done).to_be_visible()


def settle(page: Page) -> None:
    """Wait until nothing on the page is moving: expanders opened, charts drawn, no hover.

    Checks run on a still page, never after a fixed pause: the wait ends when no CSS animation
    or transition is running (Streamlit's own running indicator is gone by then, see
    :func:`wait_for_app`)."""
    wait_for_app(page)
    page.mouse.move(1, 1)  # no hover effects
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')",
        timeout=WAIT_MS,
    )


def run_axe(page: Page, axe_source: str) -> list[dict[str, object]]:
    """Serious and critical WCAG 2.0, 2.1 and 2.2 A/AA violations on the page."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [(n["target"], n["html"][:300]) for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# --------------------------------------------------------------------------- page helpers


NOT_STALE = 'xpath=//*[not(ancestor-or-self::*[@data-stale="true"])]'


def fill(page: Page, label: str, text: str) -> None:
    """Type ``text`` into the text box labelled ``label`` that the page now shows (a copy the
    previous run left, marked stale, can linger on a loaded machine: see current_combobox)."""
    box = page.get_by_role("textbox", name=label, exact=True).and_(page.locator(NOT_STALE))
    box.fill(text)


def current_combobox(page: Page, label: str) -> Locator:
    """The selectbox labelled ``label`` that the page now shows: on a loaded machine the
    previous run's copy can linger, marked stale (``data-stale="true"``), while the new run
    draws it again elsewhere (for example after a form above it closes)."""
    assert '"' not in label
    return page.locator(
        f'xpath=//*[@role="combobox" and @aria-label="{label}"]'
        '[not(ancestor::*[@data-stale="true"])]'
    )


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(3):
        current_combobox(page, label).click()
        try:
            wanted.wait_for(timeout=3_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_for_app(page)
            continue
        wanted.click()
        return
    wanted.click()  # fails with Playwright's own message naming the option


def pick_radio(page: Page, group: str, option: str) -> None:
    page.get_by_role("radiogroup", name=group, exact=True).get_by_text(option, exact=True).click()


def enter_date(page: Page, label: str, day: str, month: str, year: str) -> None:
    """Type a date into Streamlit's date field (day, month and year segments)."""
    page.get_by_role("spinbutton", name=f"day, {label}", exact=True).click()
    page.keyboard.type(day + month + year)
    page.keyboard.press("Tab")


def go(page: Page, link: str) -> None:
    page.get_by_role("link", name=link, exact=True).first.click()
    wait_for_app(page)
