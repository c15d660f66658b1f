"""Every service checks the person: the permission matrix, by calling the services themselves.

The world (built once, copied for every call): region "Northshire VRU" holds the partnerships
Anytown CSP (everyone's OWN partnership) and Otherton CSP (OTHER PARTNERSHIP, same region);
region "Southshire VRU" holds Southville CSP (OTHER REGION). Each partnership has an open
round with an answer carried forward for the council, actions owned by the council and by the
police, and an evidence upload. The people, all of Anytown CSP unless said:

    admin       administrator
    region      region lead of Northshire VRU
    lead        partnership lead
    respondent  respondent for Anytown Council (OWN agency; the police are OTHER AGENCY)
    analyst     analyst
    viewer      viewer (a board member)

Targets: "own", "other agency" (Anytown CSP, the police; only for what concerns one agency),
"other partnership", "other region"; "-" for what concerns no partnership. A region lead's
own region is "own" and "other partnership"; "other region" is not theirs.

"yes": the call does its work; "-": it raises AccessRefusedError and changes nothing (the
audit log, the evidence audit log, the evidence and the roles are as they were).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from readiness.bundle import ContentBundle
from readiness.evidence.health import read_health_files
from readiness.evidence.police import Ingest
from readiness.excel.changes import ChangeSet
from readiness.loading import load_default_bundle
from readiness.services import (
    AccessRefusedError,
    Actor,
    actions,
    answers,
    backups,
    comparison,
    evidence,
    partnerships,
    people,
    results,
    rounds,
    workbooks,
)
from readiness.services.partnerships import NewAgency, setup_partnership
from readiness.services.people import add_person, make_grant, person_actor
from readiness.store import Store
from readiness.store.incidents import IncidentStore
from readiness.store.records import ActionEdit, AnswerInput
from tests.evidence.conftest import ISTV_ROWS, istv_csv
from tests.services.conftest import ACTOR, setup_request
from tests.store.sample import ticking_clock

MATRIX = """
service                          target            | admin region lead respondent analyst viewer
partnerships.setup_partnership   -                 | yes   -      -    -          -       -
partnerships.create_region       -                 | yes   -      -    -          -       -
partnerships.load_demo           -                 | yes   -      -    -          -       -
partnerships.visible             -                 | yes   yes    yes  yes        yes     yes
partnerships.regions             -                 | yes   yes    yes  yes        yes     yes
partnerships.update_details      own               | yes   -      yes  -          -       -
partnerships.update_details      other partnership | yes   -      -    -          -       -
partnerships.update_details      other region      | yes   -      -    -          -       -
partnerships.add_member          own               | yes   -      yes  -          -       -
partnerships.add_member          other partnership | yes   -      -    -          -       -
partnerships.add_member          other region      | yes   -      -    -          -       -
partnerships.remove_member       own               | yes   -      yes  -          -       -
partnerships.remove_member       other partnership | yes   -      -    -          -       -
partnerships.remove_member       other region      | yes   -      -    -          -       -
partnerships.agencies            own               | yes   yes    yes  yes        yes     yes
partnerships.agencies            other partnership | yes   yes    -    -          -       -
partnerships.agencies            other region      | yes   -      -    -          -       -
rounds.open_round                own               | yes   -      yes  -          -       -
rounds.open_round                other partnership | yes   -      -    -          -       -
rounds.open_round                other region      | yes   -      -    -          -       -
rounds.start_next_round          own               | yes   -      yes  -          -       -
rounds.start_next_round          other partnership | yes   -      -    -          -       -
rounds.start_next_round          other region      | yes   -      -    -          -       -
rounds.update_dates              own               | yes   -      yes  -          -       -
rounds.update_dates              other partnership | yes   -      -    -          -       -
rounds.update_dates              other region      | yes   -      -    -          -       -
rounds.close_round               own               | yes   -      yes  -          -       -
rounds.close_round               other partnership | yes   -      -    -          -       -
rounds.close_round               other region      | yes   -      -    -          -       -
rounds.get                       own               | yes   yes    yes  yes        yes     yes
rounds.get                       other partnership | yes   yes    -    -          -       -
rounds.get                       other region      | yes   -      -    -          -       -
rounds.for_partnership           own               | yes   yes    yes  yes        yes     yes
rounds.for_partnership           other partnership | yes   yes    -    -          -       -
rounds.for_partnership           other region      | yes   -      -    -          -       -
answers.save_answers             own               | yes   -      yes  yes        -       -
answers.save_answers             other agency      | yes   -      yes  -          -       -
answers.save_answers             other partnership | yes   -      -    -          -       -
answers.save_answers             other region      | yes   -      -    -          -       -
answers.confirm_answer           own               | yes   -      yes  yes        -       -
answers.confirm_answer           other agency      | yes   -      yes  -          -       -
answers.confirm_answer           other partnership | yes   -      -    -          -       -
answers.confirm_answer           other region      | yes   -      -    -          -       -
answers.for_round                own               | yes   yes    yes  yes        yes     yes
answers.for_round                other partnership | yes   yes    -    -          -       -
answers.for_round                other region      | yes   -      -    -          -       -
results.score_round              own               | yes   yes    yes  yes        yes     yes
results.score_round              other partnership | yes   yes    -    -          -       -
results.score_round              other region      | yes   -      -    -          -       -
actions.for_round                own               | yes   yes    yes  yes        -       yes
actions.for_round                other partnership | yes   yes    -    -          -       -
actions.for_round                other region      | yes   -      -    -          -       -
actions.update_action            own               | yes   -      yes  yes        -       -
actions.update_action            other agency      | yes   -      yes  -          -       -
actions.update_action            other partnership | yes   -      -    -          -       -
actions.update_action            other region      | yes   -      -    -          -       -
actions.add_action               own               | yes   -      yes  -          -       -
actions.add_action               other partnership | yes   -      -    -          -       -
actions.add_action               other region      | yes   -      -    -          -       -
actions.remove_action            own               | yes   -      yes  -          -       -
actions.remove_action            other partnership | yes   -      -    -          -       -
actions.remove_action            other region      | yes   -      -    -          -       -
actions.restore_action           own               | yes   -      yes  -          -       -
actions.restore_action           other partnership | yes   -      -    -          -       -
actions.restore_action           other region      | yes   -      -    -          -       -
actions.redraft                  own               | yes   -      yes  -          -       -
actions.redraft                  other partnership | yes   -      -    -          -       -
actions.redraft                  other region      | yes   -      -    -          -       -
workbooks.plan_workbook          own               | yes   yes    yes  -          -       -
workbooks.plan_workbook          other partnership | yes   yes    -    -          -       -
workbooks.plan_workbook          other region      | yes   -      -    -          -       -
workbooks.agency_plan_workbook   own               | yes   yes    yes  yes        -       -
workbooks.agency_plan_workbook   other agency      | yes   yes    yes  -          -       -
workbooks.agency_plan_workbook   other partnership | yes   yes    -    -          -       -
workbooks.agency_plan_workbook   other region      | yes   -      -    -          -       -
workbooks.pack_workbook          own               | yes   -      yes  yes        -       -
workbooks.pack_workbook          other agency      | yes   -      yes  -          -       -
workbooks.pack_workbook          other partnership | yes   -      -    -          -       -
workbooks.pack_workbook          other region      | yes   -      -    -          -       -
workbooks.preview                own               | yes   -      yes  yes        -       -
workbooks.preview                other agency      | yes   -      yes  -          -       -
workbooks.preview                other partnership | yes   -      -    -          -       -
workbooks.preview                other region      | yes   -      -    -          -       -
workbooks.apply                  own               | yes   -      yes  yes        -       -
workbooks.apply                  other agency      | yes   -      yes  -          -       -
workbooks.apply                  other partnership | yes   -      -    -          -       -
workbooks.apply                  other region      | yes   -      -    -          -       -
evidence.load_evidence           own               | yes   yes    yes  -          yes     -
evidence.load_evidence           other partnership | yes   yes    -    -          -       -
evidence.load_evidence           other region      | yes   -      -    -          -       -
evidence.definition              own               | yes   yes    yes  -          yes     -
evidence.definition              other partnership | yes   yes    -    -          -       -
evidence.definition              other region      | yes   -      -    -          -       -
evidence.save_upload             own               | yes   -      yes  -          yes     -
evidence.save_upload             other partnership | yes   -      -    -          -       -
evidence.save_upload             other region      | yes   -      -    -          -       -
evidence.save_definition         own               | yes   -      yes  -          yes     -
evidence.save_definition         other partnership | yes   -      -    -          -       -
evidence.save_definition         other region      | yes   -      -    -          -       -
evidence.delete_upload           own               | yes   -      yes  -          -       -
evidence.delete_upload           other partnership | yes   -      -    -          -       -
evidence.delete_upload           other region      | yes   -      -    -          -       -
evidence.download_rows           own               | yes   -      yes  -          yes     -
evidence.download_rows           other partnership | yes   -      -    -          -       -
evidence.download_rows           other region      | yes   -      -    -          -       -
comparison.region_data           own               | yes   yes    -    -          -       -
comparison.region_data           other partnership | yes   yes    -    -          -       -
comparison.region_data           other region      | yes   -      -    -          -       -
backups.export_backup            own               | yes   -      yes  -          -       -
backups.export_backup            other partnership | yes   -      -    -          -       -
backups.export_backup            other region      | yes   -      -    -          -       -
backups.export_everything        -                 | yes   -      -    -          -       -
backups.import_backup            -                 | yes   -      -    -          -       -
backups.listing                  -                 | yes   yes    yes  yes        yes     yes
people.add_person                own               | yes   -      yes  -          -       -
people.add_person                other partnership | yes   -      -    -          -       -
people.add_person                other region      | yes   -      -    -          -       -
people.remove_role               own               | yes   -      yes  -          -       -
people.remove_role               other partnership | yes   -      -    -          -       -
people.remove_role               other region      | yes   -      -    -          -       -
people.list_people               -                 | yes   yes    yes  yes        yes     yes
"""

QUESTION = "leadership.senior_lead"
COUNCIL, POLICE = "anytown-council", "anytown-police"
WHEN = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
PEOPLE = {
    "admin": ("admin@vru.gov.uk", "administrator", {}),
    "region": ("vrn@pcc.gov.uk", "region_lead", {"region_id": "northshire-vru"}),
    "lead": ("lead@anytown.gov.uk", "partnership_lead", {"partnership_id": "anytown-csp"}),
    "respondent": (
        "jo@anytown-council.gov.uk",
        "respondent",
        {"partnership_id": "anytown-csp", "agency_id": COUNCIL},
    ),
    "analyst": ("analyst@anytown.gov.uk", "analyst", {"partnership_id": "anytown-csp"}),
    "viewer": ("board@anytown.gov.uk", "viewer", {"partnership_id": "anytown-csp"}),
}


#: A board member of every partnership, whose role there the people.remove_role row takes away.
REMOVABLE = "removable@example.gov.uk"


@dataclass(frozen=True)
class Place:
    """One partnership of the world: its round and what the calls act on."""

    partnership_id: str
    region_id: str
    round_id: str
    action_of: dict[str, str]  # agency id -> an action that agency owns
    removed_action: str
    upload_id: str
    packs: dict[str, bytes]  # agency id -> its questionnaire workbook


@dataclass(frozen=True)
class World:
    path: Path
    places: dict[str, Place]  # "own", "other partnership", "other region"
    ingest: Ingest


@dataclass
class Case:
    """What one call gets: the store, the incident store and where it acts."""

    store: Store
    incidents: IncidentStore
    bundle: ContentBundle
    place: Place
    agency_id: str
    ingest: Ingest


def _health() -> Ingest:
    return read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")


def _place(store: Store, bundle: ContentBundle, name: str, region: dict[str, str]) -> Place:
    first = setup_partnership(ACTOR, store, bundle, setup_request(name, **region))
    pid = first.partnership.id
    for agency in (COUNCIL, POLICE):
        answers.save_answers(
            ACTOR,
            store,
            bundle,
            first.round.id,
            agency_id=agency,
            answers=[AnswerInput(question_id=QUESTION, value=2)],
        )
    current = rounds.start_next_round(
        ACTOR,
        store,
        bundle,
        pid,
        label="2027/28",
        as_of=dt.date(2027, 6, 1),
        carry_from=first.round,
        close_previous=first.round,
    )
    action_of = {
        agency: store.add_manual_action(
            current.id, text=f"Work owned by {agency}", owner_agency_id=agency, user="setup"
        ).id
        for agency in (COUNCIL, POLICE)
    }
    removed = store.add_manual_action(current.id, text="Dropped work", user="setup")
    store.remove_action(current.id, removed.id, expected_revision=removed.revision, user="setup")
    store.add_grant(make_grant(REMOVABLE, "viewer", partnership_id=pid), user="setup")
    incidents = IncidentStore(store.path)
    ingest = _health()
    evidence.save_upload(ACTOR, incidents, pid, ingest, uploaded_by="setup", at=WHEN)
    packs = {
        agency: workbooks.pack_workbook(
            ACTOR, store, bundle, current.id, generated_at=WHEN, agency_id=agency
        )
        for agency in (COUNCIL, POLICE)
    }
    return Place(
        partnership_id=pid,
        region_id=first.partnership.region_id or "",
        round_id=current.id,
        action_of=action_of,
        removed_action=removed.id,
        upload_id=ingest.uploads[0].upload_id,
        packs=packs,
    )


@pytest.fixture(scope="module")
def content() -> ContentBundle:
    return load_default_bundle()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, content: ContentBundle) -> World:
    path = tmp_path_factory.mktemp("matrix") / "world.db"
    store = Store(path, clock=ticking_clock())
    own = _place(store, content, "Anytown CSP", {})
    north = {"new_region": None, "region_id": own.region_id}  # type: ignore[dict-item]
    other = _place(store, content, "Otherton CSP", north)  # type: ignore[arg-type]
    south = _place(store, content, "Southville CSP", {"new_region": "Southshire VRU"})
    for email, role, scope in PEOPLE.values():
        add_person(ACTOR, store, make_grant(email, role, **scope))
    places = {"own": own, "other partnership": other, "other region": south}
    return World(path=path, places=places, ingest=_health())


def _case(world: World, tmp_path: Path, content: ContentBundle, target: str) -> Case:
    path = tmp_path / "case.db"
    shutil.copy(world.path, path)
    store = Store(path, clock=ticking_clock(WHEN))
    place = world.places["own" if target in ("other agency", "-") else target]
    agency = POLICE if target == "other agency" else COUNCIL
    return Case(store, IncidentStore(path), content, place, agency, world.ingest)


def _person(case: Case, who: str) -> Actor:
    email, _, _ = PEOPLE[who]
    return person_actor(case.store, email, who.title())


# --------------------------------------------------------------------------- the calls

Call = Callable[[Actor, Case], object]


def _carried(c: Case) -> int:
    """The revision of the agency's answer carried forward into the round."""
    [carried] = c.store.answers_for(c.place.round_id, c.agency_id)
    return carried.revision


