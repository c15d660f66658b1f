"""``scoring.construct.build`` shares one fields set per model: safe for copies and equality."""

from __future__ import annotations

from readiness.models import Answer
from readiness.scoring.construct import build

FIELDS = {
    "agency": "Police",
    "role": "police",
    "question_id": "q.one",
    "value": 3,
    "evidence": "",
    "evidence_links": [],
    "na_reason": "",
    "comment": "",
}


def test_models_built_with_every_field_share_one_set_and_equal_validated_ones() -> None:
    one, two = build(Answer, **FIELDS), build(Answer, **{**FIELDS, "value": 2})
    assert one.model_fields_set is two.model_fields_set
    assert one == Answer(**FIELDS)
    assert one.model_dump() == Answer(**FIELDS).model_dump()


def test_a_copy_gets_its_own_set_and_leaves_the_shared_one_alone() -> None:
    one = build(Answer, **FIELDS)
    shared = set(one.model_fields_set)
    copy = one.model_copy(update={"comment": "changed"})
    assert copy.comment == "changed"
    assert copy.model_fields_set is not one.model_fields_set
    assert one.model_fields_set == shared == set(Answer.model_fields)


def test_a_model_built_with_some_fields_gets_a_set_of_its_own() -> None:
    partial = build(Answer, agency="Police")
    assert partial.model_fields_set == {"agency"}
    assert build(Answer, **FIELDS).model_fields_set == set(Answer.model_fields)
