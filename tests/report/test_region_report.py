"""The region report, re-read with python-docx: bands and maturity by partnership, common gaps,
change since the last round and an anonymised benchmark that names no partnership."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT

from readiness.comparison import build_comparison, tables
from readiness.comparison.records import LeftOut
from readiness.report import RegionReportInput, build_region_report
from readiness.scoring.method import shown_score
from tests.comparison.conftest import result, scored
from tests.excel import factory as F
from tests.report.reading import header_rows_repeat, read


def region(count: int = 5, *, with_previous: bool = True):  # type: ignore[no-untyped-def]
    current = []
    previous = []
    for n in range(count):
        overall = round(0.5 + 3 * n / max(1, count - 1), 2)
        band = ("Not met", "Approaching", "Met")[n % 3]
        res = result(
            overall=overall,
            band=band,
            domains={"leadership": overall, "definition": 1.0 + n % 3, "data": None},
            questions={"leadership.partnership_agreed": 1.0},
        )
        current.append(scored(f"p{n:02d}", res, name=f"Partnership {n:02d}"))
        if with_previous and n % 2 == 0:
            old = result(overall=overall - 0.5, band="Not met")
            previous.append(scored(f"p{n:02d}", old, label="2025/26", name=f"Partnership {n:02d}"))
    return build_comparison(
        current,
        previous,
        left_out=[
            LeftOut(
                partnership_id="x",
                partnership_name="Nowhere CSP",
                reason="Has no assessment round yet.",
            )
        ],
    )


def build(comparison, name: str = "Testshire VRN") -> bytes:  # type: ignore[no-untyped-def]
    return build_region_report(
        RegionReportInput(
            comparison=comparison,
            region_name=name,
            generated_at=F.GENERATED,
        )
    )


def test_headings_properties_and_landscape_matrix() -> None:
    doc = read(build(region()))
    assert [h for _, h in doc.headings] == [
        "Serious Violence Duty readiness: region report",
        "Summary",
        "Bands and maturity by partnership",
        "Maturity by domain for each partnership",
        "Most common gaps",
        "Change since the last round",
        "Anonymised benchmark",
        "How the figures are worked out",
    ]
    assert doc.doc.core_properties.title == (
        "Serious Violence Duty readiness region report: Testshire VRN, latest rounds"
    )
    assert [s.orientation for s in doc.doc.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
        WD_ORIENT.PORTRAIT,
    ]
    assert header_rows_repeat(doc.doc)
    assert "Nowhere CSP: Has no assessment round yet." in doc.text


def test_bands_and_maturity_match_the_comparison() -> None:
    c = region()
    doc = read(build(c))
    table = doc.table_after("Bands and maturity by partnership")
    assert len(table) == 6
    by_name = {row[1]: row for row in table[1:]}
    for s in c.current:
        row = by_name[s.name]
        assert row[2] == s.result.compliance.band
        assert row[4] == f"{shown_score(s.result.overall.maturity):.1f}"
    assert table[1][0] == "1"
    [alt] = doc.alt_texts()
    assert "regional median maturity in each domain" in alt
    assert "Leadership and governance 2.0" in alt  # the middle of 0.5, 1.25, 2, 2.75, 3.5
    assert "Data and information sharing hidden" in alt  # no partnership has results there
    matrix = doc.table_after("Maturity by domain for each partnership")
    assert matrix[0][0] == "Partnership"
    assert len(matrix[0]) == 1 + len(c.domains)
    row = next(r for r in matrix if r[0] == "Partnership 00")
    assert row[1] == "0.5"  # leadership, one decimal


def test_common_gaps_and_changes() -> None:
    c = region()
    doc = read(build(c))
    gaps = doc.table_after("Most common gaps")
    expected = tables.common_gaps(c, 0.5)
    assert len(gaps) == 1 + min(len(expected), 15)
    assert gaps[1][0] == "100%"
    assert gaps[1][1] == expected.iloc[0]["text"]
    assert gaps[1][4] == "5 of 5"
    changes = doc.table_after("Change since the last round")
    row = next(r for r in changes if r[0] == "Partnership 00")
    assert row[1:] == ["2025/26", "Not met", "Not met", "Up 0.5"]
    assert next(r for r in changes if r[0] == "Partnership 01")[1] == "None"


def test_the_benchmark_is_anonymised() -> None:
    doc = read(build(region()))
    areas = doc.table_after("Partnerships as anonymous areas")
    assert [r[0] for r in areas[1:]] == ["Area A", "Area B", "Area C", "Area D", "Area E"]
    assert areas[1][2] == "3.5"  # highest maturity first, not name order
    assert not any("Partnership 0" in cell for row in areas for cell in row)
    spread = doc.table_after("Regional spread by domain")
    data_row = next(r for r in spread if r[0] == "Data and information sharing")
    assert data_row[1:] == ["0", "Hidden", "Hidden", "Hidden"]


def test_a_region_with_one_partnership_hides_the_benchmark() -> None:
    doc = read(build(region(1, with_previous=False)))
    assert "Fewer than 3 partnerships have results, so the areas are not listed." in doc.text
    spread = doc.table_after("Regional spread by domain")
    assert all(row[2] == "Hidden" for row in spread[1:])
    assert "No partnership has an earlier round to compare with." in doc.text


def test_an_empty_region_still_builds() -> None:
    doc = read(build(build_comparison([])))
    assert "0 partnerships compared." in doc.text
    assert "No partnership in this region has a scored round to compare yet." in doc.text


def test_names_with_markup_and_formulas_are_text() -> None:
    odd = '=HYPERLINK("x") <i>Odd</i> & Co ' + "Long " * 35
    res = result(overall=2.0)
    c = build_comparison([scored("odd", res, name=odd), scored("b", res), scored("c", res)])
    doc = read(build(c, name="<Region> & =1+1"))
    assert odd in doc.text
    assert "Region: <Region> & =1+1" in doc.text
