"""Checks on agencies' answers before they are scored or saved.

Every problem is reported, each with where it is and what is expected, in plain English.
``check_answer`` checks one answer (the UI and the store call it before saving);
``check_answers`` checks a whole answers file; ``parse_answer_set`` turns raw JSON data into
an ``AnswerSet`` or a list of problems.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from readiness.bundle import ContentBundle
from readiness.labels import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.models import (
    MAX_LEVEL,
    Answer,
    AnswerSet,
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesPartlyNoQuestion,
)
from readiness.models._base import Nation

_NA_WORDS = {"n/a", "na", "not applicable", "n.a."}
_MATRIX_FIELDS = {"availability", "timeliness", "granularity", "agreement", "used_in_sna"}


class AnswerProblem(BaseModel):
    """One problem with an answers file: where it is and what is wrong."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


def _quote_list(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_options(
    question: SingleChoiceQuestion | MultiChoiceQuestion, ids: list[str]
) -> list[str]:
    known = [o.id for o in question.options]
    unknown = [v for v in ids if v not in known]
    if unknown:
        return [f"Unknown option {_quote_list(unknown)}. Choose from {_quote_list(known)}."]
    return []


def _check_matrix(question: DataSourceMatrixQuestion, value: Any) -> list[str]:
    if not isinstance(value, Mapping):
        return [
            "Give the data-source matrix as an object keyed by source id, for example "
            '{"police_crime": {"availability": "record_level"}}.'
        ]
    known = [s.id for s in question.sources]
    problems: list[str] = []
    for key, row in value.items():
        if key not in known:
            problems.append(f"Unknown data source '{key}'. Use one of {_quote_list(known)}.")
            continue
        if not isinstance(row, Mapping):
            problems.append(
                f"Source '{key}': give an object with availability and the other fields."
            )
            continue
        extra = sorted(str(k) for k in row if k not in _MATRIX_FIELDS)
        if extra:
            problems.append(
                f"Source '{key}': unknown field {_quote_list(extra)}. "
                f"Fields are {_quote_list(sorted(_MATRIX_FIELDS))}."
            )
        choices = {
            "availability": list(AVAILABILITY_LABELS),
            "timeliness": list(TIMELINESS_LABELS),
            "granularity": list(GRANULARITY_LABELS),
        }
        if "availability" not in row:
            problems.append(
                f"Source '{key}': availability is missing. "
                f"Use one of {_quote_list(choices['availability'])}."
            )
        for field, allowed in choices.items():
            if field in row and row[field] not in allowed:
                problems.append(
                    f"Source '{key}': {field} '{row[field]}' is not recognised. "
                    f"Use one of {_quote_list(allowed)}."
                )
        for field in ("agreement", "used_in_sna"):
            if field in row and not isinstance(row[field], bool):
                problems.append(f"Source '{key}': {field} must be true or false.")
    return problems


def _check_scale(question: ScaleQuestion, value: Any) -> list[str]:
    if not isinstance(value, int) or isinstance(value, bool):
        return [f"Give a whole-number level from 0 to {MAX_LEVEL}."]
    if not 0 <= value <= MAX_LEVEL:
        return [f"Level {value} is out of range. Give a level from 0 to {MAX_LEVEL}."]
    return []


def _check_yes_partly_no(question: YesPartlyNoQuestion, value: Any) -> list[str]:
    if value not in ("yes", "partly", "no"):
        return ["Answer 'yes', 'partly' or 'no'."]
    return []


def _check_single(question: SingleChoiceQuestion, value: Any) -> list[str]:
    if not isinstance(value, str):
        return ["Give the id of one option."]
    return _check_options(question, [value])


def _check_multi(question: MultiChoiceQuestion, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return ['Give a list of option ids, for example ["option_a", "option_b"].']
    problems = _check_options(question, value)
    if len(set(value)) != len(value):
        problems.append("An option is ticked more than once. Tick each option once.")
    exclusive = [o for o in question.options if o.exclusive and o.id in value]
    if exclusive and len(set(value)) > 1:
        problems.append(
            f"'{exclusive[0].label}' cannot be combined with other options. "
            "Tick it on its own, or untick it."
        )
    return problems


def _check_number(question: NumberQuestion, value: Any) -> list[str]:
    if not _is_number(value) or not math.isfinite(value):
        return ["Give a number."]
    if question.minimum is not None and value < question.minimum:
        return [f"{value:g} is below the minimum. Give a number of {question.minimum:g} or more."]
    if question.maximum is not None and value > question.maximum:
        return [f"{value:g} is above the maximum. Give a number of {question.maximum:g} or less."]
    return []


def _check_date(question: DateQuestion, value: Any) -> list[str]:
    message = ["Give a real date as YYYY-MM-DD, for example 2024-01-31."]
    if not isinstance(value, str) or len(value) != 10:
        return message
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return message
    return []


def _check_text(question: TextQuestion, value: Any) -> list[str]:
    if not isinstance(value, str):
        return ["Give the answer as text."]
    if len(value) > question.max_length:
        return [
            f"The answer is {len(value)} characters long. "
            f"Shorten it to {question.max_length} characters or fewer."
        ]
    return []


# One value check per question type, keyed by the type's name in the questionnaire
# (``tests/test_question_dispatch.py`` checks that every type has one).
VALUE_CHECKS: Mapping[str, Callable[[Any, Any], list[str]]] = {
    "scale": _check_scale,
    "yes_partly_no": _check_yes_partly_no,
    "single_choice": _check_single,
    "multi_choice": _check_multi,
    "number": _check_number,
    "date": _check_date,
    "text": _check_text,
    "sna_data_sources": _check_matrix,
}


def check_value(question: Question, value: Any) -> list[str]:
    """Problems with a (non-empty) value for this question's type."""
    return VALUE_CHECKS[question.type](question, value)


def check_answer(bundle: ContentBundle, answer: Answer, nation: Nation) -> list[str]:
    """Every problem with one agency's answer, as plain-English messages (empty when fine)."""
    question = bundle.questions.get(answer.question_id)
    if question is None:
        q = bundle.questionnaire
        return [
            f"There is no question '{answer.question_id}' in questionnaire '{q.id}' "
            f"version {q.version}. Check the question id."
        ]
    problems: list[str] = []
    nation_name = nation.capitalize()
    role = bundle.role_by_id.get(answer.role)
    if role is None:
        problems.append(
            f"Role '{answer.role}' is not a known role. "
            f"Use one of {_quote_list(sorted(bundle.role_by_id))}."
        )
    elif nation not in role.nations:
        problems.append(f"Role '{answer.role}' ({role.name}) does not exist in {nation_name}.")
    elif answer.role not in question.roles:
        problems.append(
            f"This question is answered by {_quote_list(question.roles)}, "
            f"not by role '{answer.role}'."
        )
    if not bundle.applies(question, nation):
        problems.append(f"This question is not asked of partnerships in {nation_name}.")

    value = answer.value
    if isinstance(value, str) and value.strip().lower() in _NA_WORDS:
        if not question.allow_na:
            problems.append("This question cannot be answered N/A. Give an answer.")
        else:
            problems.append(
                "To say this question does not apply, leave the value empty (null) and give "
                "the reason in na_reason."
            )
        return problems
    if value is None:
        if answer.na_reason.strip() and not question.allow_na:
            problems.append("This question cannot be answered N/A. Give an answer.")
        return problems
    if answer.na_reason.strip():
        problems.append(
            "The answer has both a value and an N/A reason. Give a value, or leave the value "
            "empty and give the N/A reason."
        )
    problems.extend(check_value(question, value))
    return problems


def _location(index: int, answer: Answer) -> str:
    return f"answers[{index}] (agency '{answer.agency}', question '{answer.question_id}')"


def check_answers(bundle: ContentBundle, answer_set: AnswerSet) -> list[AnswerProblem]:
    """Every problem in an answers file, in file order."""
    problems: list[AnswerProblem] = []
    q = bundle.questionnaire
    if answer_set.questionnaire_id != q.id:
        problems.append(
            AnswerProblem(
                location="questionnaire_id",
                message=(
                    f"The answers are for questionnaire '{answer_set.questionnaire_id}', but "
                    f"the questionnaire in use is '{q.id}'."
                ),
            )
        )
    elif answer_set.questionnaire_version != q.version:
        problems.append(
            AnswerProblem(
                location="questionnaire_version",
                message=(
                    f"The answers are for version {answer_set.questionnaire_version}, but the "
                    f"questionnaire in use is version {q.version}."
                ),
            )
        )
    seen: dict[tuple[str, str], int] = {}
    for index, answer in enumerate(answer_set.answers):
        location = _location(index, answer)
        for message in check_answer(bundle, answer, answer_set.nation):
            problems.append(AnswerProblem(location=location, message=message))
        key = (answer.agency, answer.question_id)
        if key in seen:
            problems.append(
                AnswerProblem(
                    location=location,
                    message=(
                        f"Agency '{answer.agency}' has already answered this question in "
                        f"answers[{seen[key]}]. Give one answer per agency per question."
                    ),
                )
            )
        else:
            seen[key] = index
    return problems


def _describe(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _validation_message(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    loc = error.get("loc", ())
    field = str(loc[-1]) if loc else "value"
    if kind == "missing":
        return f"'{field}' is missing. Add it."
    if kind == "extra_forbidden":
        return f"'{field}' is not a recognised field. Remove it or check its spelling."
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"This value is not recognised. Use {expected}."
    if kind.startswith("date"):
        return "Give a real date as YYYY-MM-DD, for example 2024-01-31."
    if kind == "string_pattern_mismatch":
        return "Use lower-case letters, digits, dots, dashes and underscores only."
    return f"{error.get('msg', 'This value is not valid')}."


def parse_answer_set(data: object) -> tuple[AnswerSet | None, list[AnswerProblem]]:
    """Validate raw JSON data as an answers file, listing every problem with its location."""
    if not isinstance(data, Mapping):
        return None, [
            AnswerProblem(
                location="the file",
                message=(
                    "The answers file must be a JSON object with questionnaire_id, "
                    "questionnaire_version, as_of, nation and answers."
                ),
            )
        ]
    try:
        return AnswerSet.model_validate(data), []
    except ValidationError as exc:
        problems = []
        answers = data.get("answers")
        for error in exc.errors():
            loc = tuple(error["loc"])
            location = _describe(loc)
            if len(loc) >= 2 and loc[0] == "answers" and isinstance(loc[1], int):
                row = answers[loc[1]] if isinstance(answers, list) else None
                if isinstance(row, Mapping):
                    location = (
                        f"{location} (agency '{row.get('agency', '?')}', "
                        f"question '{row.get('question_id', '?')}')"
                    )
            problems.append(AnswerProblem(location=location, message=_validation_message(error)))
        return None, problems
