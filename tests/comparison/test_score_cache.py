"""Scores kept in the database: reused by a new store or process, never when anything changed.

Every comparison here opens a new :class:`Store` and a new :class:`ScoreCache`, as a new
process would, so a round that is not scored must have come from the database.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from readiness.bundle import ContentBundle
from readiness.comparison import load
from readiness.comparison.load import ScoreCache, load_comparison, region_data
from readiness.comparison.report import comparison_document
from readiness.comparison.summary import ResultSummary, summarise
from readiness.comparison.view import Comparison
from readiness.demo import DEMO_REGION_ID
from readiness.loading import (
    CONTENT_DIR,
    DEFAULT_QUESTIONNAIRE,
    load_bundle,
    load_default_bundle,
    parse_bundle,
)
from readiness.models import Answer, PartnershipContext
from readiness.scoring import SCORING_VERSION, ScoringResult, score
from readiness.services import results
from readiness.store import Store, StoreError
from readiness.store.records import CachedScore, StoredAnswer

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 18  # the demo's 9 partnerships: the compared round and the one before it
OPEN_ROUND = "demo-ashby-vale.2026-27"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "demo.db"
    Store(path).load_demo()
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    """A copy of the demo database with nothing in its score cache."""
    copy = tmp_path / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{template}{suffix}")
        if source.exists():
            shutil.copy(source, f"{copy}{suffix}")
    return copy


@pytest.fixture
def scored_rounds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The nation of every round the comparison scores, in order (so tests can count them)."""
    seen: list[str] = []

    def counting(
        bundle: ContentBundle, answers: Sequence[Answer], context: PartnershipContext
    ) -> ScoringResult:
        seen.append(context.nation)
        return score(bundle, answers, context)

    monkeypatch.setattr(results, "score", counting)  # the one place a stored round is scored
    return seen


def _compare(
    path: Path, bundle: ContentBundle | None = None, *, persist: bool = True
) -> Comparison:
    store = Store(path)
    data = region_data(store, DEMO_REGION_ID)
    return load_comparison(
        store, [bundle or load_default_bundle()], data, cache=ScoreCache(), persist=persist
    )


def _fresh(path: Path) -> Comparison:
    """Every round scored now, without the database's cache."""
    return _compare(path, persist=False)


def _document(c: Comparison) -> dict[str, object]:
    return comparison_document(c, region_id=DEMO_REGION_ID, region_name="Demo")


def _entries(path: Path) -> dict[str, tuple[str, str]]:
    """Round id -> (answers digest, saved at) of every cache entry in the database."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT round_id, answers_digest, saved_at FROM score_cache")
        return {r[0]: (r[1], r[2]) for r in rows}
    finally:
        conn.close()


def _only_answer(store: Store, round_id: str) -> StoredAnswer:
    """An answer of level 1 to 3 to a question no other agency answered in the round, so that
    changing it changes the question's score."""
    answers = store.answers_for(round_id)
    counts = Counter(a.question_id for a in answers)
    return next(a for a in answers if counts[a.question_id] == 1 and a.value in (1, 2, 3))


def _change_answer(
    path: Path, round_id: str, *, value: object, answer: StoredAnswer | None = None
) -> None:
    """Give ``answer`` (by default that of :func:`_only_answer`) another value."""
    store = Store(path)
    answer = answer or _only_answer(store, round_id)
    current = next(
        a
        for a in store.answers_for(round_id, answer.agency_id)
        if a.question_id == answer.question_id
    )
    saved = store.save_answer(
        round_id,
        current.agency_id,
        current.question_id,
        value=value,
        evidence=current.evidence,
        comment=current.comment,
        na_reason=current.na_reason,
        evidence_links=current.evidence_links,
        expected_revision=current.revision,
        user="test",
    )
    assert saved.conflicts == []


def test_a_new_store_reuses_the_scores_of_the_first_comparison(
    db: Path, scored_rounds: list[str]
) -> None:
    first = _compare(db)
    assert len(scored_rounds) == ROUNDS
    assert len(_entries(db)) == ROUNDS
    scored_rounds.clear()
    again = _compare(db)
    assert scored_rounds == []
    assert again == first


