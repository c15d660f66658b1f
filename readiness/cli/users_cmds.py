"""Commands about people and their roles: ``users add``, ``users remove`` and ``users list``.

These work on the database directly, for an administrator of the machine (the command line
acts in open mode). ``--db`` defaults to ``READINESS_DB``, or ``data/readiness.db``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from readiness.access.policy import ROLE_NAMES, Grant, Role
from readiness.services.actor import COMMAND_LINE
from readiness.services.people import add_person, list_people, make_grant, parse_role, remove_person
from readiness.settings import ADMINS_VAR, settings
from readiness.store import Store

_SCOPE_WORDS = (("region_id", "region"), ("partnership_id", "partnership"), ("agency_id", "agency"))


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help="the database file (default: $READINESS_DB or data/readiness.db)",
    )


def register(subparsers: Any) -> None:
    roles = ", ".join(r.value for r in Role)
    users = subparsers.add_parser(
        "users",
        help="give people roles, take them away, list who holds which",
        description=f"People are identified by e-mail address. The roles are: {roles}.",
    )
    commands = users.add_subparsers(dest="users_command", metavar="add|remove|list", required=True)

    add = commands.add_parser(
        "add",
        help="give a person a role",
        description="A region lead names --region; a partnership lead, analyst or viewer names"
        " --partnership; a respondent names --partnership and --agency; an administrator names"
        " nothing.",
    )
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, metavar="ROLE", help=roles)
    add.add_argument("--region", metavar="ID", default=None)
    add.add_argument("--partnership", metavar="ID", default=None)
    add.add_argument("--agency", metavar="ID", default=None)
    _add_db(add)
    add.set_defaults(func=run_add)

    remove = commands.add_parser(
        "remove",
        help="take away a person's roles (all of them, or those named with --role)",
    )
    remove.add_argument("email", metavar="EMAIL")
    remove.add_argument(
        "--role", action="append", default=[], metavar="ROLE", help="repeat for several"
    )
    _add_db(remove)
    remove.set_defaults(func=run_remove)

    list_ = commands.add_parser("list", help="everyone who holds a role")
    list_.add_argument("--json", action="store_true", help="print a JSON list")
    _add_db(list_)
    list_.set_defaults(func=run_list)


def _store(args: argparse.Namespace) -> Store:
    path: Path = args.db if args.db is not None else settings().db_path
    return Store(path)


def describe(grant: Grant) -> str:
    """A grant in words: "Respondent for an agency (partnership p-ashby, agency a-police)"."""
    scope = [f"{word} {getattr(grant, f)}" for f, word in _SCOPE_WORDS if getattr(grant, f)]
    return ROLE_NAMES[grant.role] + (f" ({', '.join(scope)})" if scope else "")


def run_add(args: argparse.Namespace) -> int:
    grant = make_grant(
        args.email,
        args.role,
        region_id=args.region,
        partnership_id=args.partnership,
        agency_id=args.agency,
    )
    if add_person(COMMAND_LINE, _store(args), grant):
        print(f"{grant.email} is now {describe(grant)}.")
    else:
        print(f"{grant.email} is already {describe(grant)}. Nothing was changed.")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    roles = [parse_role(text) for text in args.role]
    removed = remove_person(COMMAND_LINE, _store(args), args.email, roles)
    for stored in removed:
        print(f"{stored.grant.email} is no longer {describe(stored.grant)}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    admins = settings().admins
    found = list_people(COMMAND_LINE, _store(args))
    if args.json:
        keys = ("email", "role", "region_id", "partnership_id", "agency_id")
        rows = [{k: s.grant.model_dump(mode="json")[k] for k in keys} for s in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found and not admins:
        print(
            "No one holds a role yet. Give the first administrator one with "
            "`python -m readiness users add EMAIL --role administrator`, or name them in "
            f"{ADMINS_VAR}."
        )
        return 0
    for email in admins:
        print(f"{email}: Administrator (from the setting {ADMINS_VAR})")
    for s in found:
        given = f"given by {s.granted_by} on {s.granted_at.date().isoformat()}"
        print(f"{s.grant.email}: {describe(s.grant)}, {given}")
    return 0