def _save(a: Actor, c: Case) -> object:
    change = AnswerInput(question_id=QUESTION, value=3, expected_revision=_carried(c))
    return answers.save_answers(
        a, c.store, c.bundle, c.place.round_id, agency_id=c.agency_id, answers=[change]
    )


def _confirm(a: Actor, c: Case) -> object:
    return answers.confirm_answer(
        a,
        c.store,
        c.bundle,
        c.place.round_id,
        agency_id=c.agency_id,
        question_id=QUESTION,
        expected_revision=_carried(c),
    )


def _update_action(a: Actor, c: Case) -> object:
    action = c.store.get_action(c.place.round_id, c.place.action_of[c.agency_id])
    edit = ActionEdit(notes="Checked", rag="Green")
    return actions.update_action(
        a, c.store, c.place.round_id, action.id, edit, expected_revision=action.revision
    )


def _remove_action(a: Actor, c: Case) -> object:
    action = c.store.get_action(c.place.round_id, c.place.action_of[COUNCIL])
    return actions.remove_action(
        a, c.store, c.place.round_id, action.id, expected_revision=action.revision
    )


def _restore_action(a: Actor, c: Case) -> object:
    action = c.store.get_action(c.place.round_id, c.place.removed_action)
    return actions.restore_action(
        a, c.store, c.place.round_id, action.id, expected_revision=action.revision
    )


