"""The README's promises: two set-up commands, CI runs the test one, the example is valid."""

from __future__ import annotations

import json
import re
from pathlib import Path

from readiness.answer_check import check_answers, parse_answer_set
from readiness.loading import load_default_bundle

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _bash_blocks() -> list[str]:
    return re.findall(r"```bash\n(.*?)```", README, re.S)


def test_the_two_set_up_commands_come_first() -> None:
    run_app, run_tests = _bash_blocks()[:2]
    assert run_app.strip().endswith(".venv/bin/streamlit run streamlit_app.py")
    assert run_tests.strip().endswith(".venv/bin/python -m pytest")
    assert run_app.strip().startswith("python3 -m venv .venv")
    assert run_tests.strip().startswith("python3 -m venv .venv")


def test_ci_runs_the_readme_test_command() -> None:
    run_tests = _bash_blocks()[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci


def test_the_answers_file_example_is_valid() -> None:
    block = re.search(r"```json\n(.*?)```", README, re.S)
    assert block is not None
    answer_set, problems = parse_answer_set(json.loads(block.group(1)))
    assert problems == []
    assert answer_set is not None
    assert check_answers(load_default_bundle(), answer_set) == []
