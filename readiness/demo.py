"""Fictional demo data: one clearly labelled region with partnerships to explore.

Pure and deterministic: :func:`demo_document` takes the content bundle and a seed and returns a
backup document (the same format as ``python -m readiness export``), which
``Store.load_demo`` imports. Every name starts with "Demo" and every place is made up.

The region has 9 partnerships (6 in England, 3 in Wales) chosen to show the real spread by late
2026: this year's rounds have partnerships in every band (Exceeded, Met, Approaching, Not met),
one whose annual strategy review is overdue (so its review answers are capped and it falls from
Met to Approaching), one whose first strategy was published late, one blocked on the
consultation duty alone, and a Welsh partnership whose Local Health Board owns actions. Each
has two rounds: last year's (closed, nearly complete) and this year's (open, carried forward,
partly re-confirmed, some agencies still to answer). Several agencies answer the shared
questions, a few disagree by two levels or more, some answers lack evidence, and the action
plans (drafted by the scoring engine) are in different states.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from typing import Any

from readiness.bundle import ContentBundle
from readiness.demo_places import (
    COMMENTS,
    EVIDENCE_NOTES,
    OWN_AGENCIES,
    PLACES,
    SHARED_AGENCIES,
    Place,
)
from readiness.models import (
    Answer,
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    Nation,
    NumberQuestion,
    PartnershipContext,
    Question,
    RecordedDates,
    ScaleQuestion,
    SingleChoiceQuestion,
    TextQuestion,
    YesPartlyNoQuestion,
)
from readiness.scoring import ScoringResult, score
from readiness.store.records import (
    ACTION_STATUSES,
    ActionStatus,
    Agency,
    AuditEntry,
    BackupDocument,
    Membership,
    Partnership,
    Rag,
    Region,
    Round,
    StoredAction,
    StoredAnswer,
)

DEMO_SEED = 2026
DEMO_REGION_ID = "demo-northshire"
DEMO_REGION_NAME = "Demo: Northshire and Glannau Violence Reduction Network (fictional)"
DEMO_USER = "demo-data"

PREVIOUS_LABEL, PREVIOUS_AS_OF = "2025/26", dt.date(2026, 3, 31)
CURRENT_LABEL, CURRENT_AS_OF = "2026/27", dt.date(2026, 10, 31)


def _clamp(level: float) -> int:
    return max(0, min(4, round(level)))


def _value_for(question: Question, level: int, as_of: dt.date, rng: random.Random) -> Any:
    """A valid answer value for the question type at roughly this maturity level."""
    if isinstance(question, ScaleQuestion):
        return level
    if isinstance(question, YesPartlyNoQuestion):
        return "yes" if level >= 3 else "partly" if level >= 2 else "no"
    if isinstance(question, SingleChoiceQuestion):
        best = min(question.options, key=lambda o: (abs(o.score - level), o.score))
        return best.id
    if isinstance(question, MultiChoiceQuestion):
        plain = [o for o in question.options if not o.exclusive]
        if question.scoring.rule == "thresholds" and question.scoring.thresholds:
            count = question.scoring.thresholds[level - 1] if level else 0
        else:
            count = math.ceil(len(plain) * level / 4)
        if count == 0:
            exclusive = [o.id for o in question.options if o.exclusive]
            return exclusive[:1]
        chosen = set(rng.sample([o.id for o in plain], count))
        return [o.id for o in plain if o.id in chosen]
    if isinstance(question, NumberQuestion):
        return _number_for(question, level, rng)
    if isinstance(question, DateQuestion):
        return (as_of - dt.timedelta(days=30 + (4 - level) * 90 + rng.randint(0, 40))).isoformat()
    if isinstance(question, TextQuestion):
        return "Summary recorded in the partnership's annual report."[: question.max_length]
    if isinstance(question, DataSourceMatrixQuestion):
        matrix: dict[str, dict[str, Any]] = {}
        for source in question.sources:
            here = _clamp(level + rng.choice((-1, 0, 0, 1)))
            matrix[source.id] = {
                "availability": ("none", "aggregate", "aggregate", "record_level", "record_level")[
                    here
                ],
                "timeliness": ("stale", "stale", "recent", "current", "current")[here],
                "granularity": ("none", "force_area", "local_authority", "neighbourhood", "point")[
                    here
                ],
                "agreement": here >= 2,
                "used_in_sna": here >= 2,
            }
        return matrix
    raise TypeError(f"unknown question type {type(question).__name__}")  # pragma: no cover


def _number_for(question: NumberQuestion, level: int, rng: random.Random) -> float:
    low = question.minimum if question.minimum is not None else 0.0
    high = question.maximum if question.maximum is not None else 100.0
    if question.bands:
        bands = sorted(question.bands, key=lambda b: b.min)
        reached = [b for b in bands if b.score <= level] or bands[:1]
        band = reached[-1]
        later = [b.min for b in bands if b.min > band.min]
        top = min(later[0] - 1 if later else high, high)
        low, high = band.min, max(band.min, top)
    return float(round(rng.uniform(low, high)))


def _evidence(level: int, as_of: dt.date, rng: random.Random) -> tuple[str, list[str]]:
    if level < 2 or rng.random() < 0.2:  # some answers deliberately lack evidence
        return "", []
    month = (as_of - dt.timedelta(days=rng.randint(20, 300))).strftime("%B %Y")
    text = rng.choice(EVIDENCE_NOTES).format(month=month)
    links = ["https://example.org/demo/evidence"] if rng.random() < 0.3 else []
    return text, links


def _agencies_for(place: Place) -> list[tuple[str, str, str]]:
    """(agency id, name, role) for every member of one partnership."""
    members = [(aid, name, role) for role, (aid, name) in SHARED_AGENCIES[place.nation].items()]
    for role in ("partnership_lead", "local_authority", "youth_justice", *place.extras):
        suffix, pattern = OWN_AGENCIES[role]
        members.append((f"demo-{place.slug}-{suffix}", pattern.format(name=place.name), role))
    return members


def demo_document(bundle: ContentBundle, *, seed: int = DEMO_SEED) -> BackupDocument:
    """The demo region as a backup document, ready for ``Store.import_json``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fictional data, not security
    questionnaire = bundle.questionnaire
    created = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)
    region = Region(
        id=DEMO_REGION_ID,
        name=DEMO_REGION_NAME,
        description="Fictional data for exploring the tool. None of these places or "
        "organisations exist.",
        is_demo=True,
    )
    agencies: dict[str, Agency] = {}
    partnerships: list[Partnership] = []
    memberships: list[Membership] = []
    rounds: list[Round] = []
    answers: list[StoredAnswer] = []
    actions: list[StoredAction] = []
    audit: list[AuditEntry] = []
    domain_offsets = {d.id: rng.uniform(-0.7, 0.7) for d in questionnaire.domains}

    for place in PLACES:
        pid = f"demo-{place.slug}"
        members = _agencies_for(place)
        for aid, name, role in members:
            agencies.setdefault(aid, Agency(id=aid, name=name, role_id=role))
            memberships.append(Membership(partnership_id=pid, agency_id=aid))
        lead_id = next(aid for aid, _, role in members if role == "partnership_lead")
        partnerships.append(
            Partnership(
                id=pid,
                name=f"Demo: {place.name} Community Safety Partnership",
                region_id=DEMO_REGION_ID,
                nation=place.nation,
                local_government_areas=list(place.areas),
                partnership_type="csp",
                lead_agency_id=lead_id,
                is_demo=True,
            )
        )
        previous_id, current_id = f"{pid}.2025-26", f"{pid}.2026-27"
        maturity = place.maturity + rng.uniform(-0.2, 0.2)
        previous_answers = _round_answers(
            bundle,
            place,
            members,
            round_id=previous_id,
            as_of=PREVIOUS_AS_OF,
            maturity=maturity - 0.6,
            coverage=0.95,
            rng=rng,
            domain_offsets=domain_offsets,
        )
        current_answers = _carry_and_update(
            bundle,
            place,
            members,
            round_id=current_id,
            previous=previous_answers,
            maturity=maturity,
            rng=rng,
            domain_offsets=domain_offsets,
        )
        answers += previous_answers + current_answers
        prev_round = Round(
            id=previous_id,
            partnership_id=pid,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            label=PREVIOUS_LABEL,
            as_of=PREVIOUS_AS_OF,
            dates=_dates(place, PREVIOUS_AS_OF),
            status="closed",
            created_at=created,
            closed_at=dt.datetime(2026, 4, 20, 16, 0, tzinfo=dt.UTC),
        )
        current_created = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)
        cur_round = Round(
            id=current_id,
            partnership_id=pid,
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            label=CURRENT_LABEL,
            as_of=CURRENT_AS_OF,
            dates=_dates(place, CURRENT_AS_OF),
            status="open",
            carried_from_round_id=previous_id,
            created_at=current_created,
        )
        rounds += [prev_round, cur_round]
        owners = {role: aid for aid, _, role in members}
        roles = {aid: role for aid, _, role in members}
        for round_, round_answers, closed in (
            (prev_round, previous_answers, True),
            (cur_round, current_answers, False),
        ):
            result = _result(bundle, place, round_, round_answers, roles=roles, lead_id=lead_id)
            actions += _actions(result, round_, owners, rng, closed=closed)
        audit += [
            AuditEntry(
                at=created,
                user=DEMO_USER,
                entity="round",
                entity_id=previous_id,
                field="created",
                new_value={"label": PREVIOUS_LABEL},
                partnership_id=pid,
                round_id=previous_id,
            ),
            AuditEntry(
                at=prev_round.closed_at or created,
                user=DEMO_USER,
                entity="round",
                entity_id=previous_id,
                field="status",
                old_value="open",
                new_value="closed",
                partnership_id=pid,
                round_id=previous_id,
            ),
            AuditEntry(
                at=current_created,
                user=DEMO_USER,
                entity="round",
                entity_id=current_id,
                field="carried_forward_from",
                new_value=previous_id,
                partnership_id=pid,
                round_id=current_id,
            ),
        ]
    return BackupDocument(
        exported_at=dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC),
        regions=[region],
        agencies=sorted(agencies.values(), key=lambda a: a.id),
        partnerships=partnerships,
        memberships=memberships,
        rounds=rounds,
        answers=answers,
        actions=actions,
        audit_log=audit,
    )


