"""Gathering scored rounds from the store for a comparison.

Only the rounds the comparison needs are scored: the compared round of each partnership and
the round before it. What the comparison keeps of each result (a :class:`ResultSummary`) is
cached twice, under a :class:`ScoreKey` made of everything scoring depends on:

* in the process, in a :class:`ScoreCache`, so a page that is redrawn, or a filter that is
  changed, does not score again;
* in the database (write-through: a round is saved there when a comparison scores it), so a
  new process does not score unchanged rounds again.

A cached result is used only when its whole key matches: the round, a digest of the round's
answer set (its answers and the partnership context: nation, "as of" date, recorded dates,
lead agency; the store works it out from the stored values, several times quicker than
reading the answers), the nation, the questionnaire id and version, a digest of the loaded
content bundle (questionnaire, requirements and roles, which can be edited as data files), the
version of the scoring rules (``SCORING_VERSION``) and the format of the summary
(``SUMMARY_FORMAT``). An entry under any other key is ignored and replaced. Reading or writing
the cache can fail (a busy or read-only database) without failing the comparison: the rounds
are then simply scored.

This module talks to the store only through its public methods (see :class:`StoreLike`); it
never imports SQLite.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from readiness.bundle import ContentBundle
from readiness.comparison.records import LeftOut, PartnershipInfo, RoundInfo, ScoredRound
from readiness.comparison.summary import SUMMARY_FORMAT, ResultSummary, summarise
from readiness.comparison.view import (
    Comparison,
    build_comparison,
    filter_partnerships,
    pick_rounds,
)
from readiness.lru import LruCache
from readiness.models import AnswerSet, Nation
from readiness.scoring import SCORING_VERSION
from readiness.services.results import score_answer_set
from readiness.store.errors import StoreError
from readiness.store.records import CachedScore, ScoreKey

LOG = logging.getLogger(__name__)


class StoreLike(Protocol):
    """The part of :class:`readiness.store.Store` the comparison uses."""

    def get_region(self, region_id: str) -> Any: ...
    def list_regions(self) -> Sequence[Any]: ...
    def list_partnerships(self, region_id: str | None = None) -> Sequence[Any]: ...
    def list_rounds(self, partnership_id: str | None = None) -> Sequence[Any]: ...
    def answer_digests(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> Mapping[str, str]: ...
    def answer_sets_with_digests(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> tuple[Mapping[str, AnswerSet], Mapping[str, str]]: ...
    def cached_scores(self, keys: Sequence[ScoreKey]) -> Mapping[str, str]: ...
    def save_cached_scores(self, entries: Sequence[CachedScore]) -> int: ...


# --------------------------------------------------------------------------- keys


_BUNDLE_DIGESTS: weakref.WeakKeyDictionary[ContentBundle, str] = weakref.WeakKeyDictionary()
_BUNDLE_LOCK = threading.Lock()


def bundle_digest(bundle: ContentBundle) -> str:
    """A sha256 digest of the bundle's content (questionnaire, requirements, roles) as loaded.

    Worked out once per bundle object (bundles are never changed once loaded).
    """
    with _BUNDLE_LOCK:
        found = _BUNDLE_DIGESTS.get(bundle)
        if found is None:
            digest = hashlib.sha256()
            for part in (bundle.questionnaire, bundle.catalogue, bundle.roles):
                digest.update(part.model_dump_json().encode())
                digest.update(b"\n")
            found = _BUNDLE_DIGESTS[bundle] = digest.hexdigest()
        return found


def score_key(
    round_id: str, nation: Nation, bundle: ContentBundle, answers_digest: str
) -> ScoreKey:
    """Everything the comparison's result for this round depends on (see the module docstring).

    ``answers_digest`` is the store's digest of the round's answer set
    (``Store.answer_digests``), which covers its answers and the partnership context.
    """
    return ScoreKey(
        round_id=round_id,
        answers_digest=answers_digest,
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=bundle.questionnaire.version,
        bundle_digest=bundle_digest(bundle),
        nation=nation,
        scoring_version=SCORING_VERSION,
        result_format=SUMMARY_FORMAT,
    )


class ScoreCache(LruCache[ScoreKey, ResultSummary]):
    """Results kept in the process, by :class:`ScoreKey` (thread safe, least recent dropped)."""

    def __init__(self, max_entries: int = 5000) -> None:
        super().__init__(max_entries)


@dataclass(frozen=True)
class RegionData:
    """The partnerships of a region (or the whole country) and their rounds, not yet scored."""

    region_id: str | None
    region_name: str
    partnerships: list[PartnershipInfo]
    rounds: list[RoundInfo]


def region_data(store: StoreLike, region_id: str | None) -> RegionData:
    """Partnerships and rounds of one region, or of every region when ``region_id`` is None.

    An unknown region raises the store's ``NotFoundError``.
    """
    if region_id is None:
        name = "All regions"
        partnerships = list(store.list_partnerships())
    else:
        name = str(store.get_region(region_id).name)
        partnerships = list(store.list_partnerships(region_id))
    infos = [
        PartnershipInfo(id=p.id, name=p.name, nation=p.nation, partnership_type=p.partnership_type)
        for p in partnerships
    ]
    by_id = {p.id: p for p in infos}
    rounds = [
        RoundInfo(
            partnership_id=r.partnership_id,
            partnership_name=by_id[r.partnership_id].name,
            nation=by_id[r.partnership_id].nation,
            partnership_type=by_id[r.partnership_id].partnership_type,
            round_id=r.id,
            round_label=r.label,
            as_of=r.as_of,
            questionnaire_id=r.questionnaire_id,
            questionnaire_version=r.questionnaire_version,
        )
        for r in store.list_rounds()
        if r.partnership_id in by_id
    ]
    return RegionData(region_id=region_id, region_name=name, partnerships=infos, rounds=rounds)


def _bundle_for(bundles: Sequence[ContentBundle], info: RoundInfo) -> ContentBundle | None:
    for b in bundles:
        q = b.questionnaire
        if q.id == info.questionnaire_id and q.version == info.questionnaire_version:
            return b
    return None


def _score(bundle: ContentBundle, answers: AnswerSet) -> ResultSummary:
    return summarise(score_answer_set(bundle, answers))


def _stored(store: StoreLike, keys: Sequence[ScoreKey]) -> dict[str, ResultSummary]:
    """Results from the store's cache whose whole key matches; unreadable entries are skipped."""
    try:
        texts = store.cached_scores(keys)
    except StoreError as exc:
        LOG.warning("Cached scores could not be read, so the rounds are scored: %s", exc)
        return {}
    found: dict[str, ResultSummary] = {}
    for round_id, text in texts.items():
        try:
            found[round_id] = ResultSummary.model_validate_json(text)
        except ValidationError:
            continue  # not a summary this code can read: scored again and replaced
    return found


