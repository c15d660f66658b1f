"""Benchmark the board reports.

    .venv/bin/python benchmarks/bench_report.py

Builds (once, in benchmarks/out/reports.db) five copies of the demo region: 45 partnerships,
each with two rounds. Then times:

* the partnership board report for the demo's largest round (most answers and actions): reading
  and scoring the round and the round before it, syncing the plan, and building the .docx
  (``service.partnership_report``); the pure build alone; and the PDF through LibreOffice;
* the region report for 40 partnerships: the comparison loaded cold (scores in the database, as
  in a new server process) and warm (as on the comparison page, which already has it), plus
  the pure build, and the PDF.

Targets: each report under 2 seconds (PDF conversion is LibreOffice's time, reported apart).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from readiness.comparison.load import ScoreCache, load_comparison, region_data  # noqa: E402
from readiness.demo import demo_document  # noqa: E402
from readiness.loading import load_default_bundle  # noqa: E402
from readiness.report import (  # noqa: E402
    RegionReportInput,
    build_partnership_report,
    build_region_report,
    pdf,
    service,
)
from readiness.store import Store  # noqa: E402
from readiness.what_works import shipped_what_works  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DB = OUT / "reports.db"
COPIES = 5
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def build(store: Store) -> None:
    text = json.dumps(demo_document(load_default_bundle()).model_dump(mode="json"))
    for n in range(COPIES):
        copy = (
            text.replace("demo-", f"r{n:02d}-")
            .replace("Demo: ", f"Region {n:02d}: ")
            .replace("Demo ", f"Region {n:02d} ")
        )
        report = store.import_json(json.loads(copy), user="bench")
        if not report.ok:
            raise SystemExit(f"import failed: {report}")


def timed(label: str, fn, repeat: int = 5) -> object:  # type: ignore[no-untyped-def]
    best = float("inf")
    worst = 0.0
    value = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        took = time.perf_counter() - start
        best, worst = min(best, took), max(worst, took)
    print(f"{label:<66} {best * 1000:7.0f} ms (worst {worst * 1000:.0f})")
    return value


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    fresh = not DB.exists()
    store = Store(DB)
    if fresh:
        start = time.perf_counter()
        build(store)
        print(f"built {DB} in {time.perf_counter() - start:.1f} s")
    bundle = load_default_bundle()
    ratings = shipped_what_works(bundle)

    rounds = [r for p in store.list_partnerships() for r in store.list_rounds(p.id)]
    largest = max(
        rounds, key=lambda r: (len(store.answers_for(r.id)), len(store.actions_for(r.id)))
    )
    answers = len(store.answers_for(largest.id))
    print(
        f"largest round: {largest.id} ({answers} answers, "
        f"{len(store.actions_for(largest.id))} actions)"
    )
    data = service.partnership_input(
        store, bundle, largest.id, generated_at=NOW, what_works=ratings
    )
    docx = timed(
        "partnership report, store to .docx (service.partnership_report)",
        lambda: service.partnership_report(
            store, bundle, largest.id, generated_at=NOW, what_works=ratings
        ),
    )
    timed("partnership report, pure build only", lambda: build_partnership_report(data))
    if pdf.soffice_path():
        made = timed(
            "partnership report, .docx to PDF (LibreOffice)",
            lambda: pdf.docx_to_pdf(docx),
            repeat=3,
        )  # type: ignore[arg-type]
        print(f"  {pdf.page_count(made)} pages")  # type: ignore[arg-type]

    national = region_data(store, None)
    ids = {p.id for p in national.partnerships[:40]}
    region = type(national)(
        region_id="bench",
        region_name="40 partnerships",
        partnerships=[p for p in national.partnerships if p.id in ids],
        rounds=[r for r in national.rounds if r.partnership_id in ids],
    )
    load_comparison(store, [bundle], region, cache=ScoreCache())  # fill the database cache

    def region_cold() -> bytes:
        c = load_comparison(store, [bundle], region, cache=ScoreCache())
        return build_region_report(
            RegionReportInput(comparison=c, region_name="Bench", generated_at=NOW)
        )

    warm = ScoreCache()
    comparison = load_comparison(store, [bundle], region, cache=warm)
    print(f"region: {len(comparison.current)} partnerships compared")
    region_docx = timed(
        "region report, 40 partnerships, cold (scores in the database)", region_cold
    )
    timed(
        "region report, 40 partnerships, from the page's comparison (pure build)",
        lambda: build_region_report(
            RegionReportInput(comparison=comparison, region_name="Bench", generated_at=NOW)
        ),
    )
    if pdf.soffice_path():
        made = timed(
            "region report, .docx to PDF (LibreOffice)",
            lambda: pdf.docx_to_pdf(region_docx),
            repeat=3,
        )  # type: ignore[arg-type]
        print(f"  {pdf.page_count(made)} pages")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
