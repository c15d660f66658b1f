"""Every per-type table covers every question type, so a new type cannot silently do nothing."""

from __future__ import annotations

import typing

import pytest

from readiness.answer_check import VALUE_CHECKS
from readiness.excel import layout, pack, read_pack
from readiness.models import Question
from readiness.models.questionnaire import QUESTION_TYPES
from readiness.scoring import answer_scores, samples
from readiness.ui.components import question_words, questions


def _literal_types() -> set[str]:
    union = typing.get_args(Question)[0]
    found: set[str] = set()
    for cls in typing.get_args(union):
        found.update(typing.get_args(cls.model_fields["type"].annotation))
    return found


def test_question_types_lists_every_class_in_the_union() -> None:
    assert set(QUESTION_TYPES) == _literal_types()
    assert len(QUESTION_TYPES) == len(set(QUESTION_TYPES))


TABLES: dict[str, typing.Mapping[str, object]] = {
    "answer_check.VALUE_CHECKS": VALUE_CHECKS,
    "questions.WIDGETS (draw)": questions.WIDGETS,
    "answer_scores.SCORERS (score a value)": answer_scores.SCORERS,
    "samples.SAMPLERS (a sample value)": samples.SAMPLERS,
    "layout.CELL_FORMATS (write a workbook answer cell)": layout.CELL_FORMATS,
    "pack.VALIDATIONS (check a workbook answer cell)": pack.VALIDATIONS,
    "read_pack.CELL_READERS (read a workbook answer cell)": read_pack.CELL_READERS,
    "questions.SEEDERS (fill from a saved answer)": questions.SEEDERS,
    "questions.READERS (read the draft back)": questions.READERS,
    "question_words.DESCRIBERS (a value in words)": question_words.DESCRIBERS,
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_table_covers_every_question_type(name: str) -> None:
    table = TABLES[name]
    assert sorted(table) == sorted(QUESTION_TYPES), name
    assert all(
        callable(entry) or isinstance(entry, layout.CellFormat) for entry in table.values()
    ), name