def _apply(a: Actor, c: Case) -> object:
    changes = ChangeSet(
        kind="pack",
        partnership_id=c.place.partnership_id,
        round_id=c.place.round_id,
        agency_id=c.agency_id,
    )
    return workbooks.apply(a, c.store, c.bundle, changes)


def _import(a: Actor, c: Case) -> object:
    document = Store(c.store.path.with_name("empty.db")).export_json()
    return backups.import_backup(a, c.store, document)


CALLS: dict[str, Call] = {
    "partnerships.setup_partnership": lambda a, c: setup_partnership(
        a, c.store, c.bundle, setup_request("Newtown CSP", new_region="Westshire VRU")
    ),
    "partnerships.create_region": lambda a, c: partnerships.create_region(
        a, c.store, "Eastshire VRU"
    ),
    "partnerships.load_demo": lambda a, c: partnerships.load_demo(a, c.store, c.bundle),
    "partnerships.visible": lambda a, c: partnerships.visible(a, c.store),
    "partnerships.regions": lambda a, c: partnerships.regions(a, c.store),
    "partnerships.update_details": lambda a, c: partnerships.update_details(
        a,
        c.store,
        c.place.partnership_id,
        name=f"{c.place.partnership_id} renamed",
        areas=["Somewhere"],
        nation="england",
        lead_agency_id=None,
    ),
    "partnerships.add_member": lambda a, c: partnerships.add_member(
        a, c.store, c.place.partnership_id, NewAgency("Anytown Fire", "fire_rescue")
    ),
    "partnerships.remove_member": lambda a, c: partnerships.remove_member(
        a, c.store, c.place.partnership_id, "anytown-icb"
    ),
    "partnerships.agencies": lambda a, c: partnerships.agencies(a, c.store, c.place.partnership_id),
    "rounds.open_round": lambda a, c: rounds.open_round(
        a, c.store, c.bundle, c.place.partnership_id, label="Extra", as_of=dt.date(2027, 9, 1)
    ),
    "rounds.start_next_round": lambda a, c: rounds.start_next_round(
        a, c.store, c.bundle, c.place.partnership_id, label="2028/29", as_of=dt.date(2028, 6, 1)
    ),
    "rounds.update_dates": lambda a, c: rounds.update_dates(
        a,
        c.store,
        c.place.round_id,
        as_of=dt.date(2027, 7, 1),
        dates=c.store.get_round(c.place.round_id).dates,
    ),
    "rounds.close_round": lambda a, c: rounds.close_round(a, c.store, c.place.round_id),
    "rounds.get": lambda a, c: rounds.get(a, c.store, c.place.round_id),
    "rounds.for_partnership": lambda a, c: rounds.for_partnership(
        a, c.store, c.place.partnership_id
    ),
    "answers.save_answers": _save,
    "answers.confirm_answer": _confirm,
    "answers.for_round": lambda a, c: answers.for_round(a, c.store, c.place.round_id),
    "results.score_round": lambda a, c: results.score_round(a, c.store, c.bundle, c.place.round_id),
    "actions.for_round": lambda a, c: actions.for_round(a, c.store, c.place.round_id),
    "actions.update_action": _update_action,
    "actions.add_action": lambda a, c: actions.add_action(
        a, c.store, c.place.round_id, text="Our own action"
    ),
    "actions.remove_action": _remove_action,
    "actions.restore_action": _restore_action,
    "actions.redraft": lambda a, c: actions.redraft(a, c.store, c.bundle, c.place.round_id),
    "workbooks.plan_workbook": lambda a, c: workbooks.plan_workbook(
        a, c.store, c.bundle, c.place.round_id, generated_at=WHEN
    ),
    "workbooks.agency_plan_workbook": lambda a, c: workbooks.plan_workbook(
        a, c.store, c.bundle, c.place.round_id, generated_at=WHEN, agency_id=c.agency_id
    ),
    "workbooks.pack_workbook": lambda a, c: workbooks.pack_workbook(
        a, c.store, c.bundle, c.place.round_id, generated_at=WHEN, agency_id=c.agency_id
    ),
    "workbooks.preview": lambda a, c: workbooks.preview(
        a,
        c.store,
        c.bundle,
        c.place.packs[c.agency_id],
        expected_partnership=c.place.partnership_id,
        expected_round=c.place.round_id,
    ),
    "workbooks.apply": _apply,
    "evidence.load_evidence": lambda a, c: evidence.load_evidence(
        a, c.store, c.incidents, c.place.partnership_id
    ),
    "evidence.definition": lambda a, c: evidence.definition(
        a, c.store, c.incidents, c.place.partnership_id
    ),
    "evidence.save_upload": lambda a, c: evidence.save_upload(
        a, c.incidents, c.place.partnership_id, c.ingest, uploaded_by="", at=WHEN
    ),
    "evidence.save_definition": lambda a, c: evidence.save_definition(
        a, c.incidents, c.place.partnership_id, None, saved_by="", at=WHEN
    ),
    "evidence.delete_upload": lambda a, c: evidence.delete_upload(
        a, c.incidents, c.place.partnership_id, c.place.upload_id, at=WHEN
    ),
    "evidence.download_rows": lambda a, c: evidence.download_rows(
        a, c.incidents, c.place.partnership_id, at=WHEN
    ),
    "comparison.region_data": lambda a, c: comparison.region_data(a, c.store, c.place.region_id),
    "backups.export_backup": lambda a, c: backups.export_backup(a, c.store, c.place.partnership_id),
    "backups.export_everything": lambda a, c: backups.export_backup(a, c.store),
    "backups.import_backup": _import,
    "backups.listing": lambda a, c: backups.listing(a, c.store),
    "people.add_person": lambda a, c: people.add_person(
        a,
        c.store,
        make_grant("new@example.gov.uk", "viewer", partnership_id=c.place.partnership_id),
    ),
    "people.remove_role": lambda a, c: people.remove_role(
        a, c.store, make_grant(REMOVABLE, "viewer", partnership_id=c.place.partnership_id)
    ),
    "people.list_people": lambda a, c: people.list_people(a, c.store),
}


