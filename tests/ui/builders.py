"""Small partnerships built straight into the store, for the page tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from readiness.models import Nation
from readiness.services import Actor
from readiness.services.actions import sync_generated
from readiness.services.answers import save_answers
from readiness.services.content import load_content
from readiness.store import Store
from readiness.store.records import Agency, AnswerInput, Partnership, Region

USER = "test"
#: An [auth] section for AppTest's secrets: sign-in is set up (nothing is ever asked of it).
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a test secret that is long enough to sign cookies",
        "client_id": "readiness-tests",
        "client_secret": "not a real secret",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
}
ROUND = "anytown-2026-27"


def anytown(db: Path, nation: Nation = "england") -> Store:
    """Anytown CSP: police, council (the lead) and a health body, one open round of the mini
    questionnaire."""
    store = Store(db)
    store.save_region(Region(id="north", name="Northshire VRU"), user=USER)
    health = (
        ("anytown-icb", "Anytown ICB", "icb")
        if nation == "england"
        else ("anytown-lhb", "Anytown Health Board", "local_health_board")
    )
    for agency_id, name, role in [
        ("anytown-police", "Anytown Police", "police"),
        ("anytown-council", "Anytown Council", "local_authority"),
        health,
    ]:
        store.save_agency(Agency(id=agency_id, name=name, role_id=role), user=USER)
    store.save_partnership(
        Partnership(
            id="anytown",
            name="Anytown CSP",
            region_id="north",
            nation=nation,
            local_government_areas=["Anytown"],
            lead_agency_id="anytown-council",
        ),
        user=USER,
    )
    for agency_id in ("anytown-police", "anytown-council", health[0]):
        store.add_member("anytown", agency_id, user=USER)
    store.create_round(
        "anytown",
        "2026/27",
        dt.date(2026, 6, 1),
        questionnaire_id="ui-mini",
        questionnaire_version="1.0",
        user=USER,
        round_id=ROUND,
    )
    sync_generated(Actor(USER), store, load_content(), ROUND)  # as opening a round does
    return store


def answer(store: Store, agency_id: str, question_id: str, value: object, **extra: object) -> None:
    current = {a.question_id: a for a in store.answers_for(ROUND, agency_id)}.get(question_id)
    result = save_answers(  # as the answer page does: the action plan is synced too
        Actor(USER),
        store,
        load_content(),
        ROUND,
        agency_id=agency_id,
        answers=[
            AnswerInput(
                question_id=question_id,
                value=value,
                expected_revision=current.revision if current else None,
                **extra,  # type: ignore[arg-type]
            )
        ],
    )
    assert result.ok
