"""``python -m readiness score``: score an answers file (or a saved round) and print the result."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from readiness.answer_check import AnswerProblem, check_answers, parse_answer_set
from readiness.bundle import ContentBundle
from readiness.cli._input import MAX_ANSWERS_BYTES, read_json
from readiness.loading import load_default_bundle
from readiness.models import AnswerSet
from readiness.safe_json import JsonInputError
from readiness.scoring import ScoringResult, score

#: How many actions and gaps the human summary shows (the JSON has them all).
SHOWN = 10


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score an answers file or a saved assessment round",
        description=(
            "Score a partnership's answers and print the result: a summary by default, the full"
            " result with --json. Give an answers file, or --db with --partnership and --round."
        ),
    )
    parser.add_argument("answers", nargs="?", type=Path, metavar="ANSWERS.json")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.add_argument(
        "--db", type=Path, default=None, help="score a round saved in this database"
    )
    parser.add_argument("--partnership", default=None, help="partnership id (with --db)")
    parser.add_argument("--round", dest="round_id", default=None, help="round id (with --db)")
    parser.set_defaults(func=run_score)


def load_bundle() -> ContentBundle:
    """The shipped questionnaire (a function so tests can give their own)."""
    return load_default_bundle()


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _read_answer_set(path: Path) -> tuple[AnswerSet | None, list[AnswerProblem], str | None]:
    try:  # limited in size and nesting; NaN, huge numbers and broken text are refused
        data = read_json(path, MAX_ANSWERS_BYTES)
    except JsonInputError as exc:
        return None, [], str(exc)
    answer_set, problems = parse_answer_set(data)
    return answer_set, problems, None


def _store_answer_set(args: argparse.Namespace) -> tuple[AnswerSet | None, str | None]:
    """The answers of a saved round, read through the store (imported only when needed)."""
    if not args.partnership or not args.round_id:
        return None, "With --db, give both --partnership and --round."
    if not Path(args.db).is_file():
        return None, f"There is no database at {args.db}. Check the path and try again."
    try:
        from readiness.store import Store  # noqa: PLC0415 - keeps SQLite out of plain scoring
        from readiness.store.errors import StoreError  # noqa: PLC0415
    except ImportError:
        return None, "Scoring a saved round needs the database store, which is not installed."
    reader = getattr(Store(args.db), "round_answer_set", None)
    if reader is None:
        return None, "This version of the store cannot read a round's answers yet."
    try:
        answer_set = reader(args.round_id)
    except (StoreError, LookupError, ValueError) as exc:
        return None, f"Round '{args.round_id}' cannot be scored: {exc}"
    if not isinstance(answer_set, AnswerSet):
        return None, f"Round '{args.round_id}' did not give a set of answers to score."
    return answer_set, None


def run_score(args: argparse.Namespace) -> int:
    if args.db is not None:
        if args.answers is not None:
            return _error("Give either an answers file or --db, not both.")
        answer_set, message = _store_answer_set(args)
        problems: list[AnswerProblem] = []
    elif args.answers is None:
        return _error(
            "Give an answers file (ANSWERS.json), or --db with --partnership and --round."
        )
    else:
        answer_set, problems, message = _read_answer_set(args.answers)
    if message is not None:
        return _error(message)
    bundle = load_bundle()
    if answer_set is not None and not problems:
        problems = check_answers(bundle, answer_set)
    if problems or answer_set is None:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"The answers cannot be scored. Found {len(problems)} {noun}:", file=sys.stderr)
        for problem in problems:
            print(f"- {problem.location}: {problem.message}", file=sys.stderr)
        return 1
    result = score(bundle, answer_set.answers, answer_set.context())
    if args.json:
        print(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    else:
        print(summary(result))
    return 0


def _pct(value: float | None) -> str:
    return "none" if value is None else f"{round(100 * value)}%"


def _maturity(value: float | None) -> str:
    return "not answered" if value is None else f"{value:.2f}"


def summary(result: ScoringResult) -> str:
    """A plain-text summary of the result for the terminal."""
    o, c = result.overall, result.compliance
    lines = [
        f"Readiness result for {result.nation.capitalize()} as of {result.as_of.isoformat()}"
        f" ({result.questionnaire_id} version {result.questionnaire_version})",
        "",
        f"Overall maturity: {_maturity(o.maturity)} ({o.label}); assured "
        f"{_maturity(o.assured_maturity)} ({o.assured_label}); {o.answered} of "
        f"{o.applicable - o.not_applicable} questions answered ({_pct(o.coverage)}).",
        f"Statutory compliance: {c.band}. {c.summary}",
    ]
    if c.next_band is not None:
        lines.append(f"To reach '{c.next_band}': {c.next_band_needs or ''}".rstrip())
        for blocker in c.blockers:
            ids = ", ".join(blocker.requirement_ids)
            lines.append(
                f"  - {blocker.question_id} ({ids}): {blocker.current}. {blocker.how_to_unblock}"
            )
    lines += ["", "Domains:"]
    for d in result.domains:
        lines.append(
            f"  - {d.title}: {_maturity(d.maturity)} ({d.label}), assured "
            f"{_maturity(d.assured_maturity)}, {d.answered} of {d.applicable - d.not_applicable}"
            f" answered"
        )
    lines += ["", f"Disagreements between agencies: {len(result.disagreements)}"]
    for item in result.disagreements[:SHOWN]:
        views = "; ".join(f"{v.agency} {v.label}" for v in item.views)
        lines.append(f"  - {item.question_id}: {views}")
    sna = result.sna
    coverage = "not assessed" if sna.coverage is None else f"{sna.coverage:g}%"
    lines += ["", f"SNA coverage: {coverage}; {len(sna.gaps)} gaps."]
    lines += [f"  - {gap.text}" for gap in sna.gaps[:SHOWN]]
    lines += ["", "Deadlines:"]
    lines += [f"  - {d.title}: {d.status.replace('_', ' ')}. {d.message}" for d in result.deadlines]
    lines += ["", f"Draft actions: {len(result.actions)} (the first {SHOWN} shown)"]
    for a in result.actions[:SHOWN]:
        lines.append(f"  {a.priority}. [{a.owner_role}, by {a.due.isoformat()}] {a.text}")
    lines += ["", "Run with --json for the full result."]
    return "\n".join(lines)
