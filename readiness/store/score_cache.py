"""Scoring results kept in the database, under their full key (see ``comparison.load``)."""

from __future__ import annotations

from collections.abc import Sequence

from readiness.store._db import StoreBase
from readiness.store._db import chunks as _chunks
from readiness.store._sql import timestamp
from readiness.store.records import CachedScore, ScoreKey


class ScoreCacheMixin(StoreBase):
    """Read and write the score cache."""

    # ------------------------------------------------------------------ score cache

    def cached_scores(self, keys: Sequence[ScoreKey]) -> dict[str, str]:
        """Cached scoring results (JSON text) by round id, for the keys that match in full.

        An entry saved under any other key (other answers, content, scoring version or result
        format) is left out, as are rounds with no entry: the caller scores those again.
        """
        wanted = {k.round_id: k for k in keys}
        found: dict[str, str] = {}
        with self._read() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            for chunk in _chunks(list(wanted)):
                marks = ",".join("?" for _ in chunk)
                sql = f"SELECT {_SCORE_KEY_COLUMNS}, result FROM score_cache "  # noqa: S608
                sql += f"WHERE round_id IN ({marks})"  # S608: only "?" placeholders
                for row in cursor.execute(sql, chunk):
                    key = wanted[row[0]]
                    if row[:-1] == _score_key_row(key):
                        found[key.round_id] = row[-1]
        return found

    def save_cached_scores(
        self, entries: Sequence[CachedScore], *, per_transaction: int = 50, busy_wait_ms: int = 250
    ) -> int:
        """Cache scoring results, replacing any earlier entry of the same round; returns how many.

        Written ``per_transaction`` at a time, and waiting at most ``busy_wait_ms`` for the
        write lock each time, so people saving answers are never held up for long. Raises
        :class:`StoreError` (the database is busy, read-only or full) with the entries of
        earlier transactions saved: the cache is only ever a shortcut, so callers can carry on.
        """
        saved = 0
        step = max(per_transaction, 1)
        for start in range(0, len(entries), step):
            batch = entries[start : start + step]
            with self._write(busy_wait_ms=busy_wait_ms) as conn:
                at = timestamp(self._now())
                conn.executemany(
                    _SAVE_SCORE_SQL, [(*_score_key_row(e.key), e.result, at) for e in batch]
                )
            saved += len(batch)
        return saved


_SCORE_KEY_COLUMNS = (
    "round_id, answers_digest, questionnaire_id, questionnaire_version, bundle_digest, nation, "
    "scoring_version, result_format"
)
_SAVE_SCORE_SQL = (
    f"INSERT OR REPLACE INTO score_cache ({_SCORE_KEY_COLUMNS}, result, saved_at) "  # noqa: S608
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)  # S608: column names from code only


def _score_key_row(key: ScoreKey) -> tuple[str, str, str, str, str, str, int, str]:
    """A score key as the values of ``_SCORE_KEY_COLUMNS``, in that order."""
    return (
        key.round_id,
        key.answers_digest,
        key.questionnaire_id,
        key.questionnaire_version,
        key.bundle_digest,
        key.nation,
        key.scoring_version,
        key.result_format,
    )