def _entry(key: ScoreKey, result: ResultSummary) -> CachedScore | None:
    """The cache entry for a fresh result, or None if the JSON would not read back equal."""
    text = result.model_dump_json()
    if ResultSummary.model_validate_json(text) != result:
        return None
    return CachedScore(key=key, result=text)


def score_rounds(
    store: StoreLike,
    rounds: Sequence[tuple[RoundInfo, ContentBundle]],
    cache: ScoreCache | None = None,
    *,
    persist: bool = True,
) -> dict[str, ResultSummary]:
    """The comparison's result for each round (scored with its bundle), by round id.

    A result is taken from ``cache`` (this process) or, with ``persist``, from the store's
    cache when its whole key matches; the store's digests of the rounds' answer sets are read
    for that, which is quicker than the answer sets. The rest are read and scored, and added to
    both caches under the digest of the very answer set scored. A failed write to the store is
    logged and otherwise ignored.
    """
    by_id = {info.round_id: (info, bundle) for info, bundle in rounds}
    results: dict[str, ResultSummary] = {}
    if not by_id:
        return results
    if cache is not None or persist:
        results.update(_cached_results(store, by_id, cache, persist=persist))
    missing = [round_id for round_id in by_id if round_id not in results]
    if missing:
        results.update(_score_missing(store, by_id, missing, cache, persist=persist))
    return results


