"""Export and import: an exact round trip; a corrupted file is refused whole, with JSON paths."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.store import Store
from tests.store.sample import POLICE, add_partnership, add_round, build_sample, ticking_clock


def _without_time(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


@pytest.fixture
def sample(tmp_path: Path) -> Store:
    store = Store(tmp_path / "sample.db", clock=ticking_clock())
    build_sample(store)
    return store


def test_export_then_import_into_an_empty_database_reproduces_everything(
    sample: Store, tmp_path: Path
) -> None:
    exported = sample.export_json()
    target = Store(tmp_path / "empty.db", clock=ticking_clock())
    report = target.import_json(exported, user="admin")
    assert report.ok, report.problems
    again = _without_time(target.export_json())
    original = _without_time(exported)
    *copied, import_entry = again.pop("audit_log")
    assert copied == original.pop("audit_log")
    assert (import_entry["entity"], import_entry["user"]) == ("import", "admin")
    assert again == original
    assert target.round_answer_set("p-ashby.2026-27") == sample.round_answer_set("p-ashby.2026-27")


def test_one_partnership_exports_with_what_it_refers_to(sample: Store, tmp_path: Path) -> None:
    exported = sample.export_json("p-ashby")
    assert [p["id"] for p in exported["partnerships"]] == ["p-ashby"]
    assert [r["id"] for r in exported["regions"]] == ["r-north"]
    assert {a["id"] for a in exported["agencies"]} == {"a-police", "a-council", "a-lead", "a-icb"}
    target = Store(tmp_path / "other.db")
    assert target.import_json(exported).ok


def test_importing_twice_is_refused_the_second_time(sample: Store, tmp_path: Path) -> None:
    exported = sample.export_json("p-ashby")
    target = Store(tmp_path / "twice.db")
    assert target.import_json(exported).ok
    before = _without_time(target.export_json())
    report = target.import_json(exported)
    assert not report.ok
    assert "$.partnerships[0].id: the database already has a partnership p-ashby" in [
        str(p) for p in report.problems
    ]
    assert _without_time(target.export_json()) == before


Corruption = Callable[[dict[str, Any]], None]


def _set(path: list[Any], value: Any) -> Corruption:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return apply


CORRUPTIONS: list[tuple[str, Corruption, str, str]] = [
    ("not an object", lambda d: d.clear(), "$.format", "not a readiness backup file"),
    ("newer format", _set(["format_version"], 9), "$.format_version", "newer version"),
    (
        "revision is text",
        _set(["answers", 2, "revision"], "two"),
        "$.answers[2].revision",
        "valid integer",
    ),
    (
        "unknown field",
        _set(["rounds", 0, "colour"], "red"),
        "$.rounds[0].colour",
        "not allowed here",
    ),
    (
        "bad nation",
        _set(["partnerships", 0, "nation"], "scotland"),
        "$.partnerships[0].nation",
        "'england' or 'wales'",
    ),
    (
        "bad action status",
        _set(["actions", 0, "status"], "Done"),
        "$.actions[0].status",
        "Not started",
    ),
    (
        "answer to a missing round",
        _set(["answers", 4, "round_id"], "p-ashby.1999"),
        "$.answers[4].round_id",
        "there is no round in this file p-ashby.1999",
    ),
    (
        "unknown agency",
        _set(["answers", 0, "agency_id"], "a-ghost"),
        "$.answers[0].agency_id",
        "there is no agency a-ghost",
    ),
    (
        "missing region",
        _set(["partnerships", 0, "region_id"], "r-ghost"),
        "$.partnerships[0].region_id",
        "there is no region r-ghost",
    ),
    (
        "duplicate answer",
        lambda d: d["answers"].append(copy.deepcopy(d["answers"][0])),
        "$.answers[",
        "appears twice",
    ),
    ("bad id", _set(["agencies", 0, "id"], "Police HQ"), "$.agencies[0].id", "lower-case"),
]


@pytest.mark.parametrize(
    ("corrupt", "path", "message"),
    [c[1:] for c in CORRUPTIONS],
    ids=[c[0] for c in CORRUPTIONS],
)
def test_a_corrupted_export_is_rejected_with_its_path_and_nothing_is_written(
    sample: Store, tmp_path: Path, corrupt: Corruption, path: str, message: str
) -> None:
    document = sample.export_json()
    corrupt(document)
    target = Store(tmp_path / "target.db")
    report = target.import_json(document)
    assert not report.ok
    assert any(p.path.startswith(path) and message in p.message for p in report.problems), (
        report.problems
    )
    assert "Nothing was changed" in report.summary()
    assert not target.has_data()
    assert target.audit_log() == []


def test_a_problem_late_in_a_valid_looking_file_still_writes_nothing(
    sample: Store, tmp_path: Path
) -> None:
    document = sample.export_json()
    document["actions"][-1]["owner_agency_id"] = "a-ghost"
    target = Store(tmp_path / "target.db")
    assert not target.import_json(document).ok
    assert target.listing() == {"regions": [], "partnerships": [], "rounds": []}


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=json_values, evidence=st.text(max_size=40), comment=st.text(max_size=40))
def test_any_plain_answer_survives_saving_exporting_and_importing(
    value: Any, evidence: str, comment: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "a.db")
        add_partnership(store)
        round_id = add_round(store)
        store.save_answer(
            round_id,
            POLICE,
            "q.any",
            value=value,
            evidence=evidence,
            comment=comment,
            expected_revision=None,
            user="pat",
        )
        target = Store(Path(folder) / "b.db")
        assert target.import_json(store.export_json()).ok
        [answer] = target.answers_for(round_id)
        assert (answer.value, answer.evidence, answer.comment) == (value, evidence, comment)


def test_the_export_is_versioned(sample: Store) -> None:
    document = sample.export_json()
    assert (document["format"], document["format_version"]) == ("svd-readiness-backup", 1)
    assert dt.datetime.fromisoformat(document["exported_at"])
    assert document["audit_log"]


# --------------------------------------------------------------------------- answers checked


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    from readiness.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def demo_backup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    source = tmp_path / "demo.db"
    assert _cli(capsys, "demo", "--db", str(source))[0] == 0
    file = tmp_path / "cwm.json"
    code, text = _cli(
        capsys, "export", "--db", str(source), "--partnership", "demo-cwm-tawel", "-o", str(file)
    )
    assert code == 0, text
    document: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return document


def _first(document: dict[str, Any], question_type: str, after: int = -1) -> int:
    from readiness.loading import load_default_bundle

    questions = load_default_bundle().questions
    rounds = {a["round_id"] for a in document["answers"][after : after + 1]}
    return next(
        i
        for i, a in enumerate(document["answers"])
        if a["value"] is not None
        and i > after
        and (not rounds or a["round_id"] in rounds)
        and type(questions[a["question_id"]]).__name__ == question_type
    )


def test_a_valid_backup_passes_the_answer_checks(
    demo_backup: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "ok.json"
    file.write_text(json.dumps(demo_backup), encoding="utf-8")
    code, text = _cli(capsys, "import", "--db", str(tmp_path / "new.db"), str(file))
    assert code == 0, text


def test_a_backup_with_impossible_answers_is_refused_with_every_problem_and_nothing_written(
    demo_backup: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18, point 3: 8 of 52 damaged backups were imported and broke `score` later."""
    doc = copy.deepcopy(demo_backup)
    answers = doc["answers"]
    scale = _first(doc, "ScaleQuestion")
    answers[scale]["value"] = 99
    text_for_level = _first(doc, "ScaleQuestion", after=scale)
    answers[text_for_level]["value"] = "quite good"
    unknown = copy.deepcopy(answers[scale])
    unknown.update(question_id="no.such.question", value=2)
    answers.append(unknown)
    lead = next(a["id"] for a in doc["agencies"] if a["role_id"] == "partnership_lead")
    from readiness.loading import load_default_bundle

    not_for_lead = next(
        q.id
        for q in load_default_bundle().questions.values()
        if type(q).__name__ == "ScaleQuestion" and "partnership_lead" not in q.roles
    )
    wrong_role = copy.deepcopy(answers[scale])
    wrong_role.update(agency_id=lead, question_id=not_for_lead, value=2)
    answers.append(wrong_role)
    outsider = {"id": "outsider", "name": "Outsider Council", "role_id": "local_authority"}
    doc["agencies"].append(outsider)
    not_member = copy.deepcopy(answers[scale])
    not_member.update(agency_id="outsider", value=2)
    answers.append(not_member)
    doc["agencies"].append({"id": "odd-role", "name": "Odd Body", "role_id": "wizard"})
    other_round = next(r for r in doc["rounds"] if r["id"] != answers[scale]["round_id"])
    other_round["questionnaire_version"] = "9.9"
    file = tmp_path / "damaged.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    target = tmp_path / "target.db"
    code, text = _cli(capsys, "import", "--db", str(target), str(file))
    assert code == 1, text
    for expected in (
        "Level 99 is out of range",
        "Give a whole-number level",
        "There is no question 'no.such.question'",
        "not by role 'partnership_lead'",
        "the agency is not a member of the partnership",
        "there is no role wizard",
        "version 9.9, which this tool does not have",
    ):
        assert expected in text, expected
    assert "Sorry, something went wrong" not in text
    code, listing = _cli(capsys, "list", "--db", str(target), "--json")
    assert json.loads(listing) == {"regions": [], "partnerships": [], "rounds": []}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "svd-readiness-backup", "x": NaN}', "NaN, which is not a number JSON"),
        (
            b'{"format": "svd-readiness-backup", "x": 123456789012345678901234567890}',
            "far too large (30 digits)",
        ),
        (b'{"format": "svd-readiness-backup", "x": 1e999}', "too large to hold"),
        (b'{"format": "svd-readiness-backup", "x": "\\ud800"}', "unpaired surrogate"),
        (b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"),
        (b'{"a": ' * 100 + b"1" + b"}" * 100, "nested far too deeply"),
    ],
    ids=[
        "NaN",
        "beyond 64 bits",
        "infinite float",
        "lone surrogate",
        "deep lists",
        "nesting over 64",
    ],
)
def test_a_hostile_backup_gets_its_own_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    file = tmp_path / "hostile.json"
    file.write_bytes(content)
    target = tmp_path / "t.db"
    code, text = _cli(capsys, "import", "--db", str(target), str(file))
    assert code == 1, text
    assert message in text
    assert "Sorry, something went wrong" not in text
    _, listing = _cli(capsys, "list", "--db", str(target), "--json")
    assert json.loads(listing) == {"regions": [], "partnerships": [], "rounds": []}
