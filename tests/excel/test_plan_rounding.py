"""The Excel action plan shows a maturity by the same rule as the results page: 2.96 is
2.9 (Developing) in the workbook too, never 3.0 beside Developing."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from readiness.excel import build_action_plan
from readiness.scoring import method
from tests.excel import factory as F


def test_a_maturity_of_2_96_reads_2_9_developing_in_the_workbook() -> None:
    result = F.result()
    overall = result.overall.model_copy(update={"maturity": 2.96, "label": "Developing"})
    first = result.domains[0].model_copy(update={"maturity": 2.96, "label": "Developing"})
    result = result.model_copy(update={"overall": overall, "domains": [first, *result.domains[1:]]})
    data = build_action_plan(F.bundle(), F.source(), result, generated_at=F.GENERATED)
    summary = load_workbook(io.BytesIO(data))["Summary"]
    cells = {
        summary.cell(row=r, column=1).value: summary.cell(row=r, column=2) for r in range(1, 60)
    }
    shown = cells["Overall maturity (0 to 4)"]
    assert (shown.value, shown.number_format) == (2.9, "0.0")
    assert cells["Maturity level"].value == "Developing"
    domain_row = next(r for r in range(1, 60) if summary.cell(row=r, column=1).value == first.title)
    assert summary.cell(row=domain_row, column=2).value == 2.9
    assert summary.cell(row=domain_row, column=3).value == "Developing"
    assert method.score_words(2.96) == "2.9 (Developing)"


def test_the_summary_names_what_blocks_the_next_band_in_words_not_by_question_reference() -> None:
    result = F.result()
    assert result.compliance.blockers, "the factory's result has a blocker to show"
    bundle = F.bundle()
    data = build_action_plan(bundle, F.source(), result, generated_at=F.GENERATED)
    summary = load_workbook(io.BytesIO(data))["Summary"]
    heading = next(
        r
        for r in range(1, 60)
        if summary.cell(row=r, column=1).value == "Blocking the next compliance band"
    )
    for offset, blocker in enumerate(result.compliance.blockers, start=1):
        first = str(summary.cell(row=heading + offset, column=1).value)
        assert blocker.question_id not in first
        title = bundle.requirements[blocker.requirement_ids[0]].title
        assert first.startswith(title), first
        assert blocker.text in str(summary.cell(row=heading + offset, column=2).value)
