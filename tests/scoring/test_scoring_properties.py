"""Properties every scoring result must have, whatever the answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from readiness.models import Answer, RecordedDates
from readiness.scoring import BANDS, ScoringResult, score
from tests.scoring.synthetic import AGENCY_ROLES, AS_OF, bundle, context, questionnaire_data

BUNDLE = bundle()
AGENCIES = sorted(AGENCY_ROLES)
SETTINGS = settings(max_examples=150, deadline=None)

_SOURCE = st.fixed_dictionaries(
    {"availability": st.sampled_from(["none", "aggregate", "record_level"])},
    optional={
        "timeliness": st.sampled_from(["current", "recent", "stale", "unknown"]),
        "agreement": st.booleans(),
        "used_in_sna": st.booleans(),
    },
)

#: Valid values for each question (raising is defined on these in ``_raise``).
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "gov.duty": st.integers(0, 4),
    "gov.second_duty": st.sampled_from(["yes", "partly", "no"]),
    "gov.england_duty": st.integers(0, 4),
    "gov.plan": st.integers(0, 4),
    "data.sharing": st.integers(0, 4),
    "data.choice": st.sampled_from(["low", "high"]),
    "data.share": st.one_of(
        st.just(["none"]), st.lists(st.sampled_from("abcd"), unique=True, max_size=4)
    ),
    "data.count": st.lists(st.sampled_from([f"o{i}" for i in range(6)]), unique=True),
    "data.percent": st.integers(0, 100),
    "data.sources": st.dictionaries(st.sampled_from(["police_crime", "housing"]), _SOURCE),
    "sna.scope": st.integers(0, 4),
    "sna.people": st.sampled_from(["yes", "partly", "no"]),
}


@st.composite
def answer_lists(draw: st.DrawFn) -> list[Answer]:
    answers = []
    for qid, values in VALUES.items():
        for agency in AGENCIES:
            if not draw(st.booleans()):
                continue
            if qid == "gov.plan" and draw(st.booleans()):
                value, reason = None, "Does not apply."
            else:
                value, reason = draw(values), ""
            evidence = "Minutes." if draw(st.booleans()) else ""
            answers.append(
                Answer(
                    agency=agency,
                    role=AGENCY_ROLES[agency],
                    question_id=qid,
                    value=value,
                    evidence=evidence,
                    na_reason=reason,
                )
            )
    return answers


LEADS = st.sampled_from([None, *AGENCIES])


def _raise(answer: Answer, step: int) -> Answer | None:
    """The same answer one or more steps better, or None when it cannot go higher."""
    value = answer.value
    raised: Any = None
    if answer.question_id in (
        "gov.duty",
        "gov.england_duty",
        "gov.plan",
        "data.sharing",
        "sna.scope",
    ):
        raised = min(4, value + step) if isinstance(value, int) and value < 4 else None
    elif answer.question_id in ("gov.second_duty", "sna.people"):
        order = ["no", "partly", "yes"]
        raised = order[min(2, order.index(value) + step)] if value != "yes" else None
    elif answer.question_id == "data.choice":
        raised = "high" if value == "low" else None
    elif answer.question_id == "data.share":
        missing = [o for o in "abcd" if o not in value]
        raised = sorted({*value, missing[0]} - {"none"}) if missing else None
    elif answer.question_id == "data.count":
        missing = [f"o{i}" for i in range(6) if f"o{i}" not in value]
        raised = [*value, missing[0]] if missing else None
    elif answer.question_id == "data.percent":
        raised = min(100, value + 10 * step) if value < 100 else None
    elif answer.question_id == "data.sources":
        better = {"none": "aggregate", "aggregate": "record_level"}
        for sid, row in sorted(value.items()):
            if row["availability"] in better:
                raised = {**value, sid: {**row, "availability": better[row["availability"]]}}
                break
    if raised is None or value is None:
        return None
    return answer.model_copy(update={"value": raised})


def _bounds_hold(result: ScoringResult) -> None:
    values = [result.overall.maturity, result.overall.assured_maturity]
    values += [d.maturity for d in result.domains] + [d.assured_maturity for d in result.domains]
    values += [q.score for q in result.questions] + [q.assured_score for q in result.questions]
    for value in values:
        assert value is None or 0 <= value <= 4
    for coverage in [result.overall.coverage, *[d.coverage for d in result.domains]]:
        assert coverage is None or 0 <= coverage <= 1
    assert result.sna.coverage is None or 0 <= result.sna.coverage <= 100
    for q in result.questions:
        if q.score is not None and q.assured_score is not None:
            assert q.assured_score <= q.score


@SETTINGS
@given(answers=answer_lists(), lead=LEADS)
def test_scores_stay_within_bounds(answers: list[Answer], lead: str | None) -> None:
    result = score(BUNDLE, answers, context(lead_agency=lead))
    _bounds_hold(result)
    assert [a.priority for a in result.actions] == list(range(1, len(result.actions) + 1))
    assert ScoringResult.model_validate(result.model_dump()) == result


@SETTINGS
@given(answers=answer_lists(), lead=LEADS, seed=st.randoms(use_true_random=False))
def test_order_of_answers_and_agencies_never_changes_the_result(
    answers: list[Answer], lead: str | None, seed: Any
) -> None:
    ctx = context(lead_agency=lead)
    first = score(BUNDLE, answers, ctx)
    shuffled = list(answers)
    seed.shuffle(shuffled)
    assert score(BUNDLE, shuffled, ctx) == first
    assert score(BUNDLE, answers, ctx) == first  # deterministic


@SETTINGS
@given(answers=answer_lists(), lead=LEADS, data=st.data())
def test_raising_one_answer_never_lowers_maturity_or_band(
    answers: list[Answer], lead: str | None, data: st.DataObject
) -> None:
    raisable = [i for i, a in enumerate(answers) if _raise(a, 1) is not None]
    assume(raisable)
    index = data.draw(st.sampled_from(raisable))
    raised_answer = _raise(answers[index], data.draw(st.integers(1, 4)))
    assert raised_answer is not None
    raised = [*answers[:index], raised_answer, *answers[index + 1 :]]
    ctx = context(lead_agency=lead)
    before, after = score(BUNDLE, answers, ctx), score(BUNDLE, raised, ctx)
    for old, new in zip(before.domains, after.domains, strict=True):
        if old.maturity is not None:
            assert new.maturity is not None
            assert new.maturity >= old.maturity
            assert (new.assured_maturity or 0) >= (old.assured_maturity or 0)
    if before.overall.maturity is not None:
        assert (after.overall.maturity or 0) >= before.overall.maturity
    assert BANDS.index(after.compliance.band) >= BANDS.index(before.compliance.band)


# --------------------------------------------------------------------------- dates as evidence

#: The synthetic questionnaire with a date cap on five questions, one per fact, as the real
#: questionnaire caps its review, SNA, publication, definition and agreement questions.
_CAPS: dict[str, tuple[str, int]] = {
    "gov.duty": ("review_overdue", 2),  # and strategy_not_published at 2, as the loader requires
    "gov.second_duty": ("agreement_not_signed", 2),
    "gov.plan": ("strategy_not_published", 1),
    "data.sharing": ("definition_not_agreed", 1),
    "sna.scope": ("sna_overdue", 2),
}


def _capped_bundle() -> Any:
    data = questionnaire_data()
    for domain in data["domains"]:
        for question in domain["questions"]:
            if question["id"] in _CAPS:
                fact, level = _CAPS[question["id"]]
                question["date_caps"] = [{"fact": fact, "max_level": level}]
                if fact == "review_overdue":
                    question["date_caps"].append(
                        {"fact": "strategy_not_published", "max_level": level}
                    )
    return bundle(data)


CAPPED = _capped_bundle()
DATE_NAMES = (
    "strategy_published",
    "strategy_last_reviewed",
    "sna_completed",
    "definition_agreed",
    "partnership_agreement_signed",
)
#: Days before the assessment date (None: not recorded). 0 to 1200 days covers "on time",
#: "due soon" and "overdue" for every deadline.
_AGES = st.one_of(st.none(), st.integers(0, 1200))


@st.composite
def recorded_dates(draw: st.DrawFn) -> dict[str, int | None]:
    return {name: draw(_AGES) for name in DATE_NAMES}


def _ctx(ages: dict[str, int | None], lead: str | None) -> Any:
    days = {n: AS_OF - dt.timedelta(days=a) for n, a in ages.items() if a is not None}
    return context(dates=RecordedDates(**days), lead_agency=lead)


def _never_lower(before: ScoringResult, after: ScoringResult) -> None:
    for old, new in zip(before.questions, after.questions, strict=True):
        if old.score is not None:
            assert new.score is not None
            assert new.score >= old.score
            assert (new.assured_score or 0) >= (old.assured_score or 0)
    for old_d, new_d in zip(before.domains, after.domains, strict=True):
        if old_d.maturity is not None:
            assert new_d.maturity is not None
            assert new_d.maturity >= old_d.maturity
    if before.overall.maturity is not None:
        assert (after.overall.maturity or 0) >= before.overall.maturity
    assert BANDS.index(after.compliance.band) >= BANDS.index(before.compliance.band)


@SETTINGS
@given(answers=answer_lists(), lead=LEADS, ages=recorded_dates(), data=st.data())
def test_moving_a_date_nearer_never_lowers_anything(
    answers: list[Answer], lead: str | None, ages: dict[str, int | None], data: st.DataObject
) -> None:
    """Recording a missing date, or moving one later (up to the assessment date), can only
    remove a cap: no question, domain, overall score or band goes down."""
    name = data.draw(st.sampled_from(DATE_NAMES))
    old = ages[name]
    new = data.draw(st.integers(0, old if old is not None else 1200))
    nearer = {**ages, name: new}
    before = score(CAPPED, answers, _ctx(ages, lead))
    after = score(CAPPED, answers, _ctx(nearer, lead))
    _never_lower(before, after)
    assert len(after.compliance.blockers) <= len(before.compliance.blockers) or (
        BANDS.index(after.compliance.band) > BANDS.index(before.compliance.band)
    )


@SETTINGS
@given(answers=answer_lists(), lead=LEADS, ages=recorded_dates(), data=st.data())
def test_raising_an_answer_under_a_date_cap_never_lowers_anything(
    answers: list[Answer], lead: str | None, ages: dict[str, int | None], data: st.DataObject
) -> None:
    raisable = [i for i, a in enumerate(answers) if _raise(a, 1) is not None]
    assume(raisable)
    index = data.draw(st.sampled_from(raisable))
    raised_answer = _raise(answers[index], data.draw(st.integers(1, 4)))
    assert raised_answer is not None
    raised = [*answers[:index], raised_answer, *answers[index + 1 :]]
    ctx = _ctx(ages, lead)
    _never_lower(score(CAPPED, answers, ctx), score(CAPPED, raised, ctx))


@SETTINGS
@given(answers=answer_lists(), lead=LEADS, ages=recorded_dates())
def test_a_capped_question_never_scores_above_its_cap_and_says_why(
    answers: list[Answer], lead: str | None, ages: dict[str, int | None]
) -> None:
    result = score(CAPPED, answers, _ctx(ages, lead))
    _bounds_hold(result)
    assert ScoringResult.model_validate(result.model_dump()) == result
    for q in result.questions:
        if q.date_cap is None:
            continue
        fact, level = _CAPS[q.question_id]
        assert q.date_cap.fact in (fact, "strategy_not_published")
        assert q.date_cap.max_level == level
        assert q.score == level < q.date_cap.uncapped_score
        assert q.date_cap.reason.startswith("Capped at ")
        assert "because" in q.date_cap.reason


@SETTINGS
@given(answers=answer_lists(), lead=LEADS, ages=recorded_dates())
def test_no_action_is_due_before_a_prerequisite(
    answers: list[Answer], lead: str | None, ages: dict[str, int | None]
) -> None:
    """With gov.plan waiting for gov.duty, gov.duty's action always ranks first and is due first."""
    data = questionnaire_data()
    for domain in data["domains"]:
        for question in domain["questions"]:
            if question["id"] == "gov.plan":
                question["action"] = {
                    **question["action"],
                    "after": ["gov.duty"],
                    "timescale_months": 1,
                }
    ordered = bundle(data)
    actions = {a.question_id: a for a in score(ordered, answers, _ctx(ages, lead)).actions}
    if "gov.plan" in actions and "gov.duty" in actions:
        assert actions["gov.duty"].priority < actions["gov.plan"].priority
        assert actions["gov.duty"].due < actions["gov.plan"].due
