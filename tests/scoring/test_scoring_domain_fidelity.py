"""Golden situations for the real questionnaire, written from the Act and the guidance.

Each test names the provision it checks. References: Police, Crime, Sentencing and Courts Act
2022 ("the Act"), Part 2 Chapter 1 and Schedule 1; Serious Violence Duty statutory guidance
(Home Office, December 2022, updated June 2023, "the guidance"); Strategic Needs Assessment
guidance (Home Office, 2022, "the SNA guidance"). The requirement IDs are those of
``questionnaires/requirements.yaml``; the method is explained in ``docs/scoring.md`` under
"Recorded dates are evidence", "Roles by nation" and "Order of the action plan".
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from readiness.loading import load_default_bundle
from readiness.models import Answer, RecordedDates
from readiness.scoring import ScoringResult, score
from readiness.scoring.samples import sample_answer_set

BUNDLE = load_default_bundle()
AS_OF = dt.date(2025, 6, 10)
#: Every date on time: a mature partnership with these dates is Exceeded.
ON_TIME: dict[str, dt.date | None] = {
    "strategy_published": dt.date(2024, 1, 20),
    "strategy_last_reviewed": dt.date(2025, 1, 15),
    "sna_completed": dt.date(2025, 3, 1),
    "definition_agreed": dt.date(2023, 6, 1),
    "partnership_agreement_signed": dt.date(2023, 5, 1),
}
DATE_QUESTIONS = {q.id for q in BUNDLE.questionnaire.questions() if q.type == "date"}


def _mature(nation: str = "england") -> list[Answer]:
    answer_set = sample_answer_set(BUNDLE, "mature", nation=nation, as_of=AS_OF)  # type: ignore[arg-type]
    # the dates under test come from the recorded dates alone
    return [a for a in answer_set.answers if a.question_id not in DATE_QUESTIONS]


def _score(answers: list[Answer], nation: str = "england", **dates: Any) -> ScoringResult:
    from readiness.models import PartnershipContext

    recorded = RecordedDates(**{k: v for k, v in {**ON_TIME, **dates}.items() if v is not None})
    lead = next((a.agency for a in answers if a.role == "partnership_lead"), None)
    return score(
        BUNDLE,
        answers,
        PartnershipContext(nation=nation, as_of=AS_OF, dates=recorded, lead_agency=lead),  # type: ignore[arg-type]
    )


def _question(result: ScoringResult, qid: str) -> Any:
    return next(q for q in result.questions if q.question_id == qid)


def _deadline(result: ScoringResult, did: str) -> Any:
    return next(d for d in result.deadlines if d.id == did)


def test_the_control_partnership_is_exceeded_with_every_date_on_time() -> None:
    result = _score(_mature())
    assert result.compliance.band == "Exceeded"
    assert [q.question_id for q in result.questions if q.date_cap] == []


def test_a_review_14_months_old_caps_the_review_questions_and_is_no_longer_exceeded() -> None:
    """The Act s.8 requires the strategy to be kept under review and revised from time to time
    (SVD-REV-01, a legal duty); the guidance expects a review at least every 12 months
    (SVD-REV-02). The review question's own Established level needs a review completed on
    schedule; Developing covers "a planned review is overdue"."""
    result = _score(_mature(), strategy_last_reviewed=dt.date(2024, 4, 10))
    kept = _question(result, "review.kept_under_review")
    assert kept.score == 2.0
    assert kept.date_cap.uncapped_score >= 3
    assert "capped" in kept.date_cap.reason.lower()
    assert (
        "because the last review was on 10 April 2024, more than 12 months before the "
        "assessment date (10 June 2025)" in kept.date_cap.reason
    )
    assert _question(result, "review.annual_review").score == 2.0
    assert result.compliance.band == "Approaching"
    [blocker] = result.compliance.blockers
    assert blocker.question_id == "review.kept_under_review"
    assert "10 April 2024" in blocker.how_to_unblock
    assert _deadline(result, "deadline.strategy_review").status == "overdue"
    first = result.actions[0]
    assert first.id == "act.review.kept_under_review"
    assert first.due == dt.date(2025, 9, 10)  # overdue: within 3 months of the assessment date
    assert "10 April 2024" in first.gap


def test_an_unpublished_first_strategy_caps_publication_and_makes_the_first_action() -> None:
    """The Act s.8 requires the strategy to be published (SVD-PUB-01, a legal duty); the first
    was due by 31 January 2024 (SVD-STR-09). Publication's Established level needs the
    current strategy public "with its publication date"."""
    result = _score(_mature(), strategy_published=None, strategy_last_reviewed=None)
    published = _question(result, "publication.published")
    assert published.score == 2.0
    assert "no publication date" in published.date_cap.reason
    assert result.compliance.band == "Approaching"
    first_strategy = _deadline(result, "deadline.first_strategy")
    assert first_strategy.status == "overdue"
    assert "31 January 2024" in first_strategy.message
    assert _deadline(result, "deadline.strategy_review").status == "not_applicable"
    assert result.actions[0].id == "act.publication.published"
    # no review action while there is no strategy to review
    assert not [a for a in result.actions if a.question_id.startswith("review.kept")]


def test_a_late_but_published_first_strategy_says_so_and_is_not_blocked() -> None:
    """Published on 15 September 2024, after the 31 January 2024 date (SVD-STR-09): late, but
    published, so the publication duty (the Act s.8, SVD-PUB-01) is not blocked."""
    result = _score(_mature(), strategy_published=dt.date(2024, 9, 15), strategy_last_reviewed=None)
    first_strategy = _deadline(result, "deadline.first_strategy")
    assert first_strategy.status == "late"
    assert first_strategy.message.startswith("Published late")
    assert "current strategy was published on 15 September 2024" in first_strategy.message
    assert "first strategy was published" not in first_strategy.message
    assert _question(result, "publication.published").date_cap is None
    assert result.compliance.band == "Exceeded"


def test_a_strategy_published_on_time_is_met_and_never_called_the_first_strategy() -> None:
    result = _score(_mature())
    first_strategy = _deadline(result, "deadline.first_strategy")
    assert first_strategy.status == "met"
    assert "current strategy was published on 20 January 2024" in first_strategy.message


def test_an_overdue_sna_refresh_caps_the_currency_question_and_makes_an_action() -> None:
    """The SNA guidance expects the assessment refreshed at least yearly as part of the annual
    review (SVD-SNA-09); its currency question's "between 12 and 24 months ago" scores 2. The
    kinds-and-causes duty (the Act s.8(3)(a) and (b), SVD-SNA-01) loses only Embedded, whose
    descriptor needs a yearly refresh."""
    answers = [
        a.model_copy(update={"value": 4}) if a.question_id == "sna.kinds_and_causes" else a
        for a in _mature()
    ]
    result = _score(answers, sna_completed=dt.date(2024, 3, 1))
    refresh = _question(result, "sna.annual_refresh")
    assert refresh.score == 2.0
    assert "the latest SNA was completed on 1 March 2024" in refresh.date_cap.reason
    kinds = _question(result, "sna.kinds_and_causes")
    assert kinds.score == 3.0
    assert kinds.date_cap.max_level == 3
    assert _deadline(result, "deadline.sna_refresh").status == "overdue"
    assert result.actions[0].id == "act.sna.annual_refresh"
    assert result.actions[0].due == dt.date(2025, 9, 10)


def test_a_late_starter_prepares_before_publishing_and_has_no_review_action() -> None:
    """The Act s.8(3): identify the kinds and causes, then prepare and implement a strategy,
    then publish it; it can only be reviewed once it exists."""
    answer_set = sample_answer_set(BUNDLE, "starting", nation="england", as_of=dt.date(2024, 9, 30))
    result = score(BUNDLE, answer_set.answers, answer_set.context())
    assert result.compliance.band == "Not met"
    ids = [a.question_id for a in result.actions]
    due = {a.question_id: a.due for a in result.actions}
    assert ids.index("strategy.prepared_and_implemented") < ids.index("publication.published")
    assert due["strategy.prepared_and_implemented"] < due["publication.published"]
    assert ids.index("sna.kinds_and_causes") < ids.index("strategy.prepared_and_implemented")
    assert due["sna.kinds_and_causes"] < due["strategy.prepared_and_implemented"]
    assert "review.kept_under_review" not in ids
    assert "review.annual_review" not in ids
    assert _deadline(result, "deadline.strategy_review").status == "not_applicable"
    # every prerequisite's action ranks first and is due first
    for action in result.actions:
        if action.question_id is None:  # "Get these questions answered": nothing waits for it
            continue
        question = BUNDLE.questions[action.question_id]
        for before in question.action.after if question.action else []:
            if before in due:
                assert ids.index(before) < ids.index(action.question_id)
                assert due[before] < action.due


def _welsh_starter() -> ScoringResult:
    answer_set = sample_answer_set(BUNDLE, "starting", nation="wales", as_of=AS_OF)
    return score(BUNDLE, answer_set.answers, answer_set.context())


def test_in_wales_the_local_health_board_owns_the_health_actions_and_sources() -> None:
    """Schedule 1 to the Act: the health specified authority is the Integrated Care Board in
    England and the Local Health Board in Wales (the guidance para 4; SVD-WAL-01)."""
    result = _welsh_starter()
    owners = {a.owner_role for a in result.actions} | {s.owner_role for s in result.sna.sources}
    assert "icb" not in owners
    health = {a.question_id for a in result.actions if a.owner_role == "local_health_board"}
    assert {"data.ed_assault_feed_wales", "sna.data_sources"} <= health
    # data.caldicott has no answer yet: the health board is asked to get it answered
    unanswered = {q.question_id for q in result.questions if q.status == "not_answered"}
    assert "data.caldicott" in unanswered
    assert "act.answer.local_health_board" in {a.id for a in result.actions}
    sources = {s.id: s for s in result.sna.sources}
    for sid in ("ed_istv", "ambulance", "hospital_admissions"):
        assert sources[sid].owner_role == "local_health_board"
    words = json.dumps(
        [a.model_dump(mode="json") for a in result.actions]
        + [s.model_dump(mode="json") for s in result.sna.sources]
        + [g.model_dump(mode="json") for g in result.sna.gaps]
    )
    for english_only in ("Integrated Care Board", " ICB", "(ICB", "ISTV"):
        assert english_only not in words


def test_in_england_the_icb_owns_them() -> None:
    answer_set = sample_answer_set(BUNDLE, "starting", nation="england", as_of=AS_OF)
    result = score(BUNDLE, answer_set.answers, answer_set.context())
    health = {a.question_id for a in result.actions if a.owner_role == "icb"}
    assert "data.istv_feed" in health
    # data.caldicott has no answer yet: the ICB is asked to get it answered
    unanswered = {q.question_id for q in result.questions if q.status == "not_answered"}
    assert "data.caldicott" in unanswered
    assert "act.answer.icb" in {a.id for a in result.actions}
    assert {s.id: s.name for s in result.sna.sources}["ed_istv"] == (
        "Emergency department assault data (ISTV)"
    )


def test_a_welsh_health_board_is_not_asked_about_englands_istv_standard() -> None:
    """ISTV is NHS England's Information Sharing to Tackle Violence standard; in Wales the
    question asks about the Welsh flow (SVD-WAL-06, confidence S and K: to check)."""
    welsh = BUNDLE.questions_for("local_health_board", "wales")
    assert "data.ed_assault_feed_wales" in {q.id for q in welsh}
    for q in welsh:
        assert "ISTV" not in q.text + q.guidance + (q.evidence_prompt or "")
    assert "data.istv_feed" in {q.id for q in BUNDLE.questions_for("icb", "england")}
    assert BUNDLE.requirements["SVD-WAL-06"].confidence == ["S", "K"]


@pytest.mark.parametrize(
    ("nation", "present", "absent"),
    [("england", "icb", "local_health_board"), ("wales", "local_health_board", "icb")],
)
def test_the_set_up_form_can_offer_only_the_roles_of_the_nation(
    nation: str, present: str, absent: str
) -> None:
    ids = [r.id for r in BUNDLE.roles_for_nation(nation)]  # type: ignore[arg-type]
    assert present in ids
    assert absent not in ids
    assert {"police", "local_authority", "partnership_lead"} <= set(ids)


def test_statutory_has_one_definition_that_respects_the_nation() -> None:
    """A question is statutory in a nation only when a legal duty it tests applies there."""
    from tests.scoring.synthetic import bundle as synthetic_bundle

    synthetic = synthetic_bundle()
    england_only = synthetic.questions["gov.england_duty"]
    assert synthetic.is_statutory(england_only, "england")
    assert not synthetic.is_statutory(england_only, "wales")
    assert synthetic.is_statutory(england_only)  # describe: a legal duty in either nation
    assert not synthetic.is_statutory(synthetic.questions["gov.plan"], "england")
    notes = BUNDLE.questions["definition.wording"]  # text: never scored, never statutory
    assert not BUNDLE.is_statutory(notes, "england")
