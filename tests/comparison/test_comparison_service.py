"""The comparison pack through the service: a sheet for every partnership compared and the
requirement titles of the questionnaire, as the regional page downloads it."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from readiness.comparison import build_comparison
from readiness.comparison.pack import comparison_pack
from readiness.services import comparison as service
from tests.comparison.conftest import bundle, result, scored

DAY = dt.date(2026, 7, 1)


def _cells(content: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def test_requirement_titles_come_from_every_bundle() -> None:
    titles = service.requirement_titles([bundle()])
    assert titles
    assert titles == {rid: req.title for rid, req in bundle().requirements.items()}
    assert service.requirement_titles([]) == {}


def test_the_pack_has_a_sheet_for_every_partnership_compared() -> None:
    c = build_comparison([scored("ash", result()), scored("birch", result())])
    content = service.pack_workbook(
        c, [bundle()], region_name="North", min_share=0.5, generated=DAY
    )
    expected = comparison_pack(
        c,
        region_name="North",
        generated=DAY,
        min_share=0.5,
        partnership_sheets=["ash", "birch"],
        requirement_titles=service.requirement_titles([bundle()]),
    )
    assert _cells(content) == _cells(expected)
    names = list(_cells(content))
    assert len(names) == len(_cells(comparison_pack(c, region_name="North", generated=DAY))) + 2
    without = service.pack_workbook(
        c, [bundle()], region_name="North", min_share=0.5, generated=DAY, partnership_sheets=False
    )
    assert len(_cells(without)) == len(names) - 2
