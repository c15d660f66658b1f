"""Checks on answers before scoring or saving: every problem, where it is, what is expected."""

from __future__ import annotations

from typing import Any

import pytest

from readiness.answer_check import check_answer, check_answers, parse_answer_set
from readiness.models import Answer, AnswerSet
from tests.scoring.synthetic import AS_OF, bundle

BUNDLE = bundle()


def _answer(qid: str, value: Any, role: str = "police", **extra: Any) -> Answer:
    return Answer(agency="Anytown Police", role=role, question_id=qid, value=value, **extra)


CASES = [
    (_answer("gov.duty", 3), "england", None),
    (_answer("gov.nope", 3), "england", "There is no question 'gov.nope'"),
    (_answer("gov.duty", 3, role="wizard"), "england", "Role 'wizard' is not a known role"),
    (_answer("gov.duty", 3, role="education"), "england", "not by role 'education'"),
    (_answer("gov.duty", 3, role="icb"), "wales", "does not exist in Wales"),
    (_answer("wales.only", 3), "england", "not asked of partnerships in England"),
    (_answer("gov.duty", "3"), "england", "Give a whole-number level from 0 to 4"),
    (_answer("gov.duty", True), "england", "Give a whole-number level from 0 to 4"),
    (_answer("gov.duty", 5), "england", "Level 5 is out of range"),
    (_answer("gov.second_duty", "maybe"), "england", "Answer 'yes', 'partly' or 'no'"),
    (_answer("data.choice", "medium"), "england", "Unknown option 'medium'"),
    (_answer("data.share", ["a", "zz"]), "england", "Unknown option 'zz'"),
    (_answer("data.share", "a"), "england", "Give a list of option ids"),
    (_answer("data.share", ["a", "none"]), "england", "cannot be combined with other options"),
    (_answer("data.percent", 120), "england", "above the maximum"),
    (_answer("data.percent", -1), "england", "below the minimum"),
    (_answer("data.percent", "lots"), "england", "Give a number"),
    (_answer("data.sna_date", "31/01/2024"), "england", "Give a real date as YYYY-MM-DD"),
    (_answer("data.sna_date", "2024-02-30"), "england", "Give a real date as YYYY-MM-DD"),
    (_answer("data.notes", "x" * 21), "england", "Shorten it to 20 characters or fewer"),
    (
        _answer("data.sources", {"tv_licences": {"availability": "none"}}),
        "england",
        "Unknown data source 'tv_licences'",
    ),
    (
        _answer("data.sources", {"housing": {"availability": "some"}}),
        "england",
        "availability 'some' is not recognised",
    ),
    (
        _answer("data.sources", {"housing": {"timeliness": "current"}}),
        "england",
        "availability is missing",
    ),
    (
        _answer("data.sources", {"housing": {"availability": "none", "colour": 1}}),
        "england",
        "unknown field 'colour'",
    ),
    (
        _answer("data.sources", {"housing": {"availability": "none", "agreement": "yes"}}),
        "england",
        "agreement must be true or false",
    ),
    (_answer("data.sources", [1, 2]), "england", "object keyed by source id"),
    (_answer("gov.duty", None, na_reason="Not for us."), "england", "cannot be answered N/A"),
    (_answer("gov.plan", None, na_reason="We have no plan."), "england", None),
    (_answer("gov.plan", "N/A"), "england", "give the reason in na_reason"),
    (_answer("gov.plan", 2, na_reason="Odd."), "england", "both a value and an N/A reason"),
    (_answer("gov.duty", None), "england", None),
]


@pytest.mark.parametrize(
    ("answer", "nation", "problem"),
    CASES,
    ids=[
        "a good answer has no problems",
        "unknown question",
        "unknown role",
        "a role that does not answer this question",
        "a role that does not exist in the nation",
        "a question not asked in this nation",
        "a level given as text",
        "a level given as true/false",
        "a level out of 0 to 4",
        "yes/partly/no with another word",
        "unknown option id",
        "unknown option id in a list",
        "multi choice given as one string",
        "an exclusive option combined with others",
        "number above the maximum",
        "number below the minimum",
        "number given as text",
        "a date in the wrong format",
        "a date that does not exist",
        "text too long",
        "matrix: unknown source id",
        "matrix: unknown availability",
        "matrix: availability missing",
        "matrix: unknown field",
        "matrix: agreement not true or false",
        "matrix: not an object",
        "N/A where N/A is not allowed",
        "N/A with a reason where allowed is fine",
        "N/A written as a value instead of with a reason",
        "a value and an N/A reason together",
        "no value and no reason is simply not answered",
    ],
)
def test_check_one_answer(answer: Answer, nation: str, problem: str | None) -> None:
    problems = check_answer(BUNDLE, answer, nation)  # type: ignore[arg-type]
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


def _set(answers: list[Answer], **extra: Any) -> AnswerSet:
    fields: dict[str, Any] = {
        "questionnaire_id": "synthetic",
        "questionnaire_version": "1.0",
        "as_of": AS_OF,
        "nation": "england",
    }
    fields.update(extra)
    return AnswerSet(answers=answers, **fields)


def test_every_problem_in_a_file_is_listed_with_its_location() -> None:
    answers = [
        _answer("gov.duty", 3),
        _answer("gov.duty", 9),
        _answer("sna.data_sources", {}),
        _answer("gov.plan", 2),
        _answer("gov.duty", 2),
    ]
    problems = check_answers(BUNDLE, _set(answers))
    assert [p.location for p in problems] == [
        "answers[1] (agency 'Anytown Police', question 'gov.duty')",
        "answers[1] (agency 'Anytown Police', question 'gov.duty')",
        "answers[2] (agency 'Anytown Police', question 'sna.data_sources')",
        "answers[4] (agency 'Anytown Police', question 'gov.duty')",
    ]
    assert "already answered this question in answers[0]" in problems[1].message
    assert problems[-1].message == (
        "Agency 'Anytown Police' has already answered this question in answers[0]. "
        "Give one answer per agency per question."
    )


@pytest.mark.parametrize(
    ("extra", "location", "message"),
    [
        ({"questionnaire_id": "other"}, "questionnaire_id", "questionnaire 'other'"),
        ({"questionnaire_version": "2.0"}, "questionnaire_version", "version 2.0"),
    ],
    ids=["answers for another questionnaire", "answers for another version"],
)
def test_questionnaire_must_match(extra: dict[str, str], location: str, message: str) -> None:
    [problem] = check_answers(BUNDLE, _set([], **extra))
    assert problem.location == location
    assert message in problem.message


def test_parse_lists_every_structural_problem_with_its_location() -> None:
    data = {
        "questionnaire_id": "synthetic",
        "as_of": "2025-13-01",
        "nation": "scotland",
        "answers": [{"agency": "Anytown Police", "question_id": "gov.duty", "value": 3, "x": 1}],
    }
    answer_set, problems = parse_answer_set(data)
    assert answer_set is None
    found = {(p.location, p.message) for p in problems}
    assert ("questionnaire_version", "'questionnaire_version' is missing. Add it.") in found
    assert any(p.location == "as_of" and "YYYY-MM-DD" in p.message for p in problems)
    assert any(p.location == "nation" and "'england'" in p.message for p in problems)
    where = "answers[0].role (agency 'Anytown Police', question 'gov.duty')"
    assert (where, "'role' is missing. Add it.") in found


def test_parse_refuses_something_that_is_not_an_object() -> None:
    answer_set, [problem] = parse_answer_set([1, 2])
    assert answer_set is None
    assert problem.location == "the file"
