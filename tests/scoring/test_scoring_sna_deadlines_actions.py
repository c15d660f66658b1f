"""SNA gaps, deadlines and the draft action plan."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.models import RecordedDates
from readiness.scoring import score
from tests.scoring.synthetic import AS_OF, all_duties, answer, bundle, context, evidenced

BUNDLE = bundle()
LEAD = "Anytown Partnership"


def _sna(*answers):  # type: ignore[no-untyped-def]
    return score(BUNDLE, list(answers), context(lead_agency=LEAD)).sna


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([], {"C1": "missing", "C4": "missing"}),
        (
            [evidenced("sna.scope", 3, LEAD), evidenced("sna.people", "partly", LEAD)],
            {"C1": "in_place", "C4": "partly"},
        ),
        (
            [evidenced("sna.scope", 1, LEAD), evidenced("sna.people", "yes", LEAD)],
            {"C1": "missing", "C4": "in_place"},
        ),
    ],
    ids=[
        "unanswered components count as missing",
        "Established is in place, Developing is partly",
        "below Developing is missing",
    ],
)
def test_sna_components(answers: list[object], expected: dict[str, str]) -> None:
    sna = _sna(*answers)
    assert {c.id: c.status for c in sna.components} == expected


def test_unanswered_component_says_so() -> None:
    [c1, _] = _sna().components
    assert "not answered" in c1.note
    assert any(g.id == "sna.component.C1" for g in _sna().gaps)


def test_sna_sources_name_each_problem() -> None:
    matrix = {
        "police_crime": {"availability": "aggregate", "timeliness": "stale", "used_in_sna": True},
        "housing": {"availability": "none"},
    }
    sna = _sna(answer("data.sources", matrix, LEAD))
    sources = {s.id: s for s in sna.sources}
    assert sources["police_crime"].problems == [
        "aggregate counts only",
        "data may be out of date (more than 12 months old)",
        "shared without a data sharing agreement",
    ]
    assert sources["housing"].problems == ["not available to the partnership"]
    assert sources["police_crime"].reported_by == LEAD
    gap_ids = [g.id for g in sna.gaps]
    assert "sna.source.police_crime" in gap_ids
    assert "sna.source.housing" in gap_ids


def test_sna_coverage_formula() -> None:
    # components: C1 in place (1), C4 partly (0.5) -> 75%; sources: police record-level,
    # current and agreed (4, counts double), housing none (0): (2x4 + 0)/3/4 = 66.67%.
    matrix = {
        "police_crime": {
            "availability": "record_level",
            "timeliness": "current",
            "agreement": True,
            "used_in_sna": True,
        },
        "housing": {"availability": "none"},
    }
    sna = _sna(
        evidenced("sna.scope", 3, LEAD),
        evidenced("sna.people", "partly", LEAD),
        answer("data.sources", matrix, LEAD),
    )
    assert (sna.component_coverage, sna.source_coverage) == (75.0, 66.67)
    assert sna.coverage == round((75 + 200 / 3) / 2, 2)


#: Some date recorded (so the partnership has started recording), but no strategy published.
SNA_ONLY = RecordedDates(sna_completed=dt.date(2025, 3, 1))

DEADLINES = [
    (SNA_ONLY, {}, "deadline.first_strategy", "overdue"),
    (RecordedDates(), {}, "deadline.first_strategy", "not_recorded"),
    (RecordedDates(), {}, "deadline.sna_refresh", "not_recorded"),
    (
        RecordedDates(strategy_published=dt.date(2024, 1, 20)),
        {},
        "deadline.first_strategy",
        "met",
    ),
    (
        RecordedDates(strategy_published=dt.date(2024, 9, 15)),
        {},
        "deadline.first_strategy",
        "late",
    ),
    (
        RecordedDates(strategy_published=dt.date(2024, 1, 20)),
        {},
        "deadline.strategy_review",
        "overdue",
    ),
    (
        RecordedDates(
            strategy_published=dt.date(2024, 1, 20), strategy_last_reviewed=dt.date(2025, 1, 15)
        ),
        {},
        "deadline.strategy_review",
        "on_track",
    ),
    (
        RecordedDates(
            strategy_published=dt.date(2024, 1, 20), strategy_last_reviewed=dt.date(2024, 8, 1)
        ),
        {},
        "deadline.strategy_review",
        "due_soon",
    ),
    (RecordedDates(sna_completed=dt.date(2024, 6, 1)), {}, "deadline.sna_refresh", "overdue"),
    (RecordedDates(), {"data.sna_date": "2025-03-01"}, "deadline.sna_refresh", "on_track"),
    (
        RecordedDates(sna_completed=dt.date(2024, 6, 1)),
        {"data.sna_date": "2025-03-01"},
        "deadline.sna_refresh",
        "overdue",
    ),
]


@pytest.mark.parametrize(
    ("dates", "date_answers", "deadline_id", "status"),
    DEADLINES,
    ids=[
        "no strategy published after 31 January 2024 is overdue",
        "no dates recorded at all: the first strategy is not recorded yet",
        "no dates recorded at all: the SNA refresh is not recorded yet",
        "a strategy published by 31 January 2024 met the deadline",
        "a strategy published after 31 January 2024 was late",
        "never reviewed, more than 12 months since publication: review overdue",
        "reviewed within 12 months: review on track",
        "review due within 90 days: due soon",
        "SNA completed more than 12 months ago: refresh overdue",
        "a date question supplies the SNA date when none is recorded",
        "a recorded date wins over an answer",
    ],
)
def test_deadlines(
    dates: RecordedDates, date_answers: dict[str, str], deadline_id: str, status: str
) -> None:
    answers = [answer(q, v, LEAD) for q, v in date_answers.items()]
    result = score(BUNDLE, answers, context(dates=dates))
    deadline = next(d for d in result.deadlines if d.id == deadline_id)
    assert deadline.status == status
    assert deadline.message


def test_a_partnership_with_no_recorded_dates_has_no_overdue_deadline() -> None:
    result = score(BUNDLE, [], context())
    statuses = {d.id: d.status for d in result.deadlines}
    assert statuses == {
        "deadline.first_strategy": "not_recorded",
        "deadline.strategy_review": "not_applicable",
        "deadline.sna_refresh": "not_recorded",
    }
    for deadline in result.deadlines:
        assert "overdue" not in deadline.message.lower()
    assert "Partnership set-up" in result.deadlines[0].message
    assert not [a for a in result.actions if "overdue" in a.gap.lower()]


def test_first_strategy_overdue_message() -> None:
    [first, *_] = score(BUNDLE, [], context(dates=SNA_ONLY)).deadlines
    assert first.due == dt.date(2024, 1, 31)
    assert "overdue" in first.message
    assert "31 January 2024" in first.message


def test_actions_put_legal_duties_first_then_weight_times_gap() -> None:
    answers = [
        evidenced("gov.duty", 1),  # legal duty, weight 2, gap 3
        evidenced("gov.second_duty", "partly"),  # legal duty, weight 1, gap 2
        evidenced("gov.england_duty", 3),  # legal duty in place: no action
        evidenced("gov.plan", 0),  # weight 1, gap 4
        evidenced("data.sharing", 1),  # weight 1, gap 3
    ]
    actions = score(BUNDLE, answers, context()).actions
    ordered = [a.question_id for a in actions]
    answered = ["gov.duty", "gov.second_duty", "gov.plan", "data.sharing"]
    assert [q for q in ordered if q in answered] == answered
    assert ordered[:2] == ["gov.duty", "gov.second_duty"]
    assert "gov.england_duty" not in ordered
    assert [a.priority for a in actions] == list(range(1, len(actions) + 1))
    first = actions[0]
    assert (first.id, first.statutory, first.requirement_ids) == (
        "act.gov.duty",
        True,
        ["SVD-LEG-01"],
    )
    assert (first.owner_role, first.due) == ("partnership_lead", dt.date(2025, 12, 30))
    assert first.success_measure == "gov.duty in place."
    assert "Emerging (1)" in first.gap


def test_disagreement_breaks_ties_between_equal_gaps() -> None:
    answers = [
        answer("data.sharing", 2),
        answer("gov.plan", 0),
        answer("gov.plan", 4, "Anytown Council"),
    ]
    actions = [a.question_id for a in score(BUNDLE, answers, context()).actions]
    assert actions.index("gov.plan") < actions.index("data.sharing")


def test_each_data_source_gap_is_its_own_action_owned_by_the_source_owner() -> None:
    matrix = {"police_crime": {"availability": "none"}, "housing": {"availability": "aggregate"}}
    actions = score(BUNDLE, [answer("data.sources", matrix, LEAD)], context()).actions
    by_id = {a.id: a for a in actions}
    assert by_id["act.data.sources.police_crime"].owner_role == "police"
    assert by_id["act.data.sources.housing"].owner_role == "local_authority"
    ids = [a.id for a in actions]
    assert ids.index("act.data.sources.police_crime") < ids.index("act.data.sources.housing")


def test_missing_evidence_on_a_legal_duty_is_an_action() -> None:
    actions = score(BUNDLE, all_duties(4, "yes", with_evidence=False), context()).actions
    statutory = [a for a in actions if a.statutory]
    assert {a.question_id for a in statutory} == {"gov.duty", "gov.second_duty", "gov.england_duty"}
    assert all(a.text.startswith("Record the evidence") for a in statutory)


def test_action_ids_do_not_depend_on_position() -> None:
    few = score(BUNDLE, [evidenced("gov.plan", 1)], context()).actions
    many = score(BUNDLE, [evidenced("gov.plan", 1), evidenced("gov.duty", 0)], context()).actions
    assert next(a for a in few if a.question_id == "gov.plan").id == "act.gov.plan"
    assert next(a for a in many if a.question_id == "gov.plan").id == "act.gov.plan"
    assert {a.id for a in many} >= {a.id for a in few}


def test_action_fields_are_exactly_what_the_store_persists() -> None:
    [action, *_] = score(BUNDLE, [], context()).actions
    assert list(action.model_dump()) == [
        "id",
        "priority",
        "question_id",
        "domain_id",
        "requirement_ids",
        "owner_role",
        "due",
        "text",
        "gap",
        "success_measure",
        "statutory",
    ]
    assert action.due > AS_OF


def _unanswered_by_role(result_questions: list[object]) -> dict[str, set[str]]:
    """The scored questions no agency has answered, by each role that answers them."""
    found: dict[str, set[str]] = {}
    for q in result_questions:
        if q.scored and q.status == "not_answered":  # type: ignore[attr-defined]
            for role in BUNDLE.questions[q.question_id].roles:  # type: ignore[attr-defined]
                found.setdefault(role, set()).add(q.question_id)  # type: ignore[attr-defined]
    return found


def test_unanswered_questions_are_one_get_these_answered_action_per_role() -> None:
    """The plan does not list a question nobody has answered as a gap of its own: each role
    gets one action saying how many of its questions have no answer, and in which domains."""
    result = score(BUNDLE, [evidenced("gov.plan", 1)], context())
    expected = _unanswered_by_role(list(result.questions))
    grouped = {a.id: a for a in result.actions if a.id.startswith("act.answer.")}
    assert set(grouped) == {f"act.answer.{role}" for role in expected}
    for role, questions in expected.items():
        action = grouped[f"act.answer.{role}"]
        count = len(questions)
        assert action.text.startswith(f"Get these questions answered: {count} question")
        assert action.owner_role == role
        assert action.question_id is None
        assert f"{count} question" in action.gap
    for action in result.actions:
        assert "No agency has answered this question" not in action.gap
    assert "act.gov.plan" in {a.id for a in result.actions}


def test_the_get_these_answered_action_names_each_domain_with_its_count() -> None:
    result = score(BUNDLE, [], context())
    titles = {d.id: d.title for d in BUNDLE.questionnaire.domains}
    for action in (a for a in result.actions if a.id.startswith("act.answer.")):
        role = action.owner_role
        per_domain: dict[str, int] = {}
        for q in result.questions:
            if (
                q.scored
                and q.status == "not_answered"
                and role in BUNDLE.questions[q.question_id].roles
            ):
                per_domain[titles[q.domain_id]] = per_domain.get(titles[q.domain_id], 0) + 1
        if len(per_domain) == 1:
            assert action.text.endswith(f" in {next(iter(per_domain))}.")
        else:
            for title, n in per_domain.items():
                assert f"{title} ({n})" in action.text
            assert f"{len(per_domain)} domains: " in action.text


def test_answering_a_question_keeps_the_group_id_and_gives_the_question_its_own_action() -> None:
    before = {a.id: a for a in score(BUNDLE, [], context()).actions}
    after = {a.id: a for a in score(BUNDLE, [evidenced("gov.plan", 1)], context()).actions}
    assert "act.gov.plan" not in before
    assert after["act.gov.plan"].question_id == "gov.plan"
    police = "act.answer.police"
    if police in after:
        assert before[police].id == after[police].id
    count = {
        k: int(a.text.split(": ")[1].split(" ")[0])
        for k, a in before.items()
        if k.startswith("act.answer.")
    }
    count_after = {
        k: int(a.text.split(": ")[1].split(" ")[0])
        for k, a in after.items()
        if k.startswith("act.answer.")
    }
    for role in BUNDLE.questions["gov.plan"].roles:
        key = f"act.answer.{role}"
        assert count_after.get(key, 0) == count[key] - 1
