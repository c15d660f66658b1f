"""A Welsh partnership's Local Health Board gets its own action plan (issue 15).

Schedule 1 to the Police, Crime, Sentencing and Courts Act 2022 makes the Local Health Board
the health specified authority in Wales (an Integrated Care Board in England). The content
names the owner of health actions by function (``health_body``); scoring resolves it to the
nation's role, so the store's action sync assigns the board and its Excel plan lists them.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl

from readiness.excel.service import plan_workbook
from readiness.loading import load_default_bundle
from readiness.models import RecordedDates
from readiness.store import Store
from readiness.store.records import Agency, AnswerInput, Partnership, Region
from tests.store.sample import ticking_clock

BOARD, LEAD, POLICE = "a-uhb", "a-lead-w", "a-police-w"


def _welsh_round(store: Store) -> str:
    store.save_region(Region(id="r-wales", name="Test Wales VRU"), user="setup")
    for agency in (
        Agency(id=BOARD, name="Test University Health Board", role_id="local_health_board"),
        Agency(id=LEAD, name="Test CSP team", role_id="partnership_lead"),
        Agency(id=POLICE, name="Test Heddlu", role_id="police"),
    ):
        store.save_agency(agency, user="setup")
    store.save_partnership(
        Partnership(
            id="p-wales",
            name="Test Welsh CSP",
            region_id="r-wales",
            nation="wales",
            local_government_areas=["Testshire"],
            lead_agency_id=LEAD,
        ),
        user="setup",
    )
    for agency_id in (BOARD, POLICE):
        store.add_member("p-wales", agency_id, user="setup")
    round_id = store.create_round(
        "p-wales",
        "2026/27",
        dt.date(2026, 10, 31),
        questionnaire_id="svd-readiness",
        questionnaire_version="1.0",
        user="setup",
        dates=RecordedDates(strategy_published=dt.date(2024, 1, 25)),
    ).id
    store.save_answers(
        round_id,
        BOARD,
        [
            AnswerInput(question_id="data.caldicott", value=1),
            AnswerInput(question_id="data.ed_assault_feed_wales", value=1),
            AnswerInput(question_id="data.istv_ed_coverage", value=40),
        ],
        user="dai@uhb.example",
    )
    return round_id


def test_the_local_health_board_owns_and_downloads_its_actions(tmp_path: Path) -> None:
    bundle = load_default_bundle()
    store = Store(tmp_path / "wales.db", clock=ticking_clock())
    round_id = _welsh_round(store)
    data = plan_workbook(
        store,
        bundle,
        round_id,
        generated_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        agency_id=BOARD,
    )
    saved = {a.id: a for a in store.actions_for(round_id)}
    for action_id in ("act.data.caldicott", "act.data.ed_assault_feed_wales"):
        assert saved[action_id].owner_role == "local_health_board"
        assert saved[action_id].owner_agency_id == BOARD
    assert not [a for a in saved.values() if a.owner_role == "icb"]
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Action plan"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]]
    refs = {r[0] for r in rows}
    assert {"act.data.caldicott", "act.data.ed_assault_feed_wales"} <= refs
    assert {r[7] for r in rows} == {"Test University Health Board"}
    text = " ".join(str(c) for r in rows for c in r if c)
    assert "Integrated Care Board" not in text
    assert "ISTV" not in text