def test_cached_results_equal_freshly_scored_results_for_the_demo_data(db: Path) -> None:
    _compare(db)
    from_cache = _compare(db)
    fresh = _fresh(db)
    assert from_cache.current == fresh.current
    assert from_cache.previous == fresh.previous
    assert _document(from_cache) == _document(fresh)
    store = Store(db)
    bundle = load_default_bundle()
    for s in [*fresh.current, *fresh.previous.values()]:
        answers = store.round_answer_set(s.info.round_id)
        known = [a for a in answers.answers if a.question_id in bundle.questions]
        assert s.result == summarise(score(bundle, known, answers.context()))


def test_results_come_back_from_json_unchanged(template: Path) -> None:
    """Full results and the comparison's summaries of every demo round survive a round trip."""
    store = Store(template)
    bundle = load_default_bundle()
    answer_sets = store.answer_sets([r.id for r in store.list_rounds()])
    assert len(answer_sets) == ROUNDS
    for answers in answer_sets.values():
        known = [a for a in answers.answers if a.question_id in bundle.questions]
        result = score(bundle, known, answers.context())
        assert ScoringResult.model_validate_json(result.model_dump_json()) == result
        summary = summarise(result)
        assert ResultSummary.model_validate_json(summary.model_dump_json()) == summary
        assert summary.overall == result.overall
        assert summary.compliance == result.compliance
        assert summary.domains == result.domains
        assert [q.score for q in summary.questions] == [q.score for q in result.questions]


def test_a_changed_answer_is_scored_again_and_only_that_round(
    db: Path, scored_rounds: list[str]
) -> None:
    _compare(db)
    _change_answer(db, OPEN_ROUND, value=4)
    scored_rounds.clear()
    changed = _compare(db)
    assert len(scored_rounds) == 1
    assert _document(changed) == _document(_fresh(db))


def test_an_answer_changed_and_changed_back_never_gets_the_in_between_score(
    db: Path, scored_rounds: list[str]
) -> None:
    answer = _only_answer(Store(db), OPEN_ROUND)
    original = _compare(db)
    _change_answer(db, OPEN_ROUND, value=4, answer=answer)
    between = _compare(db)
    assert _document(between) != _document(original)
    _change_answer(db, OPEN_ROUND, value=answer.value, answer=answer)
    scored_rounds.clear()
    back = _compare(db)
    assert len(scored_rounds) == 1
    assert _document(back) == _document(original) == _document(_fresh(db))


def test_a_changed_partnership_context_is_scored_again(db: Path, scored_rounds: list[str]) -> None:
    _compare(db)
    store = Store(db)
    round_ = store.get_round(OPEN_ROUND)
    store.update_round(
        OPEN_ROUND, as_of=round_.as_of.replace(year=round_.as_of.year + 1), user="test"
    )
    scored_rounds.clear()
    moved = _compare(db)
    assert len(scored_rounds) == 1
    assert _document(moved) == _document(_fresh(db))
    partnership = store.get_partnership(round_.partnership_id)
    other = "wales" if partnership.nation == "england" else "england"
    store.save_partnership(partnership.model_copy(update={"nation": other}), user="test")
    scored_rounds.clear()
    _compare(db)
    assert scored_rounds == [other, other]  # both rounds of the partnership


def _edited_bundle() -> tuple[ContentBundle, str]:
    """The shipped content with one question's wording edited, and the new wording."""
    questionnaire = (CONTENT_DIR / DEFAULT_QUESTIONNAIRE).read_text(encoding="utf-8")
    question = next(
        q
        for q in load_default_bundle().questionnaire.questions()
        if q.scored and questionnaire.count(q.text) == 1
    )
    edited = question.text + " (edited)"
    bundle, problems = parse_bundle(
        {
            "questionnaire.yaml": questionnaire.replace(question.text, edited),
            "requirements.yaml": (CONTENT_DIR / "requirements.yaml").read_text(encoding="utf-8"),
            "roles.yaml": (CONTENT_DIR / "roles.yaml").read_text(encoding="utf-8"),
        }
    )
    assert problems == []
    assert bundle is not None
    return bundle, edited


def test_edited_content_files_score_every_round_again(db: Path, scored_rounds: list[str]) -> None:
    _compare(db)
    bundle, edited = _edited_bundle()
    assert load.bundle_digest(bundle) != load.bundle_digest(load_default_bundle())
    scored_rounds.clear()
    c = _compare(db, bundle)
    assert len(scored_rounds) == ROUNDS
    assert all(edited in {q.text for q in s.result.questions} for s in c.current)


