"""Command line: ``python -m readiness COMMAND ...``.

Each group of commands lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands; every sub-command sets ``func`` to a callable taking the parsed
arguments and returning an exit code. Commands print plain-English problems, never tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from readiness.cli import (
    compare_cmds,
    content_cmds,
    evidence_cmds,
    excel_cmds,
    report_cmds,
    scoring_cmds,
    store_cmds,
    users_cmds,
)
from readiness.errors import ReadinessError

_GROUPS = [
    content_cmds,
    scoring_cmds,
    store_cmds,
    excel_cmds,
    compare_cmds,
    evidence_cmds,
    report_cmds,
    users_cmds,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m readiness",
        description="Serious Violence Duty readiness assessment: content, scoring and data.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in _GROUPS:
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except ReadinessError as exc:  # expected problems carry a message written for users
        print(str(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # last resort: a short message, never a traceback
        print(f"Sorry, something went wrong: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    return code
