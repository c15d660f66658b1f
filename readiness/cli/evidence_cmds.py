"""``python -m readiness profile FILE... [--json]``: the SNA evidence profile of police.uk
street files (CSV or zip), optionally with health extracts to triangulate against."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from readiness.cli._input import InputFileError, read_capped
from readiness.evidence.area import PartnershipArea
from readiness.evidence.definition import (
    DEFAULT_DEFINITION,
    LOCAL_ID,
    SeriousViolenceDefinition,
)
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import DEFAULT_MAX_BYTES
from readiness.evidence.loaders import source_from_path
from readiness.evidence.police import read_police_files
from readiness.evidence.report import EvidenceReport, build_report, render_text
from readiness.evidence.suppress import DEFAULT_THRESHOLD
from readiness.safe_json import JsonInputError, check_values

MAX_DEFINITION_BYTES = 1024 * 1024


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "profile",
        help="Profile police.uk street files (and health extracts) for an SNA",
        description="Build the serious violence evidence profile from data.police.uk street-level "
        "CSV files or zips, with optional health extracts to compare against.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="street CSV files or zips")
    parser.add_argument("--json", action="store_true", help="print the profile as JSON")
    parser.add_argument("--area-name", default="", help="partnership name, for messages")
    parser.add_argument(
        "--local-authority",
        action="append",
        default=[],
        metavar="NAME",
        help="local authority in the partnership's area (repeatable)",
    )
    parser.add_argument(
        "--force",
        action="append",
        default=[],
        metavar="NAME",
        help="police force covering the area (repeatable)",
    )
    parser.add_argument(
        "--health",
        action="append",
        default=[],
        metavar="FILE",
        help="health extract (ISTV or ambulance CSV/XLSX), repeatable",
    )
    parser.add_argument(
        "--health-type",
        choices=["ed_istv", "ambulance"],
        default="ed_istv",
        help="what the --health files are (default: ed_istv)",
    )
    parser.add_argument(
        "--suppress",
        type=int,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help="hide counts below N in the output (default 5; 0 shows all)",
    )
    parser.add_argument(
        "--definition",
        metavar="FILE",
        help="the partnership's serious violence definition (YAML or JSON); "
        "see docs/evidence.md. Default: the core definition",
    )
    parser.add_argument(
        "--max-mb",
        type=int,
        default=DEFAULT_MAX_BYTES // (1024 * 1024),
        help="largest file accepted, in MB (default 200)",
    )
    parser.set_defaults(func=run_profile)


def _area(args: argparse.Namespace) -> PartnershipArea | None:
    if not args.local_authority and not args.force:
        return None
    name = args.area_name or ", ".join(args.local_authority) or "the partnership"
    return PartnershipArea(
        name=name, local_authorities=frozenset(args.local_authority), forces=frozenset(args.force)
    )


def build_from_args(args: argparse.Namespace) -> EvidenceReport:
    from readiness.evidence.health import read_health_files  # noqa: PLC0415

    if args.suppress < 0:
        raise EvidenceInputError(
            "--suppress must be 0 or more: it hides counts below that number (0 shows every count)."
        )
    if args.max_mb < 1:
        raise EvidenceInputError("--max-mb must be 1 or more.")
    max_bytes = args.max_mb * 1024 * 1024
    area = _area(args)
    problems: list[str] = []
    sources = []
    for path in args.files:
        try:
            sources.append(source_from_path(path))
        except EvidenceInputError as exc:
            problems.extend(exc.problems)
    health_sources = []
    for path in args.health:
        try:
            health_sources.append(source_from_path(path))
        except EvidenceInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise EvidenceInputError(problems)
    police = read_police_files(sources, area=area, max_bytes=max_bytes)
    health = (
        read_health_files(health_sources, kind=args.health_type, max_bytes=max_bytes)
        if health_sources
        else None
    )
    definition = load_definition(args.definition) if args.definition else DEFAULT_DEFINITION
    return build_report(police, health, threshold=args.suppress, definition=definition)


def load_definition(path: str) -> SeriousViolenceDefinition:
    """A definition file (YAML or JSON: the fields of ``SeriousViolenceDefinition``)."""
    try:  # a definition is small: read at most 1 MB, whatever the file claims
        raw = read_capped(Path(path), MAX_DEFINITION_BYTES)
        if len(raw) > MAX_DEFINITION_BYTES:
            raise EvidenceInputError(f"{path} is larger than 1 MB: it is not a definition file.")
        text = raw.decode("utf-8-sig")
    except (InputFileError, UnicodeDecodeError) as exc:
        raise EvidenceInputError(f"{path} could not be read: {exc}.") from exc
    try:
        data = yaml.safe_load(text)
        check_values(data, name=str(path))  # nesting, huge numbers, broken characters
    except yaml.YAMLError as exc:
        raise EvidenceInputError(f"{path} is not valid YAML or JSON: {exc}.") from exc
    except RecursionError as exc:
        raise EvidenceInputError(f"{path} is nested far too deeply to be a definition.") from exc
    except JsonInputError as exc:
        raise EvidenceInputError(str(exc)) from exc
    if not isinstance(data, dict):
        raise EvidenceInputError(
            f"{path} should hold the definition's fields (name, "
            "offence_codes, categories, police_uk_categories ...)."
        )
    try:
        return SeriousViolenceDefinition.model_validate({"id": LOCAL_ID, **data})
    except ValidationError as exc:
        raise EvidenceInputError(
            [
                f"{path}: {'.'.join(str(p) for p in e['loc']) or 'definition'}: "
                f"{str(e['msg']).removeprefix('Value error, ')}"
                for e in exc.errors()
            ]
        ) from exc


def run_profile(args: argparse.Namespace) -> int:
    try:
        report = build_from_args(args)
    except EvidenceInputError as exc:
        print("There is a problem with the files:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.model_dump(mode="json"), indent=2))
    else:
        print(render_text(report))
    return 0
