"""``python -m readiness export-plan | export-pack | import-workbook``: Excel in and out.

Exports write an ``.xlsx`` file; the import prints every problem (exit 1) or the changes the
workbook would make, and saves them only with ``--yes``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.bundle import ContentBundle
from readiness.cli._input import InputFileError, read_capped
from readiness.loading import load_default_bundle

if TYPE_CHECKING:
    from readiness.store.store import Store

MAX_READ_BYTES = 50 * 1024 * 1024  # the importer's own limit is smaller; this stops huge reads


def register(subparsers: Any) -> None:
    for name, what, func in (
        ("export-plan", "the action-plan workbook", run_export_plan),
        ("export-pack", "the offline questionnaire workbook", run_export_pack),
    ):
        parser = subparsers.add_parser(
            name,
            help=f"write {what} for a round (.xlsx)",
            description=f"Write {what} for a partnership's round, optionally for one agency.",
        )
        parser.add_argument("--db", type=Path, required=True, help="the database file")
        parser.add_argument("--partnership", required=True, help="partnership id")
        parser.add_argument("--round", dest="round_id", required=True, help="round id")
        parser.add_argument("--agency", default=None, help="only this member agency")
        parser.add_argument(
            "-o", "--output", type=Path, required=True, help="the .xlsx file to write"
        )
        parser.set_defaults(func=func)
    parser = subparsers.add_parser(
        "import-workbook",
        help="check a completed workbook and (with --yes) save its changes",
        description=(
            "Check a completed questionnaire pack or updated action plan. Prints every problem "
            "(exit code 1) or the changes it would make. Nothing is saved without --yes."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE.xlsx")
    parser.add_argument("--db", type=Path, required=True, help="the database file")
    parser.add_argument("--yes", action="store_true", help="save the changes")
    parser.add_argument("--partnership", default=None, help="refuse a workbook for another one")
    parser.add_argument("--round", dest="round_id", default=None, help="refuse another round")
    parser.add_argument("--user", default="workbook import", help="name for the audit log")
    parser.set_defaults(func=run_import)


def load_bundle() -> ContentBundle:
    """The shipped questionnaire (a function so tests can give their own)."""
    return load_default_bundle()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _open_store(path: Path) -> Store | str:
    if not path.is_file():
        return f"There is no database at {path}. Check the path and try again."
    from readiness.store import Store, StoreError  # noqa: PLC0415 - SQLite only when needed

    try:
        return Store(path)
    except StoreError as exc:
        return str(exc)


def _export(args: argparse.Namespace, kind: str) -> int:
    from readiness.services import COMMAND_LINE, workbooks  # noqa: PLC0415
    from readiness.store import StoreError  # noqa: PLC0415

    store = _open_store(args.db)
    if isinstance(store, str):
        return _error(store)
    try:
        round_ = store.get_round(args.round_id)
        if round_.partnership_id != args.partnership:
            return _error(
                f"The round {args.round_id} belongs to the partnership {round_.partnership_id}, "
                f"not {args.partnership}. Check the ids with `python -m readiness list`."
            )
        if args.agency is not None and args.agency not in {
            a.id for a in store.list_agencies(args.partnership)
        }:
            return _error(f"The agency {args.agency} is not a member of {args.partnership}.")
        bundle = load_bundle()
        if kind == "plan":
            data = workbooks.plan_workbook(
                COMMAND_LINE,
                store,
                bundle,
                args.round_id,
                generated_at=now(),
                agency_id=args.agency,
            )
        else:
            data = workbooks.pack_workbook(
                COMMAND_LINE,
                store,
                bundle,
                args.round_id,
                generated_at=now(),
                agency_id=args.agency,
            )
    except StoreError as exc:
        return _error(str(exc))
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    except OSError as exc:
        return _error(f"{args.output} cannot be written ({exc.strerror}).")
    print(f"Wrote {args.output} ({len(data) // 1024 + 1} KB).")
    return 0


def run_export_plan(args: argparse.Namespace) -> int:
    return _export(args, "plan")


def run_export_pack(args: argparse.Namespace) -> int:
    return _export(args, "pack")


def run_import(args: argparse.Namespace) -> int:
    from readiness.services import Actor, workbooks  # noqa: PLC0415
    from readiness.store import StoreError  # noqa: PLC0415

    path: Path = args.file
    try:  # capped while reading: a device or a pipe reports no size
        data = read_capped(path, MAX_READ_BYTES)
    except InputFileError as exc:
        return _error(str(exc))
    if len(data) > MAX_READ_BYTES:
        return _error(f"{path} is far too big to be a workbook from this tool.")
    store = _open_store(args.db)
    if isinstance(store, str):
        return _error(store)
    bundle = load_bundle()
    try:
        outcome = workbooks.preview(
            Actor(args.user),
            store,
            bundle,
            data,
            expected_partnership=args.partnership,
            expected_round=args.round_id,
        )
    except StoreError as exc:
        return _error(str(exc))
    if outcome.problems:
        count = len(outcome.problems)
        print(
            f"{path} was not imported because it has {count} problem"
            f"{'s' if count != 1 else ''}. Nothing was changed.",
            file=sys.stderr,
        )
        for problem in outcome.problems:
            print(f"- {problem}", file=sys.stderr)
        return 1
    changes = outcome.changes
    assert changes is not None  # noqa: S101 - no problems means a change set
    print(changes.summary())
    for row in changes.preview(bundle):
        old = row.old.replace("\n", " / ")
        new = row.new.replace("\n", " / ")
        print(f"- {row.item}\n    {row.field}: {old} -> {new}")
    if changes.is_empty:
        return 0
    if not args.yes:
        print("Nothing has been saved. Run again with --yes to save these changes.")
        return 0
    result = workbooks.apply(Actor(args.user), store, bundle, changes)  # and syncs the plan
    if not result.ok:
        return _error(result.summary())
    print(result.summary())
    return 0
