"""Gathering scored rounds from the store for a comparison.

Only the rounds the comparison needs are scored: the compared round of each partnership and
the round before it. Scores are kept in a :class:`ScoreCache` keyed by the round and a digest
of its answers, so a page that is redrawn, or a filter that is changed, does not score again.

This module talks to the store only through its public methods (see :class:`StoreLike`); it
never imports SQLite.
"""

from __future__ import annotations

import gc
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from readiness.bundle import ContentBundle
from readiness.comparison.records import LeftOut, PartnershipInfo, RoundInfo, ScoredRound
from readiness.comparison.view import (
    Comparison,
    build_comparison,
    filter_partnerships,
    pick_rounds,
)
from readiness.models import AnswerSet
from readiness.scoring import score
from readiness.scoring.results import ScoringResult


class StoreLike(Protocol):
    """The part of :class:`readiness.store.Store` the comparison uses."""

    def get_region(self, region_id: str) -> Any: ...
    def list_regions(self) -> Sequence[Any]: ...
    def list_partnerships(self, region_id: str | None = None) -> Sequence[Any]: ...
    def list_rounds(self, partnership_id: str | None = None) -> Sequence[Any]: ...
    def round_answer_set(self, round_id: str, *, include_unconfirmed: bool = True) -> AnswerSet: ...
    def answer_sets(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> Mapping[str, AnswerSet]: ...


class ScoreCache:
    """Scoring results keyed by round id and a digest of the round's answers (thread safe)."""

    def __init__(self, max_entries: int = 5000) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[tuple[str, str], ScoringResult] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(round_id: str, answers: AnswerSet) -> tuple[str, str]:
        digest = hashlib.sha256(answers.model_dump_json().encode()).hexdigest()
        return round_id, digest

    def get(self, key: tuple[str, str]) -> ScoringResult | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], result: ScoringResult) -> None:
        with self._lock:
            self._items[key] = result
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many rounds are loaded and scored.

    Scoring a region allocates millions of small, acyclic objects; the collector's repeated
    passes over the growing heap took about 40% of the time. Memory is still freed by
    reference counting, and only the caller that paused the collector turns it back on, so
    it is never left off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
        PartnershipInfo(
            id=p.id, name=p.name, nation=p.nation, partnership_type=p.partnership_type
        )
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


def score_round(
    store: StoreLike,
    bundle: ContentBundle,
    info: RoundInfo,
    cache: ScoreCache | None = None,
    *,
    answers: AnswerSet | None = None,
) -> ScoredRound:
    """Score one round (or take its result from ``cache``). ``answers`` saves reading the round
    again when the caller has already loaded it."""
    if answers is None:
        answers = store.round_answer_set(info.round_id)
    key = ScoreCache.key(info.round_id, answers) if cache is not None else None
    result = cache.get(key) if cache is not None and key is not None else None
    if result is None:
        known = [a for a in answers.answers if a.question_id in bundle.questions]
        result = score(bundle, known, answers.context())
        if cache is not None and key is not None:
            cache.put(key, result)
    return ScoredRound(info=info, result=result)


def load_comparison(
    store: StoreLike,
    bundles: Sequence[ContentBundle],
    data: RegionData,
    *,
    round_label: str | None = None,
    nation: str | None = None,
    partnership_type: str | None = None,
    cache: ScoreCache | None = None,
) -> Comparison:
    """Score what is needed and build the comparison for the chosen round and filters.

    Rounds on a questionnaire version no bundle provides cannot be scored: a compared round
    like that leaves its partnership out (with the reason); a previous round like that just
    means no change is shown. Every round to score is read from the store in one go.
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
            left_out.append(LeftOut(
                partnership_id=pick.current.partnership_id,
                partnership_name=pick.current.partnership_name,
                reason=(
                    f"Its round {pick.current.round_label} used questionnaire "
                    f"{pick.current.questionnaire_id} version "
                    f"{pick.current.questionnaire_version}, which this tool does not have, "
                    "so it could not be scored."
                ),
            ))
            continue
        old_bundle = None if pick.previous is None else _bundle_for(bundles, pick.previous)
        plan.append((bundle, pick.current, old_bundle, pick.previous))
    wanted = [info.round_id for _, info, _, _ in plan]
    wanted += [old.round_id for _, _, b, old in plan if b is not None and old is not None]
    current: list[ScoredRound] = []
    previous: list[ScoredRound] = []
    with paused_gc():
        loaded = store.answer_sets(wanted) if wanted else {}
        for bundle, info, old_bundle, old in plan:
            current.append(
                score_round(store, bundle, info, cache, answers=loaded[info.round_id])
            )
            if old_bundle is not None and old is not None:
                previous.append(
                    score_round(store, old_bundle, old, cache, answers=loaded[old.round_id])
                )
    return build_comparison(current, previous, round_label=round_label, left_out=left_out)