# --------------------------------------------------------------------------- the table


def _rows() -> list[tuple[str, str, str, bool]]:
    lines = [line for line in MATRIX.strip().splitlines() if line.strip()]
    header = lines[0].split("|")[1].split()
    rows = []
    for line in lines[1:]:
        left, right = line.split("|")
        service, target = left.split(maxsplit=1)
        for person, cell in zip(header, right.split(), strict=True):
            assert cell in ("yes", "-"), line
            rows.append((service, target.strip(), person, cell == "yes"))
    return rows


ROWS = _rows()


def test_the_table_names_every_person_and_every_call() -> None:
    assert {person for _, _, person, _ in ROWS} == set(PEOPLE)
    assert {service for service, _, _, _ in ROWS} == set(CALLS)


def _snapshot(case: Case) -> tuple[object, ...]:
    """Everything a refused call must leave as it was."""
    pids = [p.partnership_id for p in (case.place,)]
    return (
        len(case.store.audit_log()),
        len(case.incidents.audit()),
        [case.incidents.version(p) for p in pids],
        len(case.store.list_grants()),
        case.store.listing(),
    )


@pytest.mark.parametrize(
    ("service", "target", "person", "allowed"),
    ROWS,
    ids=[f"{s}|{t}|{p}" for s, t, p, _ in ROWS],
)
def test_each_person_may_call_what_the_table_says(  # noqa: PLR0917 (the table's columns)
    world: World,
    content: ContentBundle,
    tmp_path: Path,
    service: str,
    target: str,
    person: str,
    allowed: bool,
) -> None:
    case = _case(world, tmp_path, content, target)
    actor = _person(case, person)
    call = CALLS[service]
    if allowed:
        outcome = call(actor, case)
        ok = getattr(outcome, "ok", True)
        assert ok is not False, outcome
        return
    before = _snapshot(case)
    with pytest.raises(AccessRefusedError, match=r"^You do not have permission to "):
        call(actor, case)
    assert _snapshot(case) == before


