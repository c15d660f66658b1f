"""A round is scored once per change of its answers, in a cache every session shares."""

from __future__ import annotations

import pytest

from readiness.bundle import ContentBundle
from readiness.scoring import score
from readiness.services import answers, results
from readiness.services.partnerships import SetupResult, setup_partnership
from readiness.services.results import ResultCache
from readiness.store import Store
from readiness.store.records import AnswerInput
from tests.services.conftest import ACTOR, setup_request

QUESTION = "leadership.senior_lead"


@pytest.fixture
def anytown(store: Store, bundle: ContentBundle) -> SetupResult:
    return setup_partnership(ACTOR, store, bundle, setup_request())


def _save(store: Store, bundle: ContentBundle, round_id: str, value: object) -> None:
    revision = next(
        (a.revision for a in store.answers_for(round_id) if a.question_id == QUESTION), None
    )
    answers.save_answers(
        ACTOR,
        store,
        bundle,
        round_id,
        agency_id="anytown-council",
        answers=[AnswerInput(question_id=QUESTION, value=value, expected_revision=revision)],
    )


def _count_scoring(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = results.score_answer_set

    def counting(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(results, "score_answer_set", counting)
    return calls


def test_a_round_is_scored_once_while_its_answers_stay_the_same(
    store: Store, bundle: ContentBundle, anytown: SetupResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(store, bundle, anytown.round.id, 3)
    calls = _count_scoring(monkeypatch)
    cache = ResultCache()
    first = results.score_round(ACTOR, store, bundle, anytown.round.id, cache=cache)
    again = results.score_round(ACTOR, store, bundle, anytown.round.id, cache=cache)
    assert again is first  # one shared object, not a fresh score
    assert len(calls) == 1
    assert (cache.hits, cache.misses) == (1, 1)
    answer_set = store.round_answer_set(anytown.round.id)
    assert first == score(bundle, answer_set.answers, answer_set.context())


def test_a_save_makes_the_next_look_score_the_new_answers(
    store: Store, bundle: ContentBundle, anytown: SetupResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(store, bundle, anytown.round.id, 1)
    cache = ResultCache()
    before = results.score_round(ACTOR, store, bundle, anytown.round.id, cache=cache)
    _save(store, bundle, anytown.round.id, 4)  # through the service, as the pages save
    calls = _count_scoring(monkeypatch)
    after = results.score_round(ACTOR, store, bundle, anytown.round.id, cache=cache)
    assert len(calls) == 1
    assert after != before
    answer_set = store.round_answer_set(anytown.round.id)
    assert after == score(bundle, answer_set.answers, answer_set.context())


def test_a_save_through_another_store_on_the_same_file_is_seen(
    store: Store, bundle: ContentBundle, anytown: SetupResult
) -> None:
    """Another server process has its own Store on the same database: its save still counts."""
    _save(store, bundle, anytown.round.id, 1)
    cache = ResultCache()
    before = results.score_round(ACTOR, store, bundle, anytown.round.id, cache=cache)
    other = Store(store.path)
    _save(other, bundle, anytown.round.id, 4)
    after = results.score_round(ACTOR, store, bundle, anytown.round.id, cache=cache)
    assert after != before
    assert cache.misses == 2


def test_the_cache_keeps_at_most_its_limit_dropping_the_least_recently_used(
    store: Store, bundle: ContentBundle
) -> None:
    first = setup_partnership(ACTOR, store, bundle, setup_request())
    second = setup_partnership(
        ACTOR, store, bundle, setup_request("Otherton CSP", new_region="Southshire VRU")
    )
    cache = ResultCache(max_entries=1)
    results.score_round(ACTOR, store, bundle, first.round.id, cache=cache)
    results.score_round(ACTOR, store, bundle, second.round.id, cache=cache)
    assert len(cache) == 1
    results.score_round(ACTOR, store, bundle, first.round.id, cache=cache)
    assert (cache.hits, cache.misses) == (0, 3)


def test_the_key_changes_with_the_content_and_the_scoring_version(
    bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = results.result_key(bundle, "r1", "abc")
    assert key.questionnaire_id == bundle.questionnaire.id
    monkeypatch.setattr(results, "SCORING_VERSION", "another")
    assert results.result_key(bundle, "r1", "abc") != key
    assert results.result_key(bundle, "r1", "abd").answers_digest == "abd"
