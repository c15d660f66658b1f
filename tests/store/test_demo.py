"""The demo data: fictional, deterministic, varied, and valid for the shipped questionnaire."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from readiness.bundle import ContentBundle
from readiness.demo import DEMO_REGION_ID, demo_document
from readiness.loading import load_default_bundle
from readiness.models import (
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    ScaleQuestion,
    SingleChoiceQuestion,
    SourceAnswer,
    TextQuestion,
    YesPartlyNoQuestion,
)
from readiness.scoring import score
from readiness.store import AlreadyExistsError, Store
from readiness.store.records import BackupDocument


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_default_bundle()


@pytest.fixture(scope="module")
def document(bundle: ContentBundle) -> BackupDocument:
    return demo_document(bundle)


def test_the_same_seed_gives_the_same_data(bundle: ContentBundle, document: BackupDocument) -> None:
    assert demo_document(bundle) == document
    assert demo_document(bundle, seed=7) != document


def test_it_is_clearly_fictional(document: BackupDocument) -> None:
    [region] = document.regions
    assert region.is_demo
    assert region.name.startswith("Demo:")
    assert "fictional" in region.name
    assert all(p.is_demo and p.name.startswith("Demo:") for p in document.partnerships)
    assert all(a.name.startswith("Demo ") for a in document.agencies)


def test_it_has_partnerships_in_both_nations_each_with_two_rounds(
    document: BackupDocument,
) -> None:
    nations = Counter(p.nation for p in document.partnerships)
    assert len(document.partnerships) >= 8
    assert nations["wales"] >= 2
    rounds = defaultdict(list)
    for r in document.rounds:
        rounds[r.partnership_id].append(r.status)
    assert all(sorted(s) == ["closed", "open"] for s in rounds.values())
    assert set(rounds) == {p.id for p in document.partnerships}


def test_health_members_follow_the_nation(document: BackupDocument) -> None:
    roles = {a.id: a.role_id for a in document.agencies}
    nation = {p.id: p.nation for p in document.partnerships}
    for m in document.memberships:
        role = roles[m.agency_id]
        if role == "icb":
            assert nation[m.partnership_id] == "england"
        if role == "local_health_board":
            assert nation[m.partnership_id] == "wales"


def test_only_members_answer_questions_for_their_role_in_their_nation(
    bundle: ContentBundle, document: BackupDocument
) -> None:
    roles = {a.id: a.role_id for a in document.agencies}
    partnership_of = {r.id: r.partnership_id for r in document.rounds}
    nation = {p.id: p.nation for p in document.partnerships}
    members = {(m.partnership_id, m.agency_id) for m in document.memberships}
    for answer in document.answers:
        pid = partnership_of[answer.round_id]
        question = bundle.questions[answer.question_id]
        assert (pid, answer.agency_id) in members
        assert roles[answer.agency_id] in question.roles
        assert bundle.applies(question, nation[pid])


def test_every_value_fits_its_question_type(
    bundle: ContentBundle, document: BackupDocument
) -> None:
    for answer in document.answers:
        question = bundle.questions[answer.question_id]
        value = answer.value
        if value is None:
            assert question.allow_na
            assert answer.na_reason
        elif isinstance(question, ScaleQuestion):
            assert value in range(5)
        elif isinstance(question, YesPartlyNoQuestion):
            assert value in ("yes", "partly", "no")
        elif isinstance(question, SingleChoiceQuestion):
            assert value in {o.id for o in question.options}
        elif isinstance(question, MultiChoiceQuestion):
            assert set(value) <= {o.id for o in question.options}
        elif isinstance(question, NumberQuestion):
            assert question.minimum is None or value >= question.minimum
            assert question.maximum is None or value <= question.maximum
        elif isinstance(question, DateQuestion):
            assert isinstance(value, str)
            assert len(value) == 10
        elif isinstance(question, TextQuestion):
            assert isinstance(value, str)
            assert len(value) <= question.max_length
        elif isinstance(question, DataSourceMatrixQuestion):
            assert set(value) == {s.id for s in question.sources}
            for row in value.values():
                SourceAnswer.model_validate(row)


def test_it_has_disagreements_missing_evidence_and_mixed_action_states(
    bundle: ContentBundle, document: BackupDocument
) -> None:
    scale = defaultdict(list)
    for a in document.answers:
        if isinstance(bundle.questions[a.question_id], ScaleQuestion) and a.value is not None:
            scale[(a.round_id, a.question_id)].append(a.value)
    spreads = [max(v) - min(v) for v in scale.values() if len(v) > 1]
    assert sum(1 for s in spreads if s >= 2) >= 10
    scored_without_evidence = [
        a
        for a in document.answers
        if isinstance(a.value, int) and a.value >= 3 and not a.has_evidence
    ]
    assert len(scored_without_evidence) >= 10
    current = {r.id for r in document.rounds if r.status == "open"}
    statuses = Counter(a.status for a in document.actions if a.round_id in current)
    assert len(statuses) == 4
    assert Counter(a.status for a in document.answers)["to_reconfirm"] > 0


def test_partnerships_differ_in_maturity(bundle: ContentBundle, tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.db")
    assert store.load_demo(bundle).ok
    overall = []
    for _partnership_id, answer_set in store.latest_answer_sets(DEMO_REGION_ID).items():
        result = score(bundle, answer_set.answers, answer_set.context())
        assert result.overall.maturity is not None
        overall.append(result.overall.maturity)
    assert len(overall) >= 8
    assert max(overall) - min(overall) >= 1.5


def test_loading_it_twice_is_refused(bundle: ContentBundle, tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.db")
    assert store.load_demo(bundle).ok
    with pytest.raises(AlreadyExistsError, match="already in this database"):
        store.load_demo(bundle)


# --------------------------------------------------------------------------- the real spread


def _latest_results(bundle: ContentBundle, tmp_path: Path) -> dict[str, Any]:
    store = Store(tmp_path / "demo.db")
    assert store.load_demo(bundle).ok
    return {
        pid: score(bundle, answer_set.answers, answer_set.context())
        for pid, answer_set in store.latest_answer_sets(DEMO_REGION_ID).items()
    }


def test_the_latest_rounds_show_every_band(bundle: ContentBundle, tmp_path: Path) -> None:
    """A newcomer sees what each band looks like: at least one partnership in each."""
    results = _latest_results(bundle, tmp_path)
    bands = {pid: r.compliance.band for pid, r in results.items()}
    assert bands == {
        "demo-ashby-vale": "Exceeded",
        "demo-brackenford": "Met",
        "demo-calder-moor": "Approaching",
        "demo-dunmere": "Not met",
        "demo-eastwick-fenby": "Approaching",
        "demo-greyhaven": "Not met",
        "demo-aberglannau": "Met",
        "demo-cwm-tawel": "Not met",
        "demo-llanfair-hafren": "Approaching",
    }
    # Eastwick and Fenby would be Met but for its overdue review, which caps the review
    # answers (the Act s.8: keep the strategy under review; the guidance: every 12 months)
    eastwick = results["demo-eastwick-fenby"]
    [blocker] = eastwick.compliance.blockers
    assert blocker.question_id == "review.kept_under_review"
    assert "15 July 2025" in blocker.how_to_unblock
    assert eastwick.actions[0].id == "act.review.kept_under_review"
    # Cwm Tawel is blocked by the consultation duty alone (the Act s.8, SVD-CONS-01)
    cwm = results["demo-cwm-tawel"]
    assert {b.requirement_ids[0] for b in cwm.compliance.blockers} == {"SVD-CONS-01"}
    # Calder Moor published its first strategy late
    calder = results["demo-calder-moor"]
    assert next(d for d in calder.deadlines if d.id == "deadline.first_strategy").status == "late"


def test_a_welsh_local_health_board_owns_actions_and_no_icb_appears_in_wales(
    bundle: ContentBundle, document: BackupDocument
) -> None:
    nation = {p.id: p.nation for p in document.partnerships}
    partnership_of = {r.id: r.partnership_id for r in document.rounds}
    agencies = {a.id: a for a in document.agencies}
    welsh = [a for a in document.actions if nation[partnership_of[a.round_id]] == "wales"]
    assert welsh
    for action in welsh:
        assert action.owner_role != "icb"
        owner = agencies.get(action.owner_agency_id or "")
        assert owner is None or owner.role_id != "icb"
        assert "Integrated Care Board" not in action.text + action.gap
        assert "ISTV" not in action.text + action.gap
    board = [
        a
        for a in welsh
        if a.round_id == "demo-aberglannau.2026-27" and a.owner_role == "local_health_board"
    ]
    assert "act.data.ed_assault_feed_wales" in {a.id for a in board}
    assert len(board) >= 2
    assert all(a.owner_agency_id == "demo-glannau-uhb" for a in board)


def test_the_plans_are_the_scoring_engines_drafts(
    bundle: ContentBundle, document: BackupDocument
) -> None:
    """The stored plan is what the app would draft, so syncing it changes nothing."""
    current = [r for r in document.rounds if r.id == "demo-eastwick-fenby.2026-27"]
    [round_] = current
    stored = [a for a in document.actions if a.round_id == round_.id and a.source == "generated"]
    assert [a.priority for a in stored] == list(range(1, len(stored) + 1))
    by_id = {a.id: a for a in stored}
    review = by_id["act.review.kept_under_review"]
    assert review.priority == 1
    assert review.generated_due == dt.date(2027, 1, 31)  # 3 months: the review is overdue