def _applicable(bundle: ContentBundle, nation: Nation) -> list[Question]:
    return [q for q in bundle.questionnaire.questions() if bundle.applies(q, nation)]


def _round_answers(
    bundle: ContentBundle,
    place: Place,
    members: Sequence[tuple[str, str, str]],
    *,
    round_id: str,
    as_of: dt.date,
    maturity: float,
    coverage: float,
    rng: random.Random,
    domain_offsets: dict[str, float],
) -> list[StoredAnswer]:
    """Answers for one round: each member answers its role's questions (most of them)."""
    out: list[StoredAnswer] = []
    stamp = dt.datetime.combine(as_of - dt.timedelta(days=20), dt.time(10, 0), tzinfo=dt.UTC)
    dates = {name: day for name, day in place.dates if day <= as_of}
    offsets = dict(place.role_offsets)
    forced = dict(place.forced)
    for question in _applicable(bundle, place.nation):
        base = maturity + domain_offsets[bundle.domain_of[question.id].id]
        answering = [m for m in members if m[2] in question.roles]
        floored = place.floor > 0 and bundle.is_statutory(question, place.nation)
        outlier = -1
        rule = bundle.questionnaire.combine_rule_for(question)
        # on a floored legal duty, only a disagreement the median absorbs
        may_disagree = not floored or (rule == "median" and len(answering) >= 3)
        if len(answering) > 1 and rng.random() < 0.15 and may_disagree:
            outlier = rng.randrange(len(answering))
        for index, (aid, _name, role) in enumerate(answering):
            if rng.random() > coverage and not floored:
                continue
            if isinstance(question, DateQuestion):
                day = dates.get(question.context_date or "")
                if day is None or role != "partnership_lead":
                    continue
                level = 3
                value: Any = day.isoformat()
            else:
                level = _clamp(base + offsets.get(role, 0.0) + rng.gauss(0, 0.5))
                if floored:
                    level = max(level, place.floor)
                if index == outlier:  # a disagreement of two levels or more
                    level = level - 2 if level >= 2 else level + 2
                level = forced.get(question.id, level)
                value = _value_for(question, level, as_of, rng)
            na_reason = ""
            if question.allow_na and not floored and rng.random() < 0.1:
                value, na_reason = None, "Not applicable to our organisation in this area."
            evidence, links = _evidence(level, as_of, rng)
            if floored and place.floor >= 3 and not evidence:
                evidence = f"Signed board minute, {as_of - dt.timedelta(days=45):%B %Y}"
            out.append(
                StoredAnswer(
                    round_id=round_id,
                    agency_id=aid,
                    question_id=question.id,
                    value=value,
                    na_reason=na_reason,
                    evidence=evidence,
                    evidence_links=links,
                    comment=rng.choice(COMMENTS),
                    updated_by=f"{aid}@example.org",
                    updated_at=stamp + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 14)),
                    revision=1 + (1 if rng.random() < 0.2 else 0),
                    status="confirmed",
                )
            )
    return out


