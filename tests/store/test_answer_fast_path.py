"""Answers read back from our own database are built without re-validation only when that
cannot change them: the scoring engine sees exactly what validation would have given it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readiness.models import Answer
from readiness.store import NotFoundError, Store
from readiness.store.records import AnswerInput
from readiness.store.store import _answer_from_row
from tests.store.sample import COUNCIL, POLICE, add_round

TEXT = st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "é"]))


@given(
    agency=TEXT.filter(lambda t: t.strip()),
    evidence=TEXT,
    na_reason=TEXT,
    comment=TEXT,
    links=st.lists(TEXT, max_size=3),
)
def test_a_row_gives_the_same_answer_as_full_validation(
    agency: str, evidence: str, na_reason: str, comment: str, links: list[str]
) -> None:
    fields = {
        "agency": agency,
        "role": "police",
        "question_id": "gov.partnership",
        "value": 2,
        "evidence": evidence,
        "evidence_links": links,
        "na_reason": na_reason,
        "comment": comment,
    }
    try:
        validated = Answer.model_validate(fields)
    except ValueError:
        return  # e.g. a name that is only whitespace is refused before it reaches the store
    built = _answer_from_row(
        agency, "police", "gov.partnership", 2, evidence, links, na_reason, comment
    )
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()


def test_reading_several_rounds_together_matches_reading_each(store: Store, round_id: str) -> None:
    store.save_answers(
        round_id,
        POLICE,
        [
            AnswerInput(question_id="q.a", value=2, evidence="  Minutes of 3 May  "),
            AnswerInput(question_id="q.b", value=None, na_reason="Not a police matter"),
        ],
        user="pat",
    )
    store.save_answer(
        round_id,
        COUNCIL,
        "q.a",
        value={"x": [1, 2]},
        expected_revision=None,
        user="kim",
        evidence_links=["https://example.org/sna"],
    )
    other = add_round(store, "2027/28")
    store.save_answer(other, POLICE, "q.a", value="yes", expected_revision=None, user="pat")
    together = store.answer_sets([other, round_id, other])
    assert list(together) == [other, round_id]
    assert together == {r: store.round_answer_set(r) for r in (other, round_id)}
    [police_q_a] = [
        a for a in together[round_id].answers if a.question_id == "q.a" and a.role == "police"
    ]
    assert police_q_a.evidence == "Minutes of 3 May", "surrounding spaces are stripped as before"


def test_reading_an_unknown_round_says_which(store: Store, round_id: str) -> None:
    with pytest.raises(NotFoundError, match="no assessment round with the id nope"):
        store.answer_sets([round_id, "nope"])
