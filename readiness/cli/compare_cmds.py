"""``python -m readiness compare``: compare every partnership in a region."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from readiness.bundle import ContentBundle
from readiness.comparison.load import ScoreCache, load_comparison, region_data
from readiness.comparison.pack import comparison_pack
from readiness.comparison.report import comparison_document
from readiness.comparison.view import round_labels
from readiness.loading import load_default_bundle

#: How many common gaps the summary lists (the JSON has them all).
SHOWN = 10


#: ``--region all`` compares every partnership in the database (the national view).
ALL_REGIONS = "all"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "compare",
        help="compare every partnership in a region",
        description=(
            "Compare the partnerships in a region: compliance band, blockers and maturity by "
            "domain, regional medians, common gaps and change since the previous round. Prints "
            "a summary, the full comparison with --json, or writes the comparison pack with -o."
        ),
    )
    parser.add_argument("--db", type=Path, required=True, help="the database file")
    parser.add_argument(
        "--region",
        required=True,
        help="region id (see: python -m readiness list), or 'all' for the national view",
    )
    parser.add_argument(
        "--round",
        dest="round_label",
        default=None,
        help="round label, e.g. 2026/27 (default: each partnership's latest round)",
    )
    parser.add_argument(
        "--nation",
        choices=["england", "wales"],
        default=None,
        help="only partnerships in this nation",
    )
    parser.add_argument(
        "--type",
        dest="partnership_type",
        default=None,
        choices=["csp", "duty_partnership", "vru_area"],
        help="only partnerships of this type",
    )
    parser.add_argument(
        "--min-share",
        type=float,
        default=0.5,
        help="a common gap is below Established in at least this share of partnerships "
        "(0 to 1, default 0.5)",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the comparison as JSON")
    output.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="PACK.xlsx",
        help="write the comparison pack (Excel) to this file",
    )
    parser.add_argument(
        "--partnership-sheets",
        action="store_true",
        help="with -o, add one sheet per partnership to the pack",
    )
    parser.set_defaults(func=run_compare)


def load_bundles() -> list[ContentBundle]:
    """The questionnaires rounds can be scored with (a function so tests can give their own)."""
    return [load_default_bundle()]


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def run_compare(args: argparse.Namespace) -> int:
    if not 0 < args.min_share <= 1:
        return _error("--min-share must be more than 0 and no more than 1, for example 0.5.")
    if args.partnership_sheets and args.output is None:
        return _error("--partnership-sheets only works with -o PACK.xlsx.")
    if not Path(args.db).is_file():
        return _error(f"There is no database at {args.db}. Check the path and try again.")
    from readiness.store import Store  # noqa: PLC0415 - SQLite only when a database is used
    from readiness.store.errors import NotFoundError, StoreError  # noqa: PLC0415

    try:
        store = Store(args.db)
        data = region_data(store, None if args.region == ALL_REGIONS else args.region)
    except NotFoundError:
        return _error(
            f"There is no region with the id {args.region} in {args.db}. "
            "List the regions with: python -m readiness list"
        )
    except StoreError as exc:
        return _error(str(exc))
    labels = round_labels(data.rounds)
    if args.round_label is not None and args.round_label not in labels:
        known = ", ".join(labels) if labels else "none yet"
        return _error(
            f"No partnership in {data.region_name} has a round labelled {args.round_label}. "
            f"Rounds in this region: {known}."
        )
    bundles = load_bundles()
    comparison = load_comparison(
        store,
        bundles,
        data,
        round_label=args.round_label,
        nation=args.nation,
        partnership_type=args.partnership_type,
        cache=ScoreCache(),
    )
    titles = {rid: req.title for b in bundles for rid, req in b.requirements.items()}
    if args.output is not None:
        content = comparison_pack(
            comparison,
            region_name=data.region_name,
            min_share=args.min_share,
            generated=dt.date.today(),
            partnership_sheets=(
                [s.partnership_id for s in comparison.current] if args.partnership_sheets else ()
            ),
            requirement_titles=titles,
        )
        try:
            Path(args.output).write_bytes(content)
        except OSError as exc:
            return _error(f"The pack could not be written to {args.output}: {exc.strerror}.")
        print(
            f"Comparison pack written to {args.output} "
            f"({len(comparison.current)} partnerships compared)."
        )
        return 0
    document = comparison_document(
        comparison,
        region_id=data.region_id,
        region_name=data.region_name,
        min_share=args.min_share,
        requirement_titles=titles,
    )
    if args.json:
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    _print_summary(document)
    return 0


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _print_summary(document: dict[str, Any]) -> None:
    region = document["region"]["name"]
    round_label = document["round"] or "each partnership's latest round"
    print(f"{region}: {round_label}")
    partnerships = sorted(document["partnerships"], key=lambda p: (p["rank"], p["name"]))
    if not partnerships:
        print("No partnership could be compared.")
    else:
        print(
            f"{len(partnerships)} partnerships compared. Median overall maturity "
            f"{_fmt(document['overall_median'])} (0 to 4)."
        )
        print()
        print(f"{'Rank':>4}  {'Band':<12} {'Blockers':>8}  {'Overall':>7}  Partnership")
        for p in partnerships:
            print(
                f"{p['rank']:>4}  {p['band']:<12} {p['blockers']:>8}  "
                f"{_fmt(p['overall_maturity']):>7}  {p['name']}"
            )
    gaps = document["common_gaps"]
    print()
    print(
        f"Common gaps (below Established in at least {document['min_share']:.0%} of "
        f"partnerships): {len(gaps)}"
    )
    for gap in gaps[:SHOWN]:
        print(f"  {gap['share']:.0%}  {gap['question_id']}: {gap['text']}")
    for item in document["left_out"]:
        print(f"Not compared: {item['partnership_name']}. {item['reason']}")
