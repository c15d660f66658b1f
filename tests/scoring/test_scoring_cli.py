"""``python -m readiness score``: what a user sees at the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.loading import load_default_bundle
from readiness.scoring.samples import sample_answer_set

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    answer_set = sample_answer_set(load_default_bundle(), "developing")
    path.write_text(answer_set.model_dump_json(indent=2), encoding="utf-8")
    return path


def test_summary_by_default(answers_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(answers_file)]) == 0
    out = capsys.readouterr().out
    assert "Overall maturity:" in out
    assert "Statutory compliance:" in out
    assert "Draft actions:" in out


def test_full_result_with_json(answers_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(answers_file), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["compliance"]["band"] in ("Not met", "Approaching", "Met", "Exceeded")
    assert {"maturity", "label", "coverage", "assured_maturity"} <= set(result["overall"])
    assert {"id", "maturity", "label", "coverage", "uplift"} <= set(result["domains"][0])
    assert {"coverage", "components", "sources", "gaps"} <= set(result["sna"])
    assert {"id", "priority", "question_id", "requirement_ids", "owner_role", "due", "text"} <= set(
        result["actions"][0]
    )


def test_invalid_file_lists_every_problem_and_gives_no_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = load_default_bundle()
    data = {
        "questionnaire_id": bundle.questionnaire.id,
        "questionnaire_version": bundle.questionnaire.version,
        "as_of": "2025-06-30",
        "nation": "england",
        "answers": [
            {"agency": "Anytown Police", "role": "police", "question_id": "no.such", "value": 1},
            {
                "agency": "Anytown Police",
                "role": "police",
                "question_id": "leadership.partnership_agreed",
                "value": 9,
            },
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["score", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Found 2 problems" in captured.err
    assert "answers[0] (agency 'Anytown Police', question 'no.such')" in captured.err
    assert "Level 9 is out of range" in captured.err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON: Expecting property name enclosed in double quotes"),
        ("[]", "must be a JSON object"),
        (None, "There is no file at"),
    ],
    ids=["unreadable JSON", "JSON that is not an object", "a file that does not exist"],
)
def test_unreadable_files_get_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "answers.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["score", str(path)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["score"], "Give an answers file"),
        (["score", "--db", "x.db"], "give both --partnership and --round"),
        (["score", "--db", "missing.db", "--partnership", "p", "--round", "r"], "no database"),
        (["score", "a.json", "--db", "x.db"], "not both"),
    ],
    ids=["nothing to score", "--db without a round", "--db that does not exist", "file and --db"],
)
def test_argument_mistakes(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_python_m_readiness_score_runs(answers_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "readiness", "score", str(answers_file), "--json"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["questionnaire_id"] == "svd-readiness"
