"""Commands about the Duty's content: ``validate``, ``describe`` and ``schemas``."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from readiness import what_works
from readiness.bundle import ContentBundle
from readiness.loading import load_paths
from readiness.schemas import write_schemas


def register(subparsers: Any) -> None:
    validate = subparsers.add_parser(
        "validate",
        help="check questionnaire, requirements and roles files",
        description=(
            "Check content files and report every problem. With no PATH the shipped files in"
            " questionnaires/ are checked; kinds you do not give come from the shipped files."
        ),
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.set_defaults(func=run_validate)

    describe = subparsers.add_parser("describe", help="summarise the shipped questionnaire")
    describe.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    describe.add_argument("--json", action="store_true", help="print one JSON object")
    describe.set_defaults(func=run_describe)

    schemas = subparsers.add_parser(
        "schemas", help="write the JSON Schemas for content and answers files"
    )
    schemas.add_argument(
        "--out", type=Path, default=None, help="folder (default questionnaires/schema)"
    )
    schemas.set_defaults(func=run_schemas)


def run_validate(args: argparse.Namespace) -> int:
    content, extra = what_works.split_paths(args.paths)
    bundle, problems = load_paths(content)
    if bundle is not None:
        problems = what_works.validate_paths(extra, bundle)
        bundle = None if problems else bundle
    if bundle is None:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"Found {len(problems)} {noun}:")
        for problem in problems:
            print(f"- {problem}")
        return 1
    summary = describe(bundle)
    print(
        f"Valid: {summary['title']} version {summary['version']}, {summary['domains']} domains,"
        f" {summary['questions']} questions, {summary['requirements']} requirements"
        f" ({summary['legal_duties']} legal duties, all tested), and the what-works file."
    )
    return 0


def describe(bundle: ContentBundle) -> dict[str, Any]:
    questionnaire = bundle.questionnaire
    questions = questionnaire.questions()
    statutory = [q for q in questions if q.scored and bundle.is_statutory(q)]
    return {
        "questionnaire_id": questionnaire.id,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "effective_date": questionnaire.effective_date.isoformat(),
        "domains": len(questionnaire.domains),
        "questions": len(questions),
        "scored_questions": sum(1 for q in questions if q.scored),
        "statutory_questions": len(statutory),
        "question_types": dict(sorted(Counter(q.type for q in questions).items())),
        "requirements": len(bundle.catalogue.requirements),
        "legal_duties": len(bundle.catalogue.legal_duties()),
        "uncovered_legal_duties": bundle.uncovered_legal_duties(),
        "roles": len(bundle.roles.roles),
        "domain_list": [
            {
                "id": d.id,
                "title": d.title,
                "questions": len(d.questions),
                "weight": d.weight,
                "nations": d.nations,
            }
            for d in questionnaire.domains
        ],
    }


def run_describe(args: argparse.Namespace) -> int:
    bundle, problems = load_paths(args.paths)
    if bundle is None:
        for problem in problems:
            print(f"- {problem}")
        return 1
    summary = describe(bundle)
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"{summary['title']} (id {summary['questionnaire_id']}, version {summary['version']})")
    print(
        f"{summary['domains']} domains, {summary['questions']} questions"
        f" ({summary['statutory_questions']} statutory), {summary['requirements']} requirements,"
        f" {summary['legal_duties']} legal duties"
    )
    for domain in summary["domain_list"]:
        only = "" if len(domain["nations"]) == 2 else f" ({', '.join(domain['nations'])} only)"
        print(f"  {domain['id']:<14} {domain['questions']:>3} questions  {domain['title']}{only}")
    uncovered = summary["uncovered_legal_duties"]
    print("Every legal duty is tested." if not uncovered else f"Not tested: {', '.join(uncovered)}")
    return 0


def run_schemas(args: argparse.Namespace) -> int:
    for path in write_schemas(args.out):
        print(f"Wrote {path}")
    return 0
