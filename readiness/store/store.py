"""The store: the only place that reads and writes the SQLite database.

:class:`Store` is composed of named parts, each in its own module:

* :mod:`readiness.store._db`: opening, migrations, transactions, the audit log;
* :mod:`readiness.store.organisations`: regions, agencies, partnerships, members;
* :mod:`readiness.store.rounds`: assessment rounds;
* :mod:`readiness.store.answers`: answers, with revisions and conflicts;
* :mod:`readiness.store.actions`: the action plan;
* :mod:`readiness.store.batch`: answers and action edits in one transaction;
* :mod:`readiness.store.answer_sets`: rounds as answer sets for scoring, and their digests;
* :mod:`readiness.store.score_cache`: scoring results kept under their full key;
* :mod:`readiness.store.exchange`: the audit log, listings, backups and the demo data;
* :mod:`readiness.store.people`: who holds which role (grants).
"""

from __future__ import annotations

from pathlib import Path

from readiness.ids import slug
from readiness.settings import DEFAULT_DB_PATH, settings
from readiness.store._db import Clock
from readiness.store.answer_sets import AnswerSetsMixin, _answer_from_row
from readiness.store.batch import BatchMixin
from readiness.store.exchange import ExchangeMixin
from readiness.store.organisations import OrganisationsMixin
from readiness.store.people import PeopleMixin
from readiness.store.rounds import RoundsMixin
from readiness.store.score_cache import ScoreCacheMixin

__all__ = ["DEFAULT_DB_PATH", "Clock", "Store", "_answer_from_row", "default_db_path", "slug"]


def default_db_path() -> Path:
    """The database path: ``READINESS_DB`` if set, otherwise ``data/readiness.db``."""
    return settings().db_path


class Store(
    OrganisationsMixin,
    RoundsMixin,
    BatchMixin,
    AnswerSetsMixin,
    ScoreCacheMixin,
    ExchangeMixin,
    PeopleMixin,
):
    """Regions, partnerships, agencies, rounds, answers, actions and the audit log.

    ``Store(path)`` opens the database (creating and migrating it if needed; an existing,
    migrated database is opened without writing). ``path`` defaults to the ``READINESS_DB``
    setting; ``clock`` is used for timestamps and can be replaced in tests; ``read_only``
    never writes. :meth:`transaction` puts several calls in one transaction.
    """
