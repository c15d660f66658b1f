"""Golden files: three complete answer sets for the real questionnaire, with their full results.

The results are compared in full. They change only deliberately: run

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/scoring/test_scoring_golden.py

to regenerate both the answer sets and the expected results, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from readiness.answer_check import check_answers, parse_answer_set
from readiness.loading import load_default_bundle
from readiness.scoring import score
from readiness.scoring.samples import Profile, sample_answer_set

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES: list[tuple[Profile, str, dt.date]] = [
    ("starting", "england", dt.date(2024, 3, 31)),
    ("developing", "england", dt.date(2025, 6, 30)),
    ("mature", "wales", dt.date(2025, 9, 30)),
]


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("profile", "nation", "as_of"),
    CASES,
    ids=[
        "a partnership just starting (England)",
        "a developing partnership (England)",
        "a mature partnership (Wales)",
    ],
)
def test_golden_result(profile: Profile, nation: str, as_of: dt.date) -> None:
    bundle = load_default_bundle()
    answers_path = GOLDEN / f"scoring-{profile}.answers.json"
    result_path = GOLDEN / f"scoring-{profile}.result.json"
    if UPDATE:
        generated = sample_answer_set(bundle, profile, nation=nation, as_of=as_of)  # type: ignore[arg-type]
        _write(answers_path, generated.model_dump(mode="json"))
    answer_set, problems = parse_answer_set(json.loads(answers_path.read_text(encoding="utf-8")))
    assert problems == []
    assert answer_set is not None
    assert check_answers(bundle, answer_set) == []
    result = score(bundle, answer_set.answers, answer_set.context()).to_json_dict()
    if UPDATE:
        _write(result_path, result)
    expected = json.loads(result_path.read_text(encoding="utf-8"))
    assert result == expected, (
        f"The result for the {profile} partnership changed. If the change is intended, "
        "run UPDATE_GOLDEN=1 .venv/bin/pytest tests/scoring/test_scoring_golden.py and review "
        "the diff of tests/golden/."
    )


def test_golden_partnerships_tell_apart() -> None:
    results = {
        profile: json.loads((GOLDEN / f"scoring-{profile}.result.json").read_text(encoding="utf-8"))
        for profile, _, _ in CASES
    }
    maturities = [results[p]["overall"]["maturity"] for p in ("starting", "developing", "mature")]
    assert maturities == sorted(maturities)
    assert results["starting"]["compliance"]["band"] == "Not met"
    assert results["mature"]["compliance"]["band"] == "Exceeded"
    assert any(d["id"] == "wales" for d in results["mature"]["domains"])
