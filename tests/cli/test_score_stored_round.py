"""Scoring a stored round gives the same JSON as scoring the same answers from a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.loading import load_default_bundle
from readiness.scoring import score
from readiness.store import Store


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "demo.db"
    Store(path).load_demo()
    return path


def test_stored_round_scores_like_its_answers_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(demo_db)
    partnership = store.list_partnerships()[0]
    round_ = store.latest_round(partnership.id)
    assert round_ is not None
    assert main(
        ["score", "--db", str(demo_db), "--partnership", partnership.id, "--round", round_.id,
         "--json"]
    ) == 0  # fmt: skip
    from_db = json.loads(capsys.readouterr().out)

    answer_set = store.round_answer_set(round_.id)
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(answer_set.model_dump_json(), encoding="utf-8")
    assert main(["score", str(answers_file), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)

    assert from_db == from_file
    direct = score(load_default_bundle(), answer_set.answers, answer_set.context())
    assert from_db["compliance"]["band"] == direct.compliance.band
    assert from_db["overall"]["maturity"] == direct.overall.maturity


def test_unknown_round_is_a_clear_message(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["score", "--db", str(demo_db), "--partnership", "nope", "--round", "nope"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert "nope" in captured.out + captured.err
