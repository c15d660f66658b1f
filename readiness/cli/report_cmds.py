"""``python -m readiness report``: the board report for a round, or a region, in Word or PDF."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from readiness.bundle import ContentBundle
from readiness.loading import load_default_bundle
from readiness.what_works import WhatWorks, load_what_works


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a board report (.docx, or .pdf with LibreOffice) for a round or a region",
        description=(
            "Write the partnership board report for a round (--partnership and --round), or "
            "the region report (--region). Word by default; PDF with --pdf or an output file "
            "ending in .pdf, where LibreOffice is installed."
        ),
    )
    parser.add_argument("--db", type=Path, required=True, help="the database file")
    parser.add_argument("--partnership", default=None, help="partnership id")
    parser.add_argument("--round", dest="round_id", default=None, help="round id")
    parser.add_argument(
        "--region", default=None, help="region id for the region report (or 'all' for every region)"
    )
    parser.add_argument(
        "--round-label",
        default=None,
        help="with --region: compare rounds with this label, e.g. 2026/27",
    )
    parser.add_argument("--pdf", action="store_true", help="write a PDF (needs LibreOffice)")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="the file to write (.docx or .pdf)"
    )
    parser.set_defaults(func=run_report)


def load_bundle() -> ContentBundle:
    """The shipped questionnaire (a function so tests can give their own)."""
    return load_default_bundle()


def load_ratings(bundle: ContentBundle) -> WhatWorks:
    return load_what_works(bundle)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run_report(args: argparse.Namespace) -> int:
    partnership_mode = args.partnership is not None or args.round_id is not None
    if partnership_mode == (args.region is not None):
        return _error(
            "Give either --partnership and --round (a partnership's report) or "
            "--region (the region report)."
        )
    if partnership_mode and (args.partnership is None or args.round_id is None):
        return _error(
            "The partnership report needs both --partnership and --round. List them "
            "with: python -m readiness list"
        )
    suffix = args.output.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        return _error(f"The output file must end in .docx or .pdf (found {args.output.name}).")
    as_pdf = args.pdf or suffix == ".pdf"
    if args.pdf and suffix != ".pdf":
        return _error("With --pdf, give an output file ending in .pdf.")
    if not Path(args.db).is_file():
        return _error(f"There is no database at {args.db}. Check the path and try again.")
    from readiness.report import pdf, service  # noqa: PLC0415
    from readiness.store import Store  # noqa: PLC0415 - SQLite only when a database is used
    from readiness.store.errors import NotFoundError  # noqa: PLC0415

    store = Store(args.db)
    bundle = load_bundle()
    if partnership_mode:
        try:
            round_ = store.get_round(args.round_id)
        except NotFoundError:
            return _error(
                f"There is no round with the id {args.round_id} in {args.db}. List "
                "the rounds with: python -m readiness list"
            )
        if round_.partnership_id != args.partnership:
            return _error(
                f"The round {args.round_id} belongs to the partnership {round_.partnership_id}, "
                f"not {args.partnership}. Check the ids with: python -m readiness list"
            )
        data = service.partnership_report(
            store, bundle, args.round_id, generated_at=now(), what_works=load_ratings(bundle)
        )
        what = "Board report"
    else:
        region = None if args.region == "all" else args.region
        try:
            data = service.region_report(
                store, [bundle], region, generated_at=now(), round_label=args.round_label
            )
        except NotFoundError:
            return _error(
                f"There is no region with the id {args.region} in {args.db}. List "
                "the regions with: python -m readiness list"
            )
        what = "Region report"
    if as_pdf:
        data = pdf.docx_to_pdf(data)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    except OSError as exc:
        return _error(f"{args.output} cannot be written ({exc.strerror}).")
    print(f"{what} written to {args.output} ({len(data) // 1024 + 1} KB).")
    return 0
