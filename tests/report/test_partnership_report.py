"""The partnership board report, re-read with python-docx: its headings, tables, chart and
figures match the scoring result; bad input still builds and shows text as text."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from readiness.report import PartnershipReportInput, PreviousRound, build_partnership_report
from readiness.report.partnership import current_actions, legal_duty_rows
from readiness.scoring.method import shown_score
from readiness.store.records import Partnership, StoredAction
from readiness.what_works import load_what_works
from tests.excel import factory as F
from tests.report.reading import header_rows_repeat, read

MARKUP = "<b>Board</b> & <script>alert(1)</script> {{ x }} **not bold**"
FORMULA = '=HYPERLINK("http://evil.example","click") and @SUM(A1)'


def manual(text: str, n: int = 1) -> StoredAction:
    return StoredAction(
        round_id=F.ROUND,
        id=f"manual-{n}",
        source="manual",
        text=text,
        status="In progress",
        rag="Red",
        owner_agency_id=F.COUNCIL,
        lead_person=MARKUP,
        due=dt.date(2027, 3, 31),
        updated_by="Alex",
        updated_at=F.UPDATED,
    )


def report_input(**changes: object) -> PartnershipReportInput:
    base = PartnershipReportInput(
        partnership=F.partnership(),
        round=F.round_(),
        result=F.result(),
        bundle=F.bundle(),
        generated_at=F.GENERATED,
        agencies=F.agencies(),
        actions=[
            *F.actions(),
            manual("Run a scared straight prison visit for Year 9"),
            manual(FORMULA, 2),
        ],
        what_works=load_what_works(F.bundle()),
        previous=PreviousRound(label="2025/26", result=F.result(F.answers(every=3))),
        region_name="Testshire VRN",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_report_has_real_headings_in_order() -> None:
    doc = read(build_partnership_report(report_input()))
    assert doc.headings == [
        ("Title", "Serious Violence Duty readiness: board report"),
        ("Heading 1", "Summary"),
        ("Heading 2", "What would move the band"),
        ("Heading 2", "Deadlines"),
        ("Heading 2", "Agencies that must act"),
        ("Heading 1", "Maturity by domain"),
        ("Heading 1", "Statutory position"),
        ("Heading 1", "Strategic needs assessment gaps"),
        ("Heading 1", "Disagreements to resolve"),
        ("Heading 1", "Action plan"),
        ("Heading 2", "What the evidence says"),
        ("Heading 1", "Change since the last round"),
        ("Heading 1", "How the scores are worked out"),
    ]


def test_properties_a4_sections_and_repeating_header_rows() -> None:
    doc = read(build_partnership_report(report_input())).doc
    props = doc.core_properties
    assert props.title == (
        "Serious Violence Duty readiness board report: Testshire Community Safety "
        "Partnership, 2026/27"
    )
    assert "Testshire Community Safety Partnership" in props.subject
    assert "2026/27" in props.subject
    assert props.created == F.GENERATED.replace(tzinfo=None).replace(tzinfo=dt.UTC)
    assert props.category == "Partnership board report"
    orientations = [s.orientation for s in doc.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for section in doc.sections:
        sides = sorted([section.page_width, section.page_height])
        assert abs(sides[0] - Mm(210)) < Mm(1)
        assert abs(sides[1] - Mm(297)) < Mm(1)
    assert header_rows_repeat(doc)


def test_the_summary_gives_the_band_in_words_maturity_coverage_and_blockers() -> None:
    result = F.result()
    doc = read(build_partnership_report(report_input()))
    band = result.compliance.band
    assert f"Compliance with the legal duties: {band}. This means" in doc.text
    overall = result.overall
    assert (
        f"Overall maturity: {overall.label} ({shown_score(overall.maturity):.1f} out of 4), from "
        f"{overall.answered} of {overall.applicable} questions answered"
    ) in doc.text
    assert result.compliance.blockers, "the fixture should have blockers"
    assert result.compliance.blockers[0].text in doc.text
    assert "See docs/scoring.md" not in doc.text
    assert "SVD-" not in doc.text.split("Statutory position")[0]  # no internal codes up front


def test_domain_chart_alt_text_and_table_match_the_result() -> None:
    result = F.result()
    doc = read(build_partnership_report(report_input()))
    [alt] = doc.alt_texts()
    table = doc.table_after("Maturity by domain")
    assert table[0] == ["Domain", "Maturity (0 to 4)", "Level", "Assured", "Answered"]
    assert len(table) == len(result.domains) + 1
    for row, domain in zip(table[1:], result.domains, strict=True):
        figure = "No answers" if domain.maturity is None else f"{shown_score(domain.maturity):.1f}"
        assert row[0] == domain.title
        assert row[1] == figure
        assert row[4] == f"{domain.answered} of {domain.applicable}"
        assert f"{domain.title} {figure}" in alt


def test_statutory_position_lists_every_legal_duty_with_its_source() -> None:
    data = report_input()
    doc = read(build_partnership_report(data))
    table = doc.table_after("Statutory position: each legal duty")
    duties = [d for d in F.bundle().catalogue.legal_duties() if "england" in d.nations]
    assert len(table) == len(duties) + 1
    assert [r[0] for r in table[1:]] == [d.title for d in duties]
    assert [r[2] for r in table[1:]] == [d.source for d in duties]
    assert {r[1] for r in table[1:]} <= {
        "In place",
        "Partly in place",
        "Not in place",
        "Not answered yet",
        "Not tested by any question",
    }
    # a duty is "In place" only when every question testing it is in place
    statuses = {q.question_id: q.status for q in F.result().compliance.statutory_questions}
    for duty, row in zip(duties, legal_duty_rows(data), strict=True):
        testing = [
            q for q in F.result().compliance.statutory_questions if duty.id in q.requirement_ids
        ]
        if row[1] == "In place":
            assert all(statuses[q.question_id] == "in_place" for q in testing)


def test_the_action_plan_table_and_what_the_evidence_says() -> None:
    data = report_input()
    doc = read(build_partnership_report(data))
    table = doc.table_after("Action plan")
    shown = current_actions(data.actions)
    assert table[0] == ["No.", "Action", "Gap", "Owner", "Lead", "Due", "Status", "RAG"]
    assert len(table) == len(shown) + 1
    first = shown[0]
    assert table[1][1].startswith(first.text)
    assert table[1][3] in {a.name for a in F.agencies()}
    assert {r[7] for r in table[1:]} <= {
        "Red: at risk or off track",
        "Amber: some risk to delivery",
        "Green: on track",
        "Not rated",
    }
    evidence = doc.table_after("What the evidence says")
    assert evidence[0][:3] == ["Action no.", "Approach", "Estimated impact on violence"]
    scared = next(n for n, a in enumerate(shown, start=1) if "scared straight" in a.text)
    flagged = [r for r in evidence if r[0] == str(scared)]
    assert flagged[0][1] == "Prison awareness programmes"
    assert flagged[0][2] == "HARMFUL: named in this action"
    assert f"Warning. Action {scared}: This action names Prison awareness" in doc.text
    navigators = [r for r in evidence if r[1] == "A&E navigators"]
    assert navigators
    assert all(r[2] == "Not yet checked" for r in navigators)


def test_change_since_the_last_round_matches_both_results() -> None:
    data = report_input()
    doc = read(build_partnership_report(data))
    table = doc.table_after("Change since the last round")
    assert table[0] == ["Area", "2025/26", "2026/27", "Change"]
    assert data.previous is not None
    before, now = data.previous.result.overall.maturity, data.result.overall.maturity
    assert before is not None
    assert now is not None
    assert table[1][:3] == ["Overall", f"{shown_score(before):.1f}", f"{shown_score(now):.1f}"]
    first = read(build_partnership_report(report_input(previous=None)))
    assert "This is the partnership's first assessed round" in first.text


def test_a_round_with_no_answers_and_no_actions_still_builds() -> None:
    empty = F.result([])
    doc = read(build_partnership_report(report_input(result=empty, actions=[], previous=None)))
    assert "No answers have been saved in this round yet" in doc.text
    assert "There are no actions on the plan for this round." in doc.text
    assert "There are no actions on the plan." in doc.text
    assert "No action on the plan relates to an approach rated in the evidence." in doc.text
    assert "Action plan" not in doc.captions()
    assert [s.orientation for s in doc.doc.sections] == [WD_ORIENT.PORTRAIT]  # no wide table


def test_long_names_formula_and_markup_are_shown_as_text() -> None:
    long_name = ("Greater " + "Very Long Name " * 20)[:190] + " CSP"
    partnership = Partnership(id=F.PARTNERSHIP, name=long_name, region_id="r", nation="england")
    long_text = "Agree " + "a" * 400 + " " + "and do more " * 250 + "\x07\x00end."
    actions = [*F.actions(3), manual(FORMULA, 2), manual(long_text, 3)]
    doc = read(build_partnership_report(report_input(partnership=partnership, actions=actions)))
    assert f"Partnership: {long_name}" in doc.text
    assert FORMULA in doc.text
    assert MARKUP in doc.text  # the lead person, written as typed
    assert long_text.replace("\x07\x00", "") in doc.text  # control characters dropped
    assert doc.doc.core_properties.title.endswith("CSP, 2026/27")


def test_without_ratings_the_report_says_so() -> None:
    doc = read(build_partnership_report(report_input(what_works=None)))
    assert "The ratings of what works were not available" in doc.text
