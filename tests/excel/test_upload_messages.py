"""The messages for a workbook of another partnership or round name both by name, once.

A person who uploads the wrong file reads which partnership and round the file is for and which
they chose, in words: no ids in brackets, no quoted labels compared with themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.excel.importer import Chosen, check_metadata
from readiness.excel.metadata import WorkbookMeta
from readiness.excel.service import pack_workbook, preview_upload
from readiness.services import Actor
from readiness.services.partnerships import load_demo
from readiness.store import Store
from tests.excel import factory as F

OURS = "Testshire Community Safety Partnership"


def _meta(kind: str, partnership: tuple[str, str], round_: tuple[str, str]) -> WorkbookMeta:
    return WorkbookMeta(
        kind=kind,  # type: ignore[arg-type]
        partnership_id=partnership[0],
        partnership_name=partnership[1],
        round_id=round_[0],
        round_label=round_[1],
        questionnaire_id=F.bundle().questionnaire.id,
        questionnaire_version=F.bundle().questionnaire.version,
        nation="england",
        generated_at=F.GENERATED,
    )


CHOSEN = Chosen(F.PARTNERSHIP, OURS, F.ROUND, "2026/27")
OTHER = ("other-csp", "Otherton CSP")
CASES = [
    (
        "another partnership, same round label",
        _meta("questionnaire_pack", OTHER, ("other-csp-2026", "2026/27")),
        "This offline questionnaire pack is for Otherton CSP, round 2026/27. "
        f"You chose {OURS}, round 2026/27. Download a workbook for the partnership and round "
        "you chose, or choose the workbook's own partnership and round to upload it.",
    ),
    (
        "the same partnership, another round",
        _meta("action_plan", (F.PARTNERSHIP, OURS), ("test-csp-2025", "2025/26")),
        f"This action plan is for {OURS}, round 2025/26. You chose {OURS}, round 2026/27. "
        "Download a workbook for the partnership and round you chose, or choose the "
        "workbook's own partnership and round to upload it.",
    ),
    (
        "the partnership and round chosen",
        _meta("action_plan", (F.PARTNERSHIP, OURS), (F.ROUND, "2026/27")),
        None,
    ),
]


@pytest.mark.parametrize(("case", "meta", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_workbook_for_another_place_says_which_and_which_was_chosen(
    case: str, meta: WorkbookMeta, expected: str | None
) -> None:
    source = F.source()
    if meta.round_id != F.ROUND:  # the service checks against the round the workbook names
        round_ = source.round.model_copy(update={"id": meta.round_id, "label": meta.round_label})
        source = source.model_copy(update={"round": round_})
    messages = [p.message for p in check_metadata(meta, F.bundle(), source, chosen=CHOSEN)]
    if expected is None:
        assert messages == []
        return
    assert messages == [expected]
    assert "(" not in expected
    assert "'" not in expected.replace("workbook's", "")
    assert expected.count(meta.partnership_name) == (1 if meta.partnership_name != OURS else 2)


def test_the_upload_of_another_demo_partnerships_pack_names_both_partnerships(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "demo.db")
    load_demo(Actor("test"), store, F.bundle())
    partnerships = {p.name: p for p in store.list_partnerships()}
    ashby = partnerships["Demo: Ashby Vale Community Safety Partnership"]
    glan = partnerships["Demo: Aberglannau Community Safety Partnership"]
    ashby_round = store.latest_round(ashby.id)
    glan_round = store.latest_round(glan.id)
    assert ashby_round is not None
    assert glan_round is not None
    data = pack_workbook(store, F.bundle(), glan_round.id, generated_at=F.GENERATED)
    outcome = preview_upload(
        store, F.bundle(), data, expected_partnership=ashby.id, expected_round=ashby_round.id
    )
    assert [p.message for p in outcome.problems] == [
        f"This offline questionnaire pack is for {glan.name}, round {glan_round.label}. "
        f"You chose {ashby.name}, round {ashby_round.label}. Download a workbook for the "
        "partnership and round you chose, or choose the workbook's own partnership and round "
        "to upload it."
    ]