def _carry_and_update(
    bundle: ContentBundle,
    place: Place,
    members: Sequence[tuple[str, str, str]],
    *,
    round_id: str,
    previous: Sequence[StoredAnswer],
    maturity: float,
    rng: random.Random,
    domain_offsets: dict[str, float],
) -> list[StoredAnswer]:
    """This year's round: carried forward, then some agencies have re-answered or confirmed."""
    fresh = {
        (a.agency_id, a.question_id): a
        for a in _round_answers(
            bundle,
            place,
            members,
            round_id=round_id,
            as_of=CURRENT_AS_OF,
            maturity=maturity,
            coverage=1.0,
            rng=rng,
            domain_offsets=domain_offsets,
        )
    }
    # how far each agency has got this year: some have finished, some not started
    progress = {aid: rng.choice((0.0, 0.3, 0.6, 0.9, 1.0)) for aid, _, _ in members}
    out: list[StoredAnswer] = []
    for old in previous:
        key = (old.agency_id, old.question_id)
        roll = rng.random()
        if roll < progress[old.agency_id] * 0.6 and key in fresh:
            out.append(fresh[key].model_copy(update={"revision": 2}))
        elif roll < progress[old.agency_id]:
            out.append(
                old.model_copy(update={"round_id": round_id, "revision": 2, "status": "confirmed"})
            )
        else:
            out.append(
                old.model_copy(
                    update={"round_id": round_id, "revision": 1, "status": "to_reconfirm"}
                )
            )
    return out


