"""The Excel action plan's "What the evidence says" sheet, and the plan still imports back."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from readiness.excel import build_action_plan, check_workbook, open_workbook
from readiness.excel.plan import EVIDENCE_SHEET
from readiness.what_works import load_what_works
from tests.excel import factory as F
from tests.report.test_partnership_report import manual


def _source():  # type: ignore[no-untyped-def]
    base = F.source()
    extra = [manual("Organise a scared straight visit to HMP Testshire", 7)]
    return base.model_copy(update={"actions": [*base.actions, *extra]})


def _plan(with_ratings: bool = True) -> bytes:
    return build_action_plan(
        F.bundle(),
        _source(),
        F.result(),
        generated_at=F.GENERATED,
        what_works=load_what_works(F.bundle()) if with_ratings else None,
    )


def test_the_plan_says_what_the_evidence_says_and_flags_a_harmful_approach() -> None:
    wb = load_workbook(io.BytesIO(_plan()))
    ws = wb[EVIDENCE_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:5] == [
        "Action ref",
        "Action",
        "Approach",
        "Estimated impact on violence",
        "Confidence in the estimate",
    ]
    flagged = [r for r in rows if r[0] == "manual-7"]
    assert flagged[0][2] == "Prison awareness programmes"
    assert flagged[0][3] == "HARMFUL: named in this action"
    assert "Consider instead: Social skills training" in flagged[0][5]
    skills = next(r for r in rows[1:] if r[2] == "Social skills training")
    assert skills[3] == "High"
    assert skills[7] == "https://youthendowmentfund.org.uk/toolkit/social-skills-training/"
    unread = [r for r in rows[1:] if r[2] == "A&E navigators"]
    assert unread
    assert all(r[3] == "Not yet checked" for r in unread)
    assert ws.print_title_rows == "$1:$1"


def test_without_ratings_there_is_no_evidence_sheet() -> None:
    wb = load_workbook(io.BytesIO(_plan(with_ratings=False)))
    assert EVIDENCE_SHEET not in wb.sheetnames


def test_a_plan_with_the_evidence_sheet_imports_back_with_no_problems() -> None:
    opened, problems = open_workbook(_plan())
    assert problems == []
    assert opened is not None
    outcome = check_workbook(opened, F.bundle(), _source())
    assert outcome.problems == []


def test_the_about_sheet_explains_the_method_in_plain_english() -> None:
    wb = load_workbook(io.BytesIO(_plan()))
    lines = [c.value for c in wb["About"]["A"] if c.value]
    text = "\n".join(lines)
    assert "docs/scoring.md" not in text
    assert "Compliance with the legal duties is kept separate from maturity" in text
    bold = [c.value for c in wb["About"]["A"] if c.value and c.font.bold]
    assert bold == [
        "About this workbook",
        "How the scores are worked out",
        "How to send updates back",
    ]
