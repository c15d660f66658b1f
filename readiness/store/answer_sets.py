"""Rounds read as the scoring engine's answer sets (the fast read path), and their digests."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from readiness.models import Answer, AnswerSet
from readiness.scoring.construct import build
from readiness.store._db import StoreBase
from readiness.store._db import chunks as _chunks
from readiness.store.errors import NotFoundError
from readiness.store.records import Round

_MAX_ID = 80  # readiness.models Id


class AnswerSetsMixin(StoreBase):
    """Rounds as :class:`AnswerSet` objects, one or many at a time."""

    def round_answer_set(self, round_id: str, *, include_unconfirmed: bool = True) -> AnswerSet:
        """The round as the scoring engine's :class:`AnswerSet`.

        Answers carried forward and not yet re-confirmed count unless ``include_unconfirmed``
        is False.
        """
        with self._read() as conn:
            return self._answer_set(conn, self._round(conn, round_id), include_unconfirmed)

    def answer_sets(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> dict[str, AnswerSet]:
        """Several rounds as :class:`AnswerSet` objects, keyed by round id, read together.

        One read transaction and one query per 500 rounds, instead of a connection and two
        queries per round. An unknown round id raises :class:`NotFoundError`.
        """
        wanted = list(dict.fromkeys(round_ids))
        with self._read() as conn:
            rounds = self._rounds_by_id(conn, wanted)
            built = self._answer_sets(conn, [rounds[r] for r in wanted], include_unconfirmed)
        return {r: built[r] for r in wanted}

    def answer_digests(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> dict[str, str]:
        """A digest of what each round's :class:`AnswerSet` is built from, by round id.

        The digest covers every stored value :meth:`answer_sets` reads for the round (each
        answer with its agency's name and role, the round's questionnaire, "as of" date and
        recorded dates, the partnership's nation and lead agency), so equal digests mean equal
        answer sets. It is several times quicker than building the answer sets: a result worked
        out from an answer set can be reused for as long as its digest stays the same. An
        unknown round id raises :class:`NotFoundError`.
        """
        wanted = list(dict.fromkeys(round_ids))
        with self._read() as conn:
            self._rounds_by_id(conn, wanted)
            digests = _answer_digests(conn, wanted, include_unconfirmed)
        return {r: digests[r] for r in wanted}

    def answer_sets_with_digests(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> tuple[dict[str, AnswerSet], dict[str, str]]:
        """:meth:`answer_sets` and :meth:`answer_digests` read in one transaction, so each
        digest is the digest of the answer set returned with it."""
        wanted = list(dict.fromkeys(round_ids))
        with self._read() as conn:
            rounds = self._rounds_by_id(conn, wanted)
            built = self._answer_sets(conn, [rounds[r] for r in wanted], include_unconfirmed)
            digests = _answer_digests(conn, wanted, include_unconfirmed)
        return {r: built[r] for r in wanted}, {r: digests[r] for r in wanted}

    def _rounds_by_id(self, conn: sqlite3.Connection, wanted: Sequence[str]) -> dict[str, Round]:
        """The rounds with these ids; an unknown id raises :class:`NotFoundError`."""
        rounds: dict[str, Round] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" for _ in chunk)
            rounds.update(
                (r.id, r)
                for r in self._all(
                    conn,
                    "rounds",
                    Round,
                    f"SELECT * FROM rounds WHERE id IN ({marks})",  # noqa: S608 - only ?s
                    chunk,
                )
            )
        missing = [r for r in wanted if r not in rounds]
        if missing:
            raise NotFoundError(f"There is no assessment round with the id {missing[0]}.")
        return rounds

    def latest_answer_sets(
        self, region_id: str, *, include_unconfirmed: bool = True
    ) -> dict[str, AnswerSet]:
        """Every partnership's latest round in a region, keyed by partnership id."""
        with self._read() as conn:
            rounds = self._all(
                conn,
                "rounds",
                Round,
                "SELECT r.* FROM rounds r JOIN partnerships p ON p.id = r.partnership_id "
                "WHERE p.region_id = ? AND r.id = ("
                "  SELECT r2.id FROM rounds r2 WHERE r2.partnership_id = r.partnership_id "
                "  ORDER BY r2.as_of DESC, r2.created_at DESC, r2.id DESC LIMIT 1) "
                "ORDER BY p.name, p.id",
                [region_id],
            )
            built = self._answer_sets(conn, rounds, include_unconfirmed)
            return {r.partnership_id: built[r.id] for r in rounds}

    def _answer_set(
        self, conn: sqlite3.Connection, round_: Round, include_unconfirmed: bool
    ) -> AnswerSet:
        return self._answer_sets(conn, [round_], include_unconfirmed)[round_.id]

    @staticmethod
    def _answer_sets(
        conn: sqlite3.Connection, rounds: Sequence[Round], include_unconfirmed: bool
    ) -> dict[str, AnswerSet]:
        """The rounds as answer sets: one query for their partnerships, one per 500 rounds."""
        partnership_ids = list(dict.fromkeys(r.partnership_id for r in rounds))
        partnerships: dict[str, sqlite3.Row] = {}
        for chunk in _chunks(partnership_ids):
            marks = ",".join("?" for _ in chunk)
            partnerships.update(
                (row["id"], row)
                for row in conn.execute(
                    "SELECT p.id, p.nation, a.name FROM partnerships p "  # noqa: S608 - only ?s
                    f"LEFT JOIN agencies a ON a.id = p.lead_agency_id WHERE p.id IN ({marks})",
                    chunk,
                )
            )
        status = "" if include_unconfirmed else " AND status = 'confirmed'"
        answers: dict[str, list[Answer]] = {r.id: [] for r in rounds}
        agencies: dict[str, tuple[str, str]] = {}
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: noticeably cheaper than sqlite3.Row here
        for chunk in _chunks([r.id for r in rounds]):
            marks = ",".join("?" for _ in chunk)
            sql = (
                "SELECT round_id, agency_id, question_id, value, evidence, "  # noqa: S608
                "evidence_links, na_reason, comment FROM answers "
                f"WHERE round_id IN ({marks}){status} "
                "ORDER BY round_id, agency_id, question_id"
            )  # S608: only "?" placeholders and a fixed clause are put in the text
            rows = cursor.execute(sql, chunk).fetchall()
            unknown = list({r[1] for r in rows} - agencies.keys())
            for some in _chunks(unknown):
                marks = ",".join("?" for _ in some)
                agencies.update(
                    (agency_id, (name, role))
                    for agency_id, name, role in cursor.execute(
                        f"SELECT id, name, role_id FROM agencies WHERE id IN ({marks})",  # noqa: S608
                        some,
                    )
                )
            # one JSON decode for all the rows is several times faster than one per answer
            values = json.loads(
                "[" + ",".join("null" if r[3] is None else r[3] for r in rows) + "]"
            )
            links = json.loads("[" + ",".join(r[5] for r in rows) + "]")
            for row, value, link_list in zip(rows, values, links, strict=True):
                round_id, agency_id, question_id, _, evidence, _, na_reason, comment = row
                name, role = agencies[agency_id]
                answers[round_id].append(
                    _answer_from_row(
                        name, role, question_id, value, evidence, link_list, na_reason, comment
                    )
                )
        return {
            r.id: AnswerSet(
                questionnaire_id=r.questionnaire_id,
                questionnaire_version=r.questionnaire_version,
                as_of=r.as_of,
                nation=partnerships[r.partnership_id]["nation"],
                dates=r.dates,
                lead_agency=partnerships[r.partnership_id]["name"],
                answers=answers[r.id],
            )
            for r in rounds
        }


#: Part of every answer digest: change it whenever ``Store._answer_sets`` reads anything else
#: (another column, table or rule), so that digests made before no longer match.
_ANSWER_DIGEST_FORMAT = "answer-set-digest-1"


def _answer_digests(
    conn: sqlite3.Connection, round_ids: Sequence[str], include_unconfirmed: bool
) -> dict[str, str]:
    """sha256 digests of the stored values ``Store._answer_sets`` builds each round from.

    The same columns, joins and answer filter as ``_answer_sets``. SQLite writes each answer as
    a JSON array (every value as stored, JSON columns as their text, so no two answers read the
    same) and joins a round's arrays in key order, which is several times quicker than handing
    every value over to Python. Were SQLite ever to join them in another order, the digest
    would only differ, never match wrongly: the round would be scored again.
    """
    contexts: dict[str, str] = {}
    answers: dict[str, str] = {}
    status = "" if include_unconfirmed else " AND a.status = 'confirmed'"
    for chunk in _chunks(round_ids):
        marks = ",".join("?" for _ in chunk)
        sql = (
            "SELECT r.id, r.questionnaire_id, r.questionnaire_version, r.as_of, "  # noqa: S608
            "r.dates, p.nation, lead.name FROM rounds r "
            "JOIN partnerships p ON p.id = r.partnership_id "
            f"LEFT JOIN agencies lead ON lead.id = p.lead_agency_id WHERE r.id IN ({marks})"
        )  # S608: only "?" placeholders are put in the text
        for row in conn.execute(sql, chunk):
            contexts[row[0]] = json.dumps(
                [_ANSWER_DIGEST_FORMAT, include_unconfirmed, *tuple(row)[1:]],
                ensure_ascii=False,
                separators=(",", ":"),
            )
        sql = (
            "SELECT a.round_id, group_concat(json_array(g.name, g.role_id, "  # noqa: S608
            "a.question_id, a.value, a.evidence, a.evidence_links, a.na_reason, a.comment), ',') "
            "FROM answers a JOIN agencies g ON g.id = a.agency_id "
            f"WHERE a.round_id IN ({marks}){status} GROUP BY a.round_id"
        )  # S608: only "?" placeholders and a fixed clause are put in the text
        answers.update((row[0], row[1]) for row in conn.execute(sql, chunk))
    return {
        round_id: hashlib.sha256(f"{context}\n{answers.get(round_id, '')}".encode()).hexdigest()
        for round_id, context in contexts.items()
    }


def _answer_from_row(  # noqa: PLR0917 - one argument per column
    agency: str,
    role: str,
    question_id: str,
    value: Any,
    evidence: str,
    evidence_links: list[str],
    na_reason: str,
    comment: str,
) -> Answer:
    """An :class:`Answer` built from a row of our own database.

    The row was validated when it was written (``AnswerInput``, ``Agency``), so when its text
    is already as validation would leave it (no surrounding whitespace to strip: Python's
    ``str.strip`` removes every character pydantic's would, and more) the model is built
    without validating again (``build``, a leaner ``model_construct``), several times faster.
    Anything else is validated.
    """
    if (  # written out rather than any()/all(): this runs for every answer of every round
        len(role) <= _MAX_ID
        and len(question_id) <= _MAX_ID  # store ids may be longer than content ids
        and agency == agency.strip()
        and evidence == evidence.strip()
        and na_reason == na_reason.strip()
        and comment == comment.strip()
        and (
            not evidence_links
            or all(isinstance(link, str) and link == link.strip() for link in evidence_links)
        )
    ):
        return build(  # every field given, in the model's order: what model_construct does
            Answer,
            agency=agency,
            role=role,
            question_id=question_id,
            value=value,
            evidence=evidence,
            evidence_links=evidence_links,
            na_reason=na_reason,
            comment=comment,
        )
    return Answer(
        agency=agency,
        role=role,
        question_id=question_id,
        value=value,
        evidence=evidence,
        evidence_links=evidence_links,
        na_reason=na_reason,
        comment=comment,
    )