def _dates(place: Place, as_of: dt.date) -> RecordedDates:
    """The place's recorded dates known by the round's assessment date."""
    return RecordedDates.model_validate({n: day for n, day in place.dates if day <= as_of})


def _result(
    bundle: ContentBundle,
    place: Place,
    round_: Round,
    answers: Sequence[StoredAnswer],
    *,
    roles: dict[str, str],
    lead_id: str,
) -> ScoringResult:
    """The round scored exactly as the app scores it."""
    scored = [
        Answer(
            agency=a.agency_id,
            role=roles[a.agency_id],
            question_id=a.question_id,
            value=a.value,
            evidence=a.evidence,
            evidence_links=a.evidence_links,
            na_reason=a.na_reason,
            comment=a.comment,
        )
        for a in answers
    ]
    context = PartnershipContext(
        nation=place.nation, as_of=round_.as_of, dates=round_.dates, lead_agency=lead_id
    )
    return score(bundle, scored, context)


def _actions(
    result: ScoringResult,
    round_: Round,
    owners: dict[str, str],
    rng: random.Random,
    *,
    closed: bool,
) -> list[StoredAction]:
    """The scoring engine's draft plan, with the first dozen actions under way."""
    out: list[StoredAction] = []
    stamp = dt.datetime.combine(round_.as_of, dt.time(12, 0), tzinfo=dt.UTC)
    for action in result.actions:
        status: ActionStatus = "Not started"
        if action.priority <= 12:  # the plan's first dozen are being worked on
            status = (
                rng.choice(("Completed", "Completed", "In progress", "Not started"))
                if closed
                else rng.choice(ACTION_STATUSES)
            )
        rag: Rag | None = {
            "Completed": "Green",
            "In progress": "Amber",
            "Blocked": "Red",
            "Not started": None,
        }[status]
        out.append(
            StoredAction(
                round_id=round_.id,
                id=action.id,
                source="generated",
                priority=action.priority,
                question_id=action.question_id,
                domain_id=action.domain_id,
                requirement_ids=list(action.requirement_ids),
                owner_role=action.owner_role,
                text=action.text,
                gap=action.gap,
                success_measure=action.success_measure,
                statutory=action.statutory,
                generated_due=action.due,
                owner_agency_id=owners.get(action.owner_role),
                lead_person=(
                    rng.choice(("", "Sam Patel", "Rhian Evans", "Jo Okafor", "Alex Kerr"))
                    if status != "Not started"
                    else ""
                ),
                due=action.due,
                status=status,
                rag=rag,
                notes="Raised at the board; update next quarter." if status == "Blocked" else "",
                revision=1 if status == "Not started" else 2,
                updated_by=DEMO_USER,
                updated_at=stamp,
            )
        )
    if not closed and out:
        out.append(
            StoredAction(
                round_id=round_.id,
                id="manual-1",
                source="manual",
                priority=len(out) + 1,
                text="Hold a joint workshop with schools on the new definition of serious "
                "violence.",
                owner_agency_id=owners.get("local_authority"),
                lead_person="Chris Doyle",
                due=_add_months(round_.as_of, 3),
                due_edited=True,
                status="In progress",
                rag="Amber",
                notes="Venue booked.",
                revision=2,
                updated_by=DEMO_USER,
                updated_at=dt.datetime.combine(round_.as_of, dt.time(15, 0), tzinfo=dt.UTC),
            )
        )
    return out


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")  # pragma: no cover