# --------------------------------------------------------------------------- what a refusal says


def test_a_missing_round_is_refused_in_the_same_words_as_another_partnerships(
    world: World, content: ContentBundle, tmp_path: Path
) -> None:
    case = _case(world, tmp_path, content, "own")
    jo = _person(case, "respondent")
    other = world.places["other partnership"].round_id
    for call in (
        lambda r: rounds.get(jo, case.store, r),
        lambda r: results.score_round(jo, case.store, case.bundle, r),
        lambda r: answers.for_round(jo, case.store, r),
        lambda r: actions.for_round(jo, case.store, r),
        lambda r: workbooks.pack_workbook(
            jo, case.store, case.bundle, r, generated_at=WHEN, agency_id=COUNCIL
        ),
        lambda r: answers.save_answers(
            jo, case.store, case.bundle, r, agency_id=COUNCIL, answers=[]
        ),
    ):
        with pytest.raises(AccessRefusedError) as elsewhere:
            call(other)
        with pytest.raises(AccessRefusedError) as missing:
            call("no-such-round")
        assert str(missing.value) == str(elsewhere.value)
        assert "otherton" not in str(elsewhere.value).lower()


def test_a_missing_partnership_is_refused_in_the_same_words_as_another(
    world: World, content: ContentBundle, tmp_path: Path
) -> None:
    case = _case(world, tmp_path, content, "own")
    lead = _person(case, "lead")
    other = world.places["other partnership"].partnership_id
    for call in (
        lambda p: partnerships.agencies(lead, case.store, p),
        lambda p: rounds.for_partnership(lead, case.store, p),
        lambda p: evidence.load_evidence(lead, case.store, case.incidents, p),
        lambda p: backups.export_backup(lead, case.store, p),
        lambda p: partnerships.remove_member(lead, case.store, p, COUNCIL),
    ):
        with pytest.raises(AccessRefusedError) as elsewhere:
            call(other)
        with pytest.raises(AccessRefusedError) as missing:
            call("no-such-csp")
        assert str(missing.value) == str(elsewhere.value)


def test_a_workbook_of_another_partnership_is_refused_even_on_the_own_round(
    world: World, content: ContentBundle, tmp_path: Path
) -> None:
    """The file says which round it is for: a respondent who may import into their own round
    is refused (nothing of the comparison shown) a workbook of another partnership's round."""
    case = _case(world, tmp_path, content, "own")
    jo = _person(case, "respondent")
    other = world.places["other partnership"]
    with pytest.raises(AccessRefusedError):
        workbooks.preview(jo, case.store, content, other.packs[COUNCIL])
    own = world.places["own"]
    with pytest.raises(AccessRefusedError):
        workbooks.preview(
            jo, case.store, content, other.packs[COUNCIL], expected_round=own.round_id
        )
