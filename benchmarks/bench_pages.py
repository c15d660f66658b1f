"""Page benchmark at national scale: ``.venv/bin/python -m benchmarks.bench_pages``.

Uses the store benchmark's national database (``benchmarks/out/store-national.db``: 300
partnerships, 10 agencies each answering every question, 3 rounds, about 918,000 answers;
built by ``benchmarks.bench_store`` when missing) on a copy, since the action plan page writes.

1. Server side: each page's whole script run through Streamlit's ``AppTest`` (one session,
   partnership p000, its open round, the first agency), timed over ``--repeat`` reruns after a
   first run. AppTest adds a little overhead of its own, so these are upper bounds.
2. Browser: a real ``streamlit run`` server on the same copy and Debian's Chromium; the time
   from navigation to the results page until its "Maturity by domain" heading is visible
   (``--browser-runs`` fresh page loads). Skipped when /usr/bin/chromium is missing.

3. The evidence page with ``--evidence-rows`` (default 1,000,000) police.uk rows stored for
   p000 (the evidence benchmark's file, ingested and saved before the clock starts). Its first
   run reads and unpacks the stored rows (nothing is in memory yet, as after a restart).

Targets: every page's script under 300 ms; the evidence page under 1 s once data is stored.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "Home": "readiness/ui/pages/home.py",
    "Partnership set-up": "readiness/ui/pages/setup.py",
    "Answer the questionnaire": "readiness/ui/pages/answer.py",
    "Results": "readiness/ui/pages/results.py",
    "Action plan": "readiness/ui/pages/actions.py",
    "Evidence profile": "readiness/ui/pages/evidence.py",
}


def national_db() -> Path:
    path = OUT / "store-national.db"
    if not path.exists():
        from benchmarks.bench_store import build

        OUT.mkdir(exist_ok=True)
        print("building the national database (about 10 s) ...")
        build(path)
    return path


def server_side(repeat: int) -> list[tuple[str, float, float, float]]:
    from streamlit.testing.v1 import AppTest

    rows = []
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120)
    at.session_state["sel.partnership"] = "p000"
    at.session_state["sel.round"] = "p000.2026"
    at.run()
    for name, page in PAGES.items():
        at.switch_page(page)
        start = time.perf_counter()
        at.run()
        first = (time.perf_counter() - start) * 1000
        if at.exception:
            raise SystemExit(f"{name} raised: {[e.value for e in at.exception]}")
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - start) * 1000)
        rows.append((name, first, statistics.median(times), max(times)))
    return rows


def browser_results(db: Path, runs: int) -> list[float]:
    if not Path("/usr/bin/chromium").exists():
        print("no /usr/bin/chromium: browser timing skipped")
        return []
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import ARGS, start_server, stop_server

    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), db)
        try:
            with sync_playwright() as driver:
                browser = driver.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=ARGS
                )
                times = []
                for _ in range(runs + 1):  # the first load warms the server's caches
                    page = browser.new_page(viewport={"width": 1280, "height": 1800})
                    start = time.perf_counter()
                    page.goto(f"{server.url}/results?partnership=p000&round=p000.2026")
                    page.get_by_role("heading", name="Maturity by domain").wait_for(timeout=60_000)
                    times.append((time.perf_counter() - start) * 1000)
                    page.close()
                browser.close()
        finally:
            stop_server(server)
    return times[1:]


def store_evidence(db: Path, rows: int) -> None:
    import datetime as dt

    from benchmarks.bench_evidence import build
    from readiness.evidence.loaders import source_from_path
    from readiness.evidence.police import read_police_files
    from readiness.store.incidents import IncidentStore

    start = time.perf_counter()
    ingest = read_police_files([source_from_path(build(rows))], max_bytes=1 << 40)
    read = time.perf_counter() - start
    start = time.perf_counter()
    IncidentStore(db).save(
        "p000", ingest, uploaded_by="benchmark", uploaded_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    print(
        f"evidence: {rows:,} rows read in {read:.2f} s, saved in "
        f"{time.perf_counter() - start:.2f} s"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="reruns per page")
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--evidence-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    source = national_db()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "national-copy.db"
        shutil.copyfile(source, db)
        os.environ["READINESS_DB"] = str(db)
        store_evidence(db, args.evidence_rows)
        print(f"{'Page':28} {'first run':>10} {'median':>10} {'worst':>10}  (ms)")
        for name, first, median, worst in server_side(args.repeat):
            print(f"{name:28} {first:10.0f} {median:10.0f} {worst:10.0f}")
        times = browser_results(db, args.browser_runs)
        if times:
            print(
                f"Browser, navigation to results heading visible: median "
                f"{statistics.median(times):.0f} ms, worst {max(times):.0f} ms "
                f"({len(times)} loads)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
