"""The store's score cache and answer digests: an entry is returned only for its exact key, and
a round's digest changes whenever anything its answer set is built from changes."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readiness.comparison.load import ScoreCache, load_comparison, region_data
from readiness.loading import load_default_bundle
from readiness.models import AnswerSet, RecordedDates
from readiness.store import NotFoundError, Store, StoreError
from readiness.store.migrations import SCHEMA_VERSION
from readiness.store.records import AnswerInput, CachedScore, ScoreKey
from tests.store.make_fixture_db import fixture_paths
from tests.store.sample import (
    COUNCIL,
    LEAD,
    PARTNERSHIP,
    POLICE,
    REGION,
    add_partnership,
    add_round,
    ticking_clock,
)


def _key(round_id: str, **changes: Any) -> ScoreKey:
    fields: dict[str, Any] = {
        "round_id": round_id,
        "answers_digest": "a" * 64,
        "questionnaire_id": "svd-readiness",
        "questionnaire_version": "1.0",
        "bundle_digest": "b" * 64,
        "nation": "england",
        "scoring_version": 1,
        "result_format": "comparison-summary-1",
    }
    fields.update(changes)
    return ScoreKey.model_validate(fields)


def _rows(store: Store) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(store.path)
    try:
        return list(conn.execute("SELECT round_id, answers_digest, result FROM score_cache"))
    finally:
        conn.close()


# --------------------------------------------------------------------------- the cache


@pytest.mark.parametrize(
    ("field", "other"),
    [
        ("answers_digest", "c" * 64),
        ("questionnaire_id", "other"),
        ("questionnaire_version", "1.1"),
        ("bundle_digest", "d" * 64),
        ("nation", "wales"),
        ("scoring_version", 2),
        ("result_format", "comparison-summary-2"),
    ],
)
def test_an_entry_is_returned_only_for_its_exact_key(
    store: Store, round_id: str, field: str, other: object
) -> None:
    store.save_cached_scores([CachedScore(key=_key(round_id), result='{"x": 1}')])
    assert store.cached_scores([_key(round_id)]) == {round_id: '{"x": 1}'}
    assert store.cached_scores([_key(round_id, **{field: other})]) == {}


def test_saving_again_replaces_the_entry_of_the_round(store: Store, round_id: str) -> None:
    other = add_round(store, "2027/28")
    store.save_cached_scores(
        [
            CachedScore(key=_key(round_id), result="1"),
            CachedScore(key=_key(other), result="2"),
        ]
    )
    store.save_cached_scores(
        [CachedScore(key=_key(round_id, answers_digest="e" * 64), result="3")], per_transaction=1
    )
    assert sorted(_rows(store)) == sorted([(round_id, "e" * 64, "3"), (other, "a" * 64, "2")])
    assert store.cached_scores([_key(round_id), _key(other)]) == {other: "2"}


def test_a_cache_write_gives_up_quickly_when_the_database_is_locked(
    store: Store, round_id: str
) -> None:
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        start = time.perf_counter()
        with pytest.raises(StoreError, match="busy"):
            store.save_cached_scores([CachedScore(key=_key(round_id), result="1")], busy_wait_ms=50)
        assert time.perf_counter() - start < 5
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert _rows(store) == []


def test_an_entry_needs_its_round(store: Store) -> None:
    with pytest.raises(StoreError):
        store.save_cached_scores([CachedScore(key=_key("no-such-round"), result="1")])


# --------------------------------------------------------------------------- answer digests


def _digest(store: Store, round_id: str, *, include_unconfirmed: bool = True) -> str:
    return store.answer_digests([round_id], include_unconfirmed=include_unconfirmed)[round_id]


def test_the_digest_changes_with_everything_the_answer_set_is_built_from(
    store: Store, round_id: str
) -> None:
    store.save_answer(
        round_id,
        POLICE,
        "leadership.senior_lead",
        value=2,
        evidence="Minutes",
        expected_revision=None,
        user="pat",
    )
    seen: dict[str, AnswerSet] = {}

    def step() -> None:
        digest = _digest(store, round_id)
        answers = store.round_answer_set(round_id)
        assert digest not in seen, "every change gives a new digest"
        seen[digest] = answers

    def answer(**fields: Any) -> None:
        stored = store.answers_for(round_id, POLICE)[0]
        current = {
            k: getattr(stored, k)
            for k in ("value", "evidence", "evidence_links", "na_reason", "comment")
        }
        current.update(fields)
        store.save_answer(
            round_id,
            POLICE,
            "leadership.senior_lead",
            expected_revision=stored.revision,
            user="pat",
            **current,
        )

    step()
    answer(value=3)
    step()
    answer(evidence="Minutes, May")
    step()
    answer(comment="Agreed")
    step()
    answer(evidence_links=["https://example.org/minutes"])
    step()
    answer(value=None, na_reason="Not a police matter")
    step()
    store.save_answer(
        round_id, COUNCIL, "leadership.senior_lead", value=1, expected_revision=None, user="kim"
    )
    step()
    police = store.get_agency(POLICE)
    store.save_agency(police.model_copy(update={"name": "Test Police Service"}), user="setup")
    step()
    store.save_agency(police.model_copy(update={"role_id": "probation"}), user="setup")
    step()
    partnership = store.get_partnership(PARTNERSHIP)
    store.save_partnership(partnership.model_copy(update={"lead_agency_id": COUNCIL}), user="setup")
    step()
    store.save_partnership(
        partnership.model_copy(update={"lead_agency_id": COUNCIL, "nation": "wales"}),
        user="setup",
    )
    step()
    store.update_round(round_id, as_of=dt.date(2026, 11, 30), user="setup")
    step()
    store.update_round(
        round_id, dates=RecordedDates(sna_completed=dt.date(2026, 9, 1)), user="setup"
    )
    step()
    assert len(seen) == 13
    assert len({a.model_dump_json() for a in seen.values()}) == 13


def test_the_digest_is_the_same_when_nothing_changed(store: Store, round_id: str) -> None:
    store.save_answer(
        round_id, POLICE, "leadership.senior_lead", value=2, expected_revision=None, user="pat"
    )
    first = _digest(store, round_id)
    assert Store(store.path).answer_digests([round_id]) == {round_id: first}
    sets, digests = store.answer_sets_with_digests([round_id])
    assert digests == {round_id: first}
    assert sets == store.answer_sets([round_id])
    [stored] = store.answers_for(round_id, POLICE)
    store.save_answer(
        round_id,
        POLICE,
        "leadership.senior_lead",
        value=3,
        expected_revision=stored.revision,
        user="pat",
    )
    store.save_answer(
        round_id,
        POLICE,
        "leadership.senior_lead",
        value=2,
        expected_revision=stored.revision + 1,
        user="pat",
    )
    assert _digest(store, round_id) == first, "the same answers again: the same digest"


def test_unconfirmed_answers_count_only_when_asked(store: Store, round_id: str) -> None:
    store.save_answer(
        round_id, POLICE, "leadership.senior_lead", value=2, expected_revision=None, user="pat"
    )
    store.close_round(round_id, user="lee")
    carried = store.carry_forward(round_id, "2027/28", dt.date(2027, 10, 31), user="lee").id
    with_them = _digest(store, carried)
    without = _digest(store, carried, include_unconfirmed=False)
    assert with_them != without
    assert store.round_answer_set(carried) != store.round_answer_set(
        carried, include_unconfirmed=False
    )


def test_digests_of_an_unknown_round_say_which(store: Store, round_id: str) -> None:
    with pytest.raises(NotFoundError, match="no assessment round with the id nope"):
        store.answer_digests([round_id, "nope"])
    with pytest.raises(NotFoundError, match="no assessment round with the id nope"):
        store.answer_sets_with_digests(["nope"])


TRICKY = st.text(
    alphabet=st.sampled_from(["a", " ", '"', ",", "[", "]", "\\", "\n", "é", "0"]), max_size=6
)
VALUES = st.one_of(st.none(), st.integers(0, 4), TRICKY, st.lists(TRICKY, max_size=2))


@settings(max_examples=40, deadline=None)
@given(first=st.tuples(VALUES, TRICKY, TRICKY), second=st.tuples(VALUES, TRICKY, TRICKY))
@example(first=(2, "a", "b"), second=(2, "a", "b"))
@example(first=(2, 'a","', "b"), second=(2, "a", '","b'))
@example(first=("a", "", ""), second=(["a"], "", ""))
def test_equal_digests_mean_equal_answer_sets(
    first: tuple[Any, str, str], second: tuple[Any, str, str]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "digest.db", clock=ticking_clock())
        add_partnership(store)
        rounds = [add_round(store, "2026/27"), add_round(store, "2027/28")]
        for round_id, (value, evidence, comment) in zip(rounds, (first, second), strict=True):
            store.save_answers(
                round_id,
                POLICE,
                [
                    AnswerInput(
                        question_id="leadership.senior_lead",
                        value=value,
                        na_reason="" if value is not None else "Not ours",
                        evidence=evidence,
                        comment=comment,
                    ),
                    AnswerInput(question_id="data.sharing", value="partly", comment=comment),
                ],
                user="pat",
            )
        digests = store.answer_digests(rounds)
        sets = store.answer_sets(rounds)
        if digests[rounds[0]] == digests[rounds[1]]:
            assert sets[rounds[0]] == sets[rounds[1]]  # both rounds share their context
        if first == second:
            assert digests[rounds[0]] == digests[rounds[1]]
        # Stored text that reads back the same (a comment of " " is read as "") may give
        # another digest: that only means scoring once more, never a wrong score.


# --------------------------------------------------------------------------- migration


def test_a_database_of_the_previous_schema_gets_an_empty_score_cache_that_works(
    tmp_path: Path,
) -> None:
    db_path, _ = fixture_paths(1)  # schema v1, before m002 added the score cache
    copy = tmp_path / db_path.name
    shutil.copy(db_path, copy)
    conn = sqlite3.connect(copy)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert "score_cache" not in tables
    store = Store(copy, clock=ticking_clock())
    assert store.schema_version() == SCHEMA_VERSION
    assert _rows(store) == []
    data = region_data(store, REGION)
    first = load_comparison(store, [load_default_bundle()], data, cache=ScoreCache())
    assert [s.partnership_id for s in first.current] == [PARTNERSHIP]
    assert len(_rows(store)) == 2  # the compared round and the one before it
    again = load_comparison(Store(copy), [load_default_bundle()], data, cache=ScoreCache())
    assert again == first
    assert store.get_agency(LEAD).name == "Ashby CSP team", "the released data is still there"
