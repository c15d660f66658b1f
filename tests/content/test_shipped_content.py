"""The shipped questionnaire, requirements and roles meet the foundation's promises."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from readiness.bundle import ContentBundle
from readiness.loading import load_default_bundle
from readiness.models import DataSourceMatrixQuestion, ScaleQuestion

ROOT = Path(__file__).resolve().parents[2]

SPECIFIED_AUTHORITIES = {
    "police",
    "fire_rescue",
    "local_authority",
    "icb",
    "local_health_board",
    "youth_justice",
    "probation",
}


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_default_bundle()


def test_every_requirement_in_the_catalogue_is_there(bundle: ContentBundle) -> None:
    ids = [r.id for r in bundle.catalogue.requirements]
    assert len(ids) == 81
    prefixes = Counter(i.split("-")[1] for i in ids)
    assert prefixes == {
        "PART": 10, "DEF": 5, "DATA": 8, "SNA": 10, "STR": 11, "PUB": 5, "REV": 4,
        "CONS": 4, "ENG": 4, "CSP": 6, "WAL": 6, "LPB": 4, "MON": 4,
    }  # fmt: skip


def test_the_compliance_gates_are_the_legal_duties(bundle: ContentBundle) -> None:
    gates = {r.id for r in bundle.catalogue.legal_duties()}
    assert gates == {
        "SVD-PART-01", "SVD-PART-02", "SVD-DEF-01", "SVD-DEF-02", "SVD-DEF-03", "SVD-DATA-02",
        "SVD-DATA-08", "SVD-SNA-01", "SVD-STR-01", "SVD-STR-02", "SVD-PUB-01", "SVD-PUB-02",
        "SVD-PUB-03", "SVD-REV-01", "SVD-CONS-01", "SVD-CONS-02", "SVD-CONS-03", "SVD-CSP-01",
        "SVD-CSP-04", "SVD-MON-01", "SVD-WAL-01", "SVD-LPB-03",
    }  # fmt: skip
    assert bundle.uncovered_legal_duties() == []


def test_size_and_shape(bundle: ContentBundle) -> None:
    q = bundle.questionnaire
    assert len(q.domains) >= 10
    assert len(q.questions()) >= 70
    assert {d.id for d in q.domains} >= {
        "leadership", "definition", "data", "sna", "strategy", "consultation", "engagement",
        "review", "publication", "resources", "csp", "wales",
    }  # fmt: skip
    assert {q.type for q in q.questions()} == {
        "scale", "yes_partly_no", "single_choice", "multi_choice", "number", "date", "text",
        "sna_data_sources",
    }  # fmt: skip


def test_statutory_questions_are_scored_and_can_be_acted_on(bundle: ContentBundle) -> None:
    for question in bundle.questionnaire.questions():
        if any(bundle.requirements[r].is_legal_duty for r in question.requirements):
            assert question.scored, f"{question.id} tests a legal duty but is not scored"
        if question.scored:
            assert question.action is not None, question.id


def test_sna_covers_all_eleven_components_once(bundle: ContentBundle) -> None:
    tagged = Counter(q.sna_component for q in bundle.questionnaire.questions() if q.sna_component)
    assert sorted(tagged, key=lambda c: int(c[1:])) == [f"C{i}" for i in range(1, 12)]
    assert set(tagged.values()) == {1}


def test_data_source_matrix_has_at_least_15_sources(bundle: ContentBundle) -> None:
    matrices = [
        q for q in bundle.questionnaire.questions() if isinstance(q, DataSourceMatrixQuestion)
    ]
    assert len(matrices) == 1
    names = " ".join(s.name.lower() for s in matrices[0].sources)
    assert len(matrices[0].sources) >= 15
    for expected in ("police", "ambulance", "hospital", "education", "social care", "probation"):
        assert expected in names
    assert "youth justice" in names or "youth offending" in names


def test_every_scale_level_is_described_and_distinct(bundle: ContentBundle) -> None:
    for question in bundle.questionnaire.questions():
        if isinstance(question, ScaleQuestion):
            texts = question.levels.as_list()
            assert len(set(texts)) == 5, f"{question.id} repeats a level descriptor"


def test_wales_questions_only_in_wales_and_never_for_an_icb(bundle: ContentBundle) -> None:
    wales = next(d for d in bundle.questionnaire.domains if d.id == "wales")
    assert wales.nations == ["wales"]
    for question in wales.questions:
        assert "icb" not in question.roles
    england_questions = {
        q.id for role in bundle.role_by_id for q in bundle.questions_for(role, "england")
    }
    assert not any(qid.startswith("wales.") for qid in england_questions)
    assert bundle.questions_for("local_health_board", "england") == []
    assert bundle.questions_for("icb", "wales") == []


def test_every_specified_authority_has_questions_to_answer(bundle: ContentBundle) -> None:
    for role in SPECIFIED_AUTHORITIES:
        nation = "wales" if role == "local_health_board" else "england"
        assert len(bundle.questions_for(role, nation)) >= 10, role
    for role in ("education", "prison", "youth_custody", "partnership_lead"):
        assert bundle.questions_for(role, "england"), role


def test_describe_json_reports_the_counts() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "readiness", "describe", "--json"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    summary = json.loads(result.stdout)
    assert summary["questionnaire_id"] == "svd-readiness"
    assert summary["version"] == "1.0"
    assert summary["domains"] >= 10
    assert summary["questions"] >= 70
    assert summary["requirements"] == 81
    assert summary["legal_duties"] == 22
    assert summary["uncovered_legal_duties"] == []


def test_validate_passes_on_the_shipped_files() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "readiness", "validate"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Valid:")
