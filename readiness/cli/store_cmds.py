"""Commands about stored data: ``demo``, ``export``, ``import`` and ``list``.

``--db`` defaults to the ``READINESS_DB`` environment variable, or ``data/readiness.db``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from readiness.cli._input import read_json
from readiness.loading import ContentError, load_default_bundle
from readiness.safe_json import JsonInputError
from readiness.services.actor import COMMAND_LINE
from readiness.services.backups import export_backup, import_backup, listing
from readiness.services.partnerships import load_demo
from readiness.settings import settings
from readiness.store import Store, StoreError

MAX_IMPORT_BYTES = 500_000_000
MAX_PROBLEMS_SHOWN = 50


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="the database file (default: $READINESS_DB or data/readiness.db)",
    )


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="add the fictional demo region to the database",
        description="Add a clearly labelled, fictional region with 9 partnerships (6 in England,"
        " 3 in Wales), two assessment rounds each, answers and action plans, to explore the tool.",
    )
    _add_db(demo)
    demo.add_argument("--seed", type=int, default=None, help="change the made-up data")
    demo.set_defaults(func=run_demo)

    export = subparsers.add_parser(
        "export",
        help="save one partnership, or everything, to a JSON backup file",
        description="Write a JSON backup: partnerships, agencies, rounds, answers, action"
        " plans and the audit log.",
    )
    _add_db(export)
    export.add_argument("--partnership", metavar="ID", default=None, help="only this partnership")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    export.set_defaults(func=run_export)

    import_ = subparsers.add_parser(
        "import",
        help="add the contents of a JSON backup file to the database",
        description="Check the whole file first; if any part is invalid nothing is written.",
    )
    _add_db(import_)
    import_.add_argument("file", type=Path, metavar="FILE.json")
    import_.set_defaults(func=run_import)

    list_ = subparsers.add_parser("list", help="list regions, partnerships and rounds")
    _add_db(list_)
    list_.add_argument("--json", action="store_true", help="print one JSON object")
    list_.set_defaults(func=run_list)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _store(args: argparse.Namespace) -> Store:
    path: Path = args.db if args.db is not None else settings().db_path
    return Store(path)  # an existing database is opened without writing to it


def run_demo(args: argparse.Namespace) -> int:
    try:
        store = _store(args)
        report = load_demo(COMMAND_LINE, store, seed=args.seed)
    except ContentError as exc:
        return _fail(f"The questionnaire files have problems, so no demo data was added:\n{exc}")
    except StoreError as exc:
        if "already" in str(exc):
            print(f"{exc} Nothing was changed.")
            return 0
        return _fail(str(exc))
    if not report.ok:  # pragma: no cover - the demo data is checked by the tests
        return _fail(report.summary())
    print(
        f"Added the demo region to {store.path}: {report.added.get('partnerships', 0)} "
        f"partnerships, {report.added.get('rounds', 0)} rounds, "
        f"{report.added.get('answers', 0)} answers, {report.added.get('actions', 0)} actions."
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    try:
        document = export_backup(COMMAND_LINE, _store(args), args.partnership)
    except StoreError as exc:
        return _fail(str(exc))
    text = json.dumps(document, ensure_ascii=False, indent=1)
    try:
        args.output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        return _fail(f"Could not write {args.output}: {exc.strerror or exc}.")
    what = f"partnership {args.partnership}" if args.partnership else "everything"
    print(
        f"Exported {what} to {args.output}: {len(document['partnerships'])} partnerships, "
        f"{len(document['rounds'])} rounds, {len(document['answers'])} answers."
    )
    return 0


def _read_document(path: Path) -> tuple[Any, str | None]:
    try:
        size = path.stat().st_size
    except OSError:
        return None, f"There is no file at {path}."
    if path.is_dir():
        return None, f"{path} is a folder. Give the path of a JSON backup file."
    if size > MAX_IMPORT_BYTES:
        return None, f"{path} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB."
    try:  # NaN, numbers beyond 64 bits, deep nesting and broken characters are refused
        return read_json(path, MAX_IMPORT_BYTES), None
    except JsonInputError as exc:
        return None, str(exc)


def run_import(args: argparse.Namespace) -> int:
    document, problem = _read_document(args.file)
    if problem is not None:
        return _fail(problem)
    try:
        # the answers are checked as score and the pages check them, before anything is written
        report = import_backup(COMMAND_LINE, _store(args), document, load_default_bundle())
    except StoreError as exc:
        return _fail(str(exc))
    if not report.ok:
        lines = [report.summary()]
        lines += [f"- {p}" for p in report.problems[:MAX_PROBLEMS_SHOWN]]
        if len(report.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"... and {len(report.problems) - MAX_PROBLEMS_SHOWN} more.")
        return _fail("\n".join(lines))
    print(report.summary())
    return 0


def run_list(args: argparse.Namespace) -> int:
    try:
        found = listing(COMMAND_LINE, _store(args))
    except StoreError as exc:
        return _fail(str(exc))
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not found["regions"]:
        print("The database is empty. Run `python -m readiness demo` to add demo data.")
        return 0
    rounds_by_partnership: dict[str, list[str]] = {}
    for r in found["rounds"]:
        rounds_by_partnership.setdefault(r["partnership_id"], []).append(
            f"{r['label']} ({r['status']}, id {r['id']})"
        )
    for region in found["regions"]:
        print(f"{region['name']} (id {region['id']})")
        for p in found["partnerships"]:
            if p["region_id"] != region["id"]:
                continue
            print(f"  {p['name']} (id {p['id']}, {p['nation'].title()})")
            for line in rounds_by_partnership.get(p["id"], []) or ["no rounds yet"]:
                print(f"    {line}")
    return 0
