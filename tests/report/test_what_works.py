"""The what-works file: the shipped ratings load, every link resolves, and the loader refuses
unknown ids, ratings outside the published scale, a missing source and unread ratings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from readiness.loading import CONTENT_DIR, ContentError
from readiness.what_works import (
    NOT_CHECKED,
    known_targets,
    load_what_works,
    parse_what_works,
    shipped_what_works,
)
from tests.excel import factory as F

SHIPPED = CONTENT_DIR / "what-works.yaml"


def _shipped_data() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def _problems(data: dict) -> list[str]:
    model, problems = parse_what_works("what-works.yaml", yaml.safe_dump(data), F.bundle())
    assert model is None
    return [str(p) for p in problems]


def test_the_shipped_file_loads_and_every_link_resolves() -> None:
    ww = load_what_works(F.bundle())
    targets = known_targets(F.bundle())
    names = {a.name for a in ww.approaches}
    assert {
        "A&E navigators",
        "Focused deterrence",
        "Mentoring",
        "Social skills training",
        "Prison awareness programmes",
    } <= names
    for approach in ww.approaches:
        assert approach.relates_to, approach.id
        assert set(approach.relates_to) <= targets
        assert set(approach.instead) <= set(ww.by_id)
        assert approach.source.url.startswith("https://")
    assert any(a.harmful for a in ww.approaches)


def test_no_rating_is_shown_that_was_not_read_at_the_source() -> None:
    ww = load_what_works(F.bundle())
    unread = [a for a in ww.approaches if "K" in a.confidence]
    assert unread, "the A&E navigators rating was not read: it must stay K"
    for approach in unread:
        assert approach.rating.impact is None
        assert approach.rating_words() == NOT_CHECKED
        assert approach.impact_short() == "Not yet checked"
    for approach in ww.approaches:
        if approach.rated:
            assert approach.confidence in (["V"], ["S"])
            assert approach.confidence_note


def test_an_action_naming_a_harmful_approach_is_flagged_with_alternatives() -> None:
    ww = load_what_works(F.bundle())
    found = ww.for_action("manual-1", None, "Book a Scared Straight prison day for Year 9")
    assert found[0].flagged
    assert found[0].approach.id == "prison_awareness_programmes"
    text = found[0].flag_text(ww)
    assert "harmful" in text
    assert "Social skills training" in text
    # linked but not named: shown as a caution, not flagged
    linked = ww.for_action(
        "act.strategy.public_health_approach",
        "strategy.public_health_approach",
        "Tag every intervention",
    )
    harmful = [e for e in linked if e.approach.harmful]
    assert harmful
    assert not any(e.flagged for e in harmful)
    assert ww.for_action("act.leadership.footprint", "leadership.footprint", "Map it") == []


def test_a_word_inside_another_word_does_not_match() -> None:
    ww = load_what_works(F.bundle())
    assert ww.named_in("the bootcamps of CBTX") == []
    assert [a.id for a in ww.named_in("Commission CBT.")] == ["cognitive_behavioural_therapy"]


def test_an_unknown_approach_id_is_refused() -> None:
    data = _shipped_data()
    data["approaches"][-1]["instead"] = ["no_such_approach"]
    problems = _problems(data)
    assert any(
        "unknown approach id 'no_such_approach'" in p and "field 'instead'" in p for p in problems
    ), problems


def test_an_unknown_question_or_action_id_is_refused() -> None:
    data = _shipped_data()
    data["approaches"][0]["relates_to"] = ["strategy.no_such_question", "act.nope"]
    problems = _problems(data)
    assert sum("unknown question or action id" in p for p in problems) == 2
    assert all("approach 'social_skills_training'" in p for p in problems)


def test_a_duplicate_approach_id_is_refused() -> None:
    data = _shipped_data()
    data["approaches"].append(dict(data["approaches"][0]))
    assert any("approach ids must be unique" in p for p in _problems(data))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("impact", "very_high"),
        ("impact", "promising"),
        ("evidence_padlocks", 6),
        ("evidence_padlocks", 0),
        ("evidence_confidence", "certain"),
        ("scale", "my_own"),
    ],
)
def test_a_rating_outside_the_published_scale_is_refused(field: str, value: object) -> None:
    data = _shipped_data()
    data["approaches"][0]["rating"][field] = value
    problems = _problems(data)
    assert len(problems) == 1
    assert f"approach 'social_skills_training', field 'rating.{field}'" in problems[0]


def test_a_missing_source_is_refused() -> None:
    data = _shipped_data()
    del data["approaches"][1]["source"]
    problems = _problems(data)
    assert problems == [
        "what-works.yaml: approach 'focused_deterrence', field 'source': this field is required"
    ]
    data = _shipped_data()
    data["approaches"][1]["source"]["url"] = "youthendowmentfund.org.uk"
    assert "field 'source.url'" in _problems(data)[0]


def test_a_rating_marked_k_must_be_left_empty_and_v_must_give_one() -> None:
    data = _shipped_data()
    navigators = next(a for a in data["approaches"] if a["id"] == "ae_navigators")
    navigators["rating"]["impact"] = "moderate"
    assert any("confidence K was not read at the source" in p for p in _problems(data))
    data = _shipped_data()
    data["approaches"][0]["rating"].pop("impact")
    assert any("give 'rating.impact' as published" in p for p in _problems(data))


def test_a_file_that_does_not_fit_the_questionnaire_gives_no_ratings(tmp_path: Path) -> None:
    data = _shipped_data()
    data["approaches"][0]["relates_to"] = ["not.here"]
    bad = tmp_path / "what-works.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ContentError, match="unknown question or action id"):
        load_what_works(F.bundle(), bad)
    assert shipped_what_works(F.bundle()) is not None


def _validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_validate_checks_the_shipped_file_and_a_given_one(tmp_path: Path) -> None:
    ok = _validate()
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "the what-works file" in ok.stdout
    data = _shipped_data()
    data["approaches"][0]["rating"]["impact"] = "huge"
    data["approaches"][3]["rating"]["evidence_padlocks"] = 9
    bad = tmp_path / "my-what-works.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    run = _validate(bad)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Found 2 problems:" in run.stdout
    assert "my-what-works.yaml: approach 'social_skills_training', field 'rating.impact'" in (
        run.stdout
    )
    data = _shipped_data()
    data["approaches"][2]["relates_to"] = ["nowhere"]
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    run = _validate(bad)
    assert run.returncode == 1
    assert "unknown question or action id 'nowhere'" in run.stdout
