"""A small synthetic questionnaire whose every number is easy to check by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from readiness.bundle import ContentBundle
from readiness.models import (
    Answer,
    PartnershipContext,
    Questionnaire,
    RecordedDates,
    RequirementCatalogue,
    RoleVocabulary,
)

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 6, 30)

_LEVELS = {
    "not_started": "Nothing in place.",
    "emerging": "Intent agreed.",
    "developing": "Partly in place.",
    "established": "In place.",
    "embedded": "Sustained and reviewed.",
}


def _requirement(rid: str, level: str, nations: list[str] | None = None) -> dict[str, Any]:
    return {
        "id": rid,
        "title": f"Requirement {rid}",
        "summary": "A requirement for tests.",
        "level": level,
        "applies_to": ["partnership"],
        "evidence": "Documents.",
        "source": "Tests",
        "confidence": ["V"],
        "nations": nations or ["england", "wales"],
    }


def _question(qid: str, qtype: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "text": f"How far is {qid} in place?",
        "guidance": "Guidance.",
        "requirements": ["SVD-GUI-01"],
        "roles": ["police", "local_authority", "partnership_lead"],
        "action": {
            "text": f"Put {qid} in place.",
            "owner_role": "partnership_lead",
            "timescale_months": 6,
            "success_measure": f"{qid} in place.",
        },
    }
    if qtype == "scale":
        base["levels"] = _LEVELS
    base.update(extra)
    return base


def questionnaire_data() -> dict[str, Any]:
    return {
        "kind": "questionnaire",
        "id": "synthetic",
        "version": "1.0",
        "title": "Synthetic questionnaire",
        "effective_date": "2025-01-01",
        "description": "For tests.",
        "combine": "median",
        "domains": [
            {
                "id": "gov",
                "title": "Governance",
                "purpose": "Tests.",
                "weight": 2.0,
                "questions": [
                    _question("gov.duty", "scale", weight=2.0, requirements=["SVD-LEG-01"]),
                    _question("gov.second_duty", "yes_partly_no", requirements=["SVD-LEG-03"]),
                    _question("gov.england_duty", "scale", requirements=["SVD-LEG-02"]),
                    _question("gov.plan", "scale", allow_na=True),
                ],
            },
            {
                "id": "data",
                "title": "Data",
                "purpose": "Tests.",
                "questions": [
                    _question("data.sharing", "scale", combine="minimum"),
                    _question(
                        "data.choice",
                        "single_choice",
                        options=[
                            {"id": "low", "label": "Low", "score": 1},
                            {"id": "high", "label": "High", "score": 4},
                        ],
                    ),
                    _question(
                        "data.share",
                        "multi_choice",
                        options=[
                            {"id": "a", "label": "A", "score": 1},
                            {"id": "b", "label": "B", "score": 1},
                            {"id": "c", "label": "C", "score": 1},
                            {"id": "d", "label": "D", "score": 1},
                            {"id": "none", "label": "None of these", "exclusive": True},
                        ],
                        scoring={"rule": "share"},
                    ),
                    _question(
                        "data.count",
                        "multi_choice",
                        options=[{"id": f"o{i}", "label": f"O{i}", "score": 1} for i in range(6)],
                        scoring={"rule": "thresholds", "thresholds": [1, 2, 4, 6]},
                    ),
                    _question(
                        "data.percent",
                        "number",
                        minimum=0,
                        maximum=100,
                        bands=[
                            {"min": 0, "score": 0},
                            {"min": 50, "score": 2},
                            {"min": 90, "score": 4},
                        ],
                    ),
                    _question("data.headcount", "number", minimum=0),
                    _question("data.sna_date", "date", context_date="sna_completed"),
                    _question("data.notes", "text", max_length=20),
                    _question(
                        "data.sources",
                        "sna_data_sources",
                        combine="lead",
                        sources=[
                            {
                                "id": "police_crime",
                                "name": "Police recorded crime",
                                "owner_role": "police",
                                "description": "Crimes.",
                                "critical": True,
                            },
                            {
                                "id": "housing",
                                "name": "Housing data",
                                "owner_role": "local_authority",
                                "description": "Housing.",
                            },
                        ],
                    ),
                ],
            },
            {
                "id": "sna",
                "title": "Needs assessment",
                "purpose": "Tests.",
                "questions": [
                    _question("sna.scope", "scale", sna_component="C1"),
                    _question("sna.people", "yes_partly_no", sna_component="C4"),
                ],
            },
            {
                "id": "wales",
                "title": "Wales",
                "purpose": "Tests.",
                "nations": ["wales"],
                "questions": [_question("wales.only", "scale")],
            },
        ],
    }


def catalogue() -> RequirementCatalogue:
    return RequirementCatalogue.model_validate(
        {
            "kind": "requirements",
            "version": "1",
            "requirements": [
                _requirement("SVD-LEG-01", "legal_duty"),
                _requirement("SVD-LEG-02", "legal_duty", ["england"]),
                _requirement("SVD-LEG-03", "legal_duty"),
                _requirement("SVD-GUI-01", "guidance"),
            ],
        }
    )


def roles() -> RoleVocabulary:
    text = (ROOT / "questionnaires" / "roles.yaml").read_text(encoding="utf-8")
    return RoleVocabulary.model_validate(yaml.safe_load(text))


def bundle(data: dict[str, Any] | None = None) -> ContentBundle:
    questionnaire = Questionnaire.model_validate(data or questionnaire_data())
    return ContentBundle(questionnaire, catalogue(), roles())


def context(**extra: Any) -> PartnershipContext:
    dates = extra.pop("dates", RecordedDates())
    return PartnershipContext(
        nation=extra.pop("nation", "england"), as_of=AS_OF, dates=dates, **extra
    )


AGENCY_ROLES = {
    "Anytown Police": "police",
    "Anytown Council": "local_authority",
    "Anytown Partnership": "partnership_lead",
}


def answer(qid: str, value: Any, agency: str = "Anytown Police", **extra: Any) -> Answer:
    return Answer(agency=agency, role=AGENCY_ROLES[agency], question_id=qid, value=value, **extra)


def evidenced(qid: str, value: Any, agency: str = "Anytown Police") -> Answer:
    return answer(qid, value, agency, evidence="Signed agreement, March 2025.")


STATUTORY = ("gov.duty", "gov.second_duty", "gov.england_duty")


def all_duties(value_scale: int, value_ypn: str, *, with_evidence: bool) -> list[Answer]:
    """One agency's answers to the three legal-duty questions."""
    make = evidenced if with_evidence else answer
    return [
        make("gov.duty", value_scale),
        make("gov.second_duty", value_ypn),
        make("gov.england_duty", value_scale),
    ]