def test_the_same_content_loaded_again_reuses_the_scores(
    db: Path, scored_rounds: list[str]
) -> None:
    _compare(db)
    reloaded = load_bundle()  # a new bundle object read from the same files
    assert reloaded is not load_default_bundle()
    assert load.bundle_digest(reloaded) == load.bundle_digest(load_default_bundle())
    scored_rounds.clear()
    _compare(db, reloaded)
    assert scored_rounds == []


def test_a_new_scoring_version_scores_every_round_again(
    db: Path, scored_rounds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _compare(db)
    monkeypatch.setattr(load, "SCORING_VERSION", SCORING_VERSION + 1)
    scored_rounds.clear()
    _compare(db)
    assert len(scored_rounds) == ROUNDS
    scored_rounds.clear()
    _compare(db)
    assert scored_rounds == []  # the entries were replaced under the new version


def test_a_failing_cache_write_still_gives_the_comparison(
    db: Path,
    scored_rounds: list[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def refuse(self: Store, entries: Sequence[CachedScore], **_: object) -> int:
        raise StoreError("The database is busy. Nothing was saved.")

    monkeypatch.setattr(Store, "save_cached_scores", refuse)
    with caplog.at_level(logging.WARNING, logger="readiness.comparison.load"):
        c = _compare(db)
    assert _document(c) == _document(_fresh(db))
    assert "could not be cached" in caplog.text
    assert _entries(db) == {}


def test_a_locked_database_does_not_stop_the_comparison(db: Path, scored_rounds: list[str]) -> None:
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # someone else holds the write lock throughout
    try:
        c = _compare(db)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert len(scored_rounds) == ROUNDS
    assert _document(c) == _document(_fresh(db))
    assert _entries(db) == {}


def test_a_failing_cache_read_still_gives_the_comparison(
    db: Path, scored_rounds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _compare(db)

    def refuse(self: Store, keys: object) -> dict[str, str]:
        raise StoreError("The database could not be read: disk I/O error.")

    monkeypatch.setattr(Store, "cached_scores", refuse)
    scored_rounds.clear()
    c = _compare(db)
    assert len(scored_rounds) == ROUNDS
    assert _document(c) == _document(_fresh(db))


def test_an_unreadable_entry_is_scored_again_and_replaced(
    db: Path, scored_rounds: list[str]
) -> None:
    _compare(db)
    conn = sqlite3.connect(db)
    conn.execute(
        'UPDATE score_cache SET result = \'{"not": "a result"}\' WHERE round_id = ?', [OPEN_ROUND]
    )
    conn.commit()
    conn.close()
    scored_rounds.clear()
    c = _compare(db)
    assert len(scored_rounds) == 1
    assert _document(c) == _document(_fresh(db))
    text = (
        sqlite3.connect(db)
        .execute("SELECT result FROM score_cache WHERE round_id = ?", [OPEN_ROUND])
        .fetchone()[0]
    )
    assert ResultSummary.model_validate_json(text).questionnaire_id == "svd-readiness"


def test_the_process_cache_is_used_before_the_database(db: Path, scored_rounds: list[str]) -> None:
    store = Store(db)
    data = region_data(store, DEMO_REGION_ID)
    cache = ScoreCache()
    first = load_comparison(store, [load_default_bundle()], data, cache=cache)
    assert (cache.hits, len(scored_rounds)) == (0, ROUNDS)
    again = load_comparison(store, [load_default_bundle()], data, cache=cache)
    assert (cache.hits, len(scored_rounds)) == (ROUNDS, ROUNDS)
    assert again == first


def test_a_new_process_reuses_the_scores_the_command_line_cached(db: Path) -> None:
    def run() -> dict[str, object]:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "readiness",
                "compare",
                "--db",
                str(db),
                "--region",
                DEMO_REGION_ID,
                "--json",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            timeout=120,
        )
        document: dict[str, object] = json.loads(done.stdout)
        return document

    first = run()
    saved = _entries(db)
    assert len(saved) == ROUNDS
    second = run()
    assert second == first
    assert _entries(db) == saved  # nothing scored, so nothing written again
