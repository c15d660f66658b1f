"""Complete, realistic answer sets built from a questionnaire, for golden files, benchmarks
and demonstrations. Deterministic: the same bundle, profile and seed give the same answers.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Mapping
from typing import Any, Literal

from readiness.bundle import ContentBundle
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

Profile = Literal["starting", "developing", "mature"]

#: (lowest level, highest level, chance of evidence, chance of leaving a question unanswered)
_PROFILES: dict[str, tuple[int, int, float, float]] = {
    "starting": (0, 2, 0.1, 0.3),
    "developing": (2, 3, 0.5, 0.05),
    "mature": (3, 4, 1.0, 0.0),
}
_DATE_AGE_DAYS = {"starting": 500, "developing": 300, "mature": 60}


def _value(question: Question, level: int, profile: str, as_of: dt.date) -> Any:
    return SAMPLERS[question.type](question, level, profile, as_of)


def _scale(question: ScaleQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    return level


def _yes_partly_no(question: YesPartlyNoQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    return "yes" if level >= 3 else "partly" if level == 2 else "no"


def _single(question: SingleChoiceQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    return min(question.options, key=lambda o: (abs(o.score - level), o.id)).id


def _multi(question: MultiChoiceQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    ordinary = [o.id for o in question.options if not o.exclusive]
    exclusive = [o.id for o in question.options if o.exclusive]
    if question.scoring.rule == "thresholds":
        count = (question.scoring.thresholds or [0] * MAX_LEVEL)[level - 1] if level else 0
    else:
        count = math.ceil(len(ordinary) * level / MAX_LEVEL)
    if count == 0:
        return exclusive[:1]
    return ordinary[:count]


def _number(question: NumberQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    if question.bands:
        return min(question.bands, key=lambda b: (abs(b.score - level), b.min)).min
    low = question.minimum if question.minimum is not None else 0.0
    high = question.maximum if question.maximum is not None else 100.0
    return low + (high - low) * level / MAX_LEVEL


def _date(question: DateQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    return (as_of - dt.timedelta(days=_DATE_AGE_DAYS[profile])).isoformat()


def _text(question: TextQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    return f"Summary written for a {profile} partnership."


def _matrix(question: DataSourceMatrixQuestion, level: int, profile: str, as_of: dt.date) -> Any:
    availability = ["none", "none", "aggregate", "record_level", "record_level"]
    timeliness = ["unknown", "stale", "recent", "current", "current"]
    return {
        source.id: {
            "availability": availability[min(MAX_LEVEL, level + i % 2)],
            "timeliness": timeliness[level],
            "granularity": "neighbourhood" if level >= 3 else "local_authority",
            "agreement": level >= 3,
            "used_in_sna": level >= 2,
        }
        for i, source in enumerate(question.sources)
    }


# A sample value at a given level, per question type (tests/test_question_dispatch.py).
SAMPLERS: Mapping[str, Callable[[Any, int, str, dt.date], Any]] = {
    "scale": _scale,
    "yes_partly_no": _yes_partly_no,
    "single_choice": _single,
    "multi_choice": _multi,
    "number": _number,
    "date": _date,
    "text": _text,
    "sna_data_sources": _matrix,
}


def agencies_for(bundle: ContentBundle, nation: Nation, count: int) -> list[tuple[str, str]]:
    """``count`` agencies (name, role), cycling through the roles that exist in the nation."""
    roles = [r for r in bundle.roles.roles if nation in r.nations]
    agencies = []
    for i in range(count):
        role = roles[i % len(roles)]
        suffix = "" if i < len(roles) else f" {i // len(roles) + 1}"
        agencies.append((f"Anytown {role.name}{suffix}", role.id))
    return agencies


def sample_answer_set(
    bundle: ContentBundle,
    profile: Profile,
    *,
    nation: Nation = "england",
    as_of: dt.date = dt.date(2025, 6, 30),
    agency_count: int | None = None,
    seed: int = 1,
    every_question: bool = False,
) -> AnswerSet:
    """A complete answers file for a partnership at the given stage.

    ``every_question`` makes every agency answer every question, whatever its role (a worst
    case for benchmarks; such a file does not pass ``check_answers``).
    """
    rng = random.Random(f"{profile}-{nation}-{seed}")  # noqa: S311 - sample data, not secrets
    low, high, evidence_chance, skip_chance = _PROFILES[profile]
    roles = [r for r in bundle.roles.roles if nation in r.nations]
    agencies = agencies_for(bundle, nation, agency_count or len(roles))
    lead = next((name for name, role in agencies if role == "partnership_lead"), None)
    answers: list[Answer] = []
    for question in bundle.questionnaire.questions():
        if not bundle.applies(question, nation):
            continue
        for agency, role in agencies:
            if every_question:
                pass
            elif role not in question.roles or rng.random() < skip_chance:
                continue
            if isinstance(question, DateQuestion) and profile == "starting":
                continue  # nothing dated yet: no strategy, no SNA
            if question.allow_na and rng.random() < 0.15:
                answers.append(
                    Answer(
                        agency=agency,
                        role=role,
                        question_id=question.id,
                        na_reason="This does not apply to our organisation.",
                    )
                )
                continue
            level = rng.randint(low, high)
            evidence = rng.random() < evidence_chance
            answers.append(
                Answer(
                    agency=agency,
                    role=role,
                    question_id=question.id,
                    value=_value(question, level, profile, as_of),
                    evidence=f"Board minutes and documents held by {agency}." if evidence else "",
                    comment="",
                )
            )
    return AnswerSet(
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=bundle.questionnaire.version,
        as_of=as_of,
        nation=nation,
        lead_agency=lead,
        answers=answers,
    )
