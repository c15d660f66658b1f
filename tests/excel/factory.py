"""A small, fixed partnership round for workbook tests (no database needed).

The ids here are also the ids of the database the CLI tests build, and of the committed
bad-file corpus in ``tests/excel/bad/`` (see ``make_corpus.py``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from readiness.bundle import ContentBundle
from readiness.excel.source import WorkbookSource
from readiness.loading import load_default_bundle
from readiness.models import Answer, PartnershipContext
from readiness.scoring import ScoringResult, score
from readiness.store.records import Agency, Partnership, Round, StoredAction, StoredAnswer

PARTNERSHIP = "test-csp"
ROUND = "test-csp-2026"
POLICE = "test-police"
COUNCIL = "test-council"
LEAD = "test-lead"
GENERATED = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 10, 1)
UPDATED = dt.datetime(2026, 10, 5, 14, 0, tzinfo=dt.UTC)


@cache
def bundle() -> ContentBundle:
    return load_default_bundle()


def partnership() -> Partnership:
    return Partnership(
        id=PARTNERSHIP,
        name="Testshire Community Safety Partnership",
        region_id="test-region",
        nation="england",
        lead_agency_id=LEAD,
    )


def agencies() -> list[Agency]:
    return [
        Agency(id=POLICE, name="Testshire Police", role_id="police"),
        Agency(id=COUNCIL, name="Testshire Council", role_id="local_authority"),
        Agency(id=LEAD, name="Testshire CSP team", role_id="partnership_lead"),
    ]


def round_(status: str = "open", version: str | None = None) -> Round:
    return Round.model_validate(
        {
            "id": ROUND,
            "partnership_id": PARTNERSHIP,
            "questionnaire_id": "svd-readiness",
            "questionnaire_version": version or bundle().questionnaire.version,
            "label": "2026/27",
            "as_of": AS_OF,
            "status": status,
            "created_at": UPDATED,
        }
    )


def sample_value(question_id: str, agency_index: int = 0) -> Any:
    """A valid value for any question type (varies a little by agency)."""
    q = bundle().questions[question_id]
    kind = q.type
    if kind == "scale":
        return (agency_index + len(question_id)) % 5
    if kind == "yes_partly_no":
        return ("yes", "partly", "no")[agency_index % 3]
    if kind == "single_choice":
        return q.options[agency_index % len(q.options)].id  # type: ignore[union-attr]
    if kind == "multi_choice":
        options = [o for o in q.options if not o.exclusive]  # type: ignore[union-attr]
        return [o.id for o in options[: 2 + agency_index % 2]]
    if kind == "number":
        low = q.minimum if q.minimum is not None else 0  # type: ignore[union-attr]
        return int(low) + 3
    if kind == "date":
        return "2025-06-30"
    if kind == "text":
        return '=HYPERLINK("http://evil") is text, not a formula'
    sources = q.sources  # type: ignore[union-attr]
    return {
        sources[0].id: {
            "availability": "record_level",
            "timeliness": "current",
            "granularity": "point",
            "agreement": True,
            "used_in_sna": True,
        },
        sources[1].id: {
            "availability": "aggregate",
            "timeliness": "unknown",
            "granularity": "none",
            "agreement": False,
            "used_in_sna": False,
        },
    }


def answers(every: int = 2) -> list[StoredAnswer]:
    """Answers to every ``every``-th question of each agency, with evidence and comments."""
    out = []
    for index, agency in enumerate(agencies()):
        for n, q in enumerate(bundle().questions_for(agency.role_id, "england")):
            if n % every:
                continue
            out.append(
                StoredAnswer(
                    round_id=ROUND,
                    agency_id=agency.id,
                    question_id=q.id,
                    value=sample_value(q.id, index),
                    evidence="@SUM(A1) board minutes, March" if n % 4 == 0 else "",
                    evidence_links=["https://example.org/minutes"] if n % 3 == 0 else [],
                    comment="-2 means two fewer" if n % 5 == 0 else "",
                    updated_by="Alex Smith",
                    updated_at=UPDATED,
                    revision=1,
                )
            )
    return out


def result(answer_list: list[StoredAnswer] | None = None) -> ScoringResult:
    names = {a.id: a for a in agencies()}
    rows = [
        Answer(
            agency=names[a.agency_id].name,
            role=names[a.agency_id].role_id,
            question_id=a.question_id,
            value=a.value,
            evidence=a.evidence,
            evidence_links=a.evidence_links,
            comment=a.comment,
        )
        for a in (answers() if answer_list is None else answer_list)
    ]
    context = PartnershipContext(nation="england", as_of=AS_OF, lead_agency="Testshire CSP team")
    return score(bundle(), rows, context)


def actions(count: int | None = None) -> list[StoredAction]:
    drafts = result().actions
    owners = {"police": POLICE, "local_authority": COUNCIL, "partnership_lead": LEAD}
    out = []
    for n, draft in enumerate(drafts if count is None else _cycle(drafts, count)):
        out.append(
            StoredAction(
                round_id=ROUND,
                id=draft.id if count is None else f"{draft.id}-{n}",
                source="generated",
                priority=draft.priority,
                question_id=draft.question_id,
                domain_id=draft.domain_id,
                requirement_ids=draft.requirement_ids,
                owner_role=draft.owner_role,
                text=draft.text,
                gap=draft.gap,
                success_measure=draft.success_measure,
                statutory=draft.statutory,
                generated_due=draft.due,
                due=draft.due,
                owner_agency_id=owners.get(draft.owner_role),
                status=("Not started", "In progress", "Completed", "Blocked")[n % 4],
                rag=(None, "Red", "Amber", "Green")[n % 4],
                notes="=cmd|' /C calc'!A0" if n == 1 else "",
                updated_by="Alex Smith",
                updated_at=UPDATED,
                revision=1 + n % 2,
            )
        )
    return out


def _cycle(items: list[Any], count: int) -> list[Any]:
    return [items[n % len(items)] for n in range(count)]


def source(*, status: str = "open", version: str | None = None) -> WorkbookSource:
    return WorkbookSource(
        partnership=partnership(),
        round=round_(status, version),
        agencies=agencies(),
        answers=answers(),
        actions=actions(),
    )