def _cached_results(
    store: StoreLike,
    by_id: dict[str, tuple[RoundInfo, ContentBundle]],
    cache: ScoreCache | None,
    *,
    persist: bool,
) -> dict[str, ResultSummary]:
    """The results found in ``cache`` and then (with ``persist``) in the store's cache, keyed
    by the store's digests of the rounds' answer sets; store hits are added to ``cache``."""
    digests = store.answer_digests(list(by_id))
    keys = {
        round_id: score_key(round_id, info.nation, bundle, digests[round_id])
        for round_id, (info, bundle) in by_id.items()
    }
    results: dict[str, ResultSummary] = {}
    for round_id, key in keys.items():
        found = cache.get(key) if cache is not None else None
        if found is not None:
            results[round_id] = found
    unknown = [key for round_id, key in keys.items() if round_id not in results]
    if persist and unknown:
        for round_id, found in _stored(store, unknown).items():
            results[round_id] = found
            if cache is not None:
                cache.put(keys[round_id], found)
    return results


def _score_missing(
    store: StoreLike,
    by_id: dict[str, tuple[RoundInfo, ContentBundle]],
    missing: list[str],
    cache: ScoreCache | None,
    *,
    persist: bool,
) -> dict[str, ResultSummary]:
    """Read and score the ``missing`` rounds in one go, adding each to both caches under the
    digest of the very answer set scored (a failed store write is logged, not raised)."""
    answer_sets, digests = store.answer_sets_with_digests(missing)
    results: dict[str, ResultSummary] = {}
    new_entries: list[CachedScore] = []
    for round_id in missing:
        bundle = by_id[round_id][1]
        answers = answer_sets[round_id]
        result = results[round_id] = _score(bundle, answers)
        key = score_key(round_id, answers.nation, bundle, digests[round_id])
        if cache is not None:
            cache.put(key, result)
        entry = _entry(key, result) if persist else None
        if entry is not None:
            new_entries.append(entry)
    if new_entries:
        try:
            store.save_cached_scores(new_entries)
        except StoreError as exc:
            LOG.warning("Scores could not be cached, so they will be worked out again: %s", exc)
    return results


def load_comparison(
    store: StoreLike,
    bundles: Sequence[ContentBundle],
    data: RegionData,
    *,
    round_label: str | None = None,
    nation: str | None = None,
    partnership_type: str | None = None,
    cache: ScoreCache | None = None,
    persist: bool = True,
) -> Comparison:
    """Score what is needed and build the comparison for the chosen round and filters.

    Rounds on a questionnaire version no bundle provides cannot be scored: a compared round
    like that leaves its partnership out (with the reason); a previous round like that just
    means no change is shown. Every round to score is read from the store in one go. Results
    come from ``cache`` and, with ``persist``, from the store's cache when their key matches
    (see :func:`score_rounds`).
    """
    partnerships = filter_partnerships(
        data.partnerships, nation=nation, partnership_type=partnership_type
    )
    picked = pick_rounds(partnerships, data.rounds, round_label)
    left_out = list(picked.left_out)
    plan: list[tuple[ContentBundle, RoundInfo, ContentBundle | None, RoundInfo | None]] = []
    for pick in picked.picks:
        bundle = _bundle_for(bundles, pick.current)
        if bundle is None:
            left_out.append(
                LeftOut(
                    partnership_id=pick.current.partnership_id,
                    partnership_name=pick.current.partnership_name,
                    reason=(
                        f"Its round {pick.current.round_label} used questionnaire "
                        f"{pick.current.questionnaire_id} version "
                        f"{pick.current.questionnaire_version}, which this tool does not have, "
                        "so it could not be scored."
                    ),
                )
            )
            continue
        old_bundle = None if pick.previous is None else _bundle_for(bundles, pick.previous)
        plan.append((bundle, pick.current, old_bundle, pick.previous))
    jobs = [(info, bundle) for bundle, info, _, _ in plan]
    jobs += [
        (old, old_bundle)
        for _, _, old_bundle, old in plan
        if old_bundle is not None and old is not None
    ]
    results = score_rounds(store, jobs, cache, persist=persist)
    current = [ScoredRound(info=info, result=results[info.round_id]) for _, info, _, _ in plan]
    previous = [
        ScoredRound(info=old, result=results[old.round_id])
        for _, _, old_bundle, old in plan
        if old_bundle is not None and old is not None
    ]
    return build_comparison(current, previous, round_label=round_label, left_out=left_out)
