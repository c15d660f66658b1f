"""A small, complete sample dataset built through the store's public API.

Used by the tests and by ``make_fixture_db`` (the fixture database of each released schema).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

from readiness.models import RecordedDates
from readiness.store import Store
from readiness.store.records import (
    ActionEdit,
    Agency,
    AnswerInput,
    DraftAction,
    Partnership,
    Region,
)

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

REGION = "r-north"
PARTNERSHIP = "p-ashby"
POLICE, COUNCIL, LEAD, HEALTH = "a-police", "a-council", "a-lead", "a-icb"


def ticking_clock(start: dt.datetime = START) -> Callable[[], dt.datetime]:
    """A clock that moves on one minute every time it is read."""
    ticks: Iterator[int] = itertools.count()
    return lambda: start + dt.timedelta(minutes=next(ticks))


def add_partnership(store: Store, *, user: str = "setup") -> str:
    """Region, four agencies and one partnership; returns the partnership id."""
    store.save_region(Region(id=REGION, name="North Test VRU"), user=user)
    for agency in (
        Agency(id=POLICE, name="Test Police", role_id="police"),
        Agency(id=COUNCIL, name="Ashby Council", role_id="local_authority"),
        Agency(id=LEAD, name="Ashby CSP team", role_id="partnership_lead"),
        Agency(id=HEALTH, name="Test ICB", role_id="icb"),
    ):
        store.save_agency(agency, user=user)
    store.save_partnership(
        Partnership(
            id=PARTNERSHIP,
            name="Ashby CSP",
            region_id=REGION,
            nation="england",
            local_government_areas=["Ashby", "Ashby Rural"],
            lead_agency_id=LEAD,
        ),
        user=user,
    )
    for agency_id in (POLICE, COUNCIL, HEALTH):
        store.add_member(PARTNERSHIP, agency_id, user=user)
    return PARTNERSHIP


def add_round(store: Store, label: str = "2026/27", *, user: str = "setup") -> str:
    return store.create_round(
        PARTNERSHIP,
        label,
        dt.date(2026, 10, 31),
        questionnaire_id="svd-readiness",
        questionnaire_version="1.0",
        user=user,
        dates=RecordedDates(strategy_published=dt.date(2025, 1, 31)),
    ).id


def draft(question_id: str, **changes: object) -> DraftAction:
    data: dict[str, object] = {
        "id": f"act.{question_id}",
        "priority": 1,
        "question_id": question_id,
        "domain_id": question_id.split(".", maxsplit=1)[0],
        "requirement_ids": ["SVD-PART-01"],
        "owner_role": "local_authority",
        "due": dt.date(2027, 4, 30),
        "text": f"Close the gap on {question_id}.",
        "gap": "Level 1 of 4.",
        "success_measure": "Board minutes show it.",
        "statutory": True,
    }
    data.update(changes)
    return DraftAction.model_validate(data)


def build_sample(store: Store) -> None:
    """Every kind of record, including a closed round, carried answers and edited actions."""
    add_partnership(store)
    first = add_round(store, "2025/26")
    store.save_answers(
        first,
        POLICE,
        [
            AnswerInput(question_id="leadership.senior_lead", value=2, evidence="Minutes"),
            AnswerInput(question_id="data.sharing", value="partly", comment="Draft ISA"),
            AnswerInput(
                question_id="data.sources",
                value={
                    "police_recorded_crime": {
                        "availability": "record_level",
                        "timeliness": "current",
                    }
                },
            ),
        ],
        user="pat@police.example",
    )
    store.save_answers(
        first,
        LEAD,
        [
            AnswerInput(
                question_id="leadership.senior_lead",
                value=3,
                evidence_links=["https://example.org/minutes"],
            ),
            AnswerInput(question_id="strategy.published_date", value="2025-01-31"),
            AnswerInput(question_id="csp.focus", value=None, na_reason="Not a CSP matter"),
            AnswerInput(question_id="definition.types", value=["knife", "domestic_abuse"]),
            AnswerInput(question_id="data.coverage", value=62.5),
        ],
        user="lee@csp.example",
    )
    store.save_answer(
        first,
        POLICE,
        "leadership.senior_lead",
        value=3,
        evidence="Minutes, March",
        expected_revision=1,
        user="pat@police.example",
    )
    store.sync_generated_actions(
        first, [draft("data.sharing"), draft("leadership.senior_lead", priority=2)], user="lee"
    )
    store.update_action(
        first,
        "act.data.sharing",
        ActionEdit(
            owner_agency_id=COUNCIL,
            lead_person="Sam",
            status="In progress",
            rag="Amber",
            notes="Started",
        ),
        expected_revision=1,
        user="lee",
    )
    store.add_manual_action(first, text="Run a workshop with schools.", user="lee", rag="Green")
    second = store.carry_forward(
        first, "2026/27", dt.date(2026, 10, 31), user="lee", close_previous=True
    ).id
    store.confirm_answer(second, LEAD, "strategy.published_date", expected_revision=1, user="lee")
    store.save_answer(
        second,
        COUNCIL,
        "leadership.senior_lead",
        value=1,
        expected_revision=None,
        user="kim@council.example",
    )
    store.sync_generated_actions(second, [draft("leadership.senior_lead", priority=1)], user="lee")
    manual = [a for a in store.actions_for(second) if a.source == "manual"]
    if manual:
        store.remove_action(second, manual[0].id, expected_revision=manual[0].revision, user="lee")
