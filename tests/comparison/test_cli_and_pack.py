"""The command line, the JSON golden files and the comparison pack."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from readiness.cli import compare_cmds
from readiness.comparison import build_comparison
from readiness.comparison.pack import SHEETS, comparison_pack, sheet_title
from readiness.comparison.report import comparison_document
from readiness.store import Store
from readiness.store.records import Partnership, Region
from tests.comparison.conftest import result, scored

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="python -m readiness")
    compare_cmds.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.func(args)
    return code


def _check_golden(name: str, document: dict) -> None:
    path = GOLDEN / name
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    Store(path).load_demo()
    return path


def test_json_for_the_demo_region_matches_the_golden_file(demo_db, capsys) -> None:
    assert _run("compare", "--db", str(demo_db), "--region", "demo-northshire", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["partnerships"]) == 9
    first = document["partnerships"][0]
    assert {"id", "name", "band", "blockers", "overall_maturity", "domains"} <= set(first)
    assert set(document["median"]) == {d["id"] for d in document["domains"]}
    assert document["common_gaps"], "the demo region has gaps in common"
    _check_golden("demo-region.json", document)


def test_an_earlier_round_can_be_chosen(demo_db, capsys) -> None:
    assert (
        _run(
            "compare",
            "--db",
            str(demo_db),
            "--region",
            "demo-northshire",
            "--round",
            "2025/26",
            "--json",
        )
        == 0
    )
    document = json.loads(capsys.readouterr().out)
    assert {p["round"] for p in document["partnerships"]} == {"2025/26"}
    assert {c["direction"] for c in document["changes"]} == {"Not comparable"}


def test_the_summary_lists_every_partnership(demo_db, capsys) -> None:
    assert (
        _run("compare", "--db", str(demo_db), "--region", "demo-northshire", "--nation", "wales")
        == 0
    )
    out = capsys.readouterr().out
    assert "3 partnerships compared" in out
    assert "Cwm Tawel" in out
    assert "Ashby" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--region", "nowhere"], "There is no region with the id nowhere"),
        (
            ["--region", "demo-northshire", "--round", "1999/00"],
            "has a round labelled 1999/00. Rounds in this region: 2026/27, 2025/26.",
        ),
        (["--region", "demo-northshire", "--min-share", "2"], "--min-share must be more than 0"),
        (
            ["--region", "demo-northshire", "--partnership-sheets"],
            "--partnership-sheets only works with -o",
        ),
    ],
    ids=[
        "an unknown region",
        "a round nobody has",
        "a share above 1",
        "partnership sheets without a pack",
    ],
)
def test_bad_input_gets_a_plain_message(demo_db, capsys, argv, message) -> None:
    assert _run("compare", "--db", str(demo_db), *argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_missing_database_is_named(tmp_path, capsys) -> None:
    assert _run("compare", "--db", str(tmp_path / "none.db"), "--region", "x") == 1
    assert "There is no database at" in capsys.readouterr().err


def test_the_pack_is_written_and_reads_back(demo_db, tmp_path, capsys) -> None:
    out = tmp_path / "pack.xlsx"
    assert (
        _run(
            "compare",
            "--db",
            str(demo_db),
            "--region",
            "demo-northshire",
            "-o",
            str(out),
            "--partnership-sheets",
        )
        == 0
    )
    assert "Comparison pack written" in capsys.readouterr().out
    wb = load_workbook(out)
    assert wb.sheetnames[:5] == list(SHEETS)
    assert len(wb.sheetnames) == 5 + 9
    heat = wb["Heatmap"]
    assert heat["A1"].value == "Partnership"
    assert isinstance(heat["B2"].value, float)
    assert heat.conditional_formatting, "the heatmap is coloured by value"
    assert wb["Compliance"]["G1"].value == "Compliance band"


# --------------------------------------------------------------------------- synthetic golden


def _mixed_region():
    now = [
        scored(
            "ash",
            result(
                domains={"leadership": 1.0, "data": 2.0},
                overall=1.5,
                band="Not met",
                blockers=2,
                questions={"leadership.partnership_agreed": 1.0},
            ),
        ),
        scored("birch", result(domains={"leadership": 3.0, "data": None}, overall=3.0, band="Met")),
        scored(
            "cedar",
            result(domains={"leadership": 2.0, "definition": 4.0}, overall=3.0, version="1.1"),
        ),
        scored("odd", result(questionnaire_id="another")),
    ]
    before = [
        scored(
            "ash",
            result(domains={"leadership": 1.5, "data": 1.0}, overall=1.25),
            label="2024/25",
            as_of=dt.date(2024, 6, 30),
        ),
    ]
    return build_comparison(now, before, round_label="2026/27")


def test_mixed_versions_and_missing_rounds_match_the_golden_file() -> None:
    document = comparison_document(_mixed_region(), region_id="test", region_name="Test region")
    _check_golden("mixed-region.json", document)
    assert [x["partnership_id"] for x in document["left_out"]] == ["odd"]


def test_text_in_the_pack_cannot_become_a_formula() -> None:
    c = build_comparison(
        [
            scored("evil", result(), name='=HYPERLINK("http://x","y")'),
            scored("plain", result(), name="@SUM(1)"),
        ]
    )
    content = comparison_pack(
        c, region_name="+cmd", partnership_sheets=["evil"], generated=dt.date(2026, 7, 1)
    )
    wb = load_workbook(io.BytesIO(content))
    names = [wb["Heatmap"].cell(row=r, column=1) for r in (2, 3)]
    assert [cell.data_type for cell in names] == ["s", "s"]
    assert {cell.value for cell in names} == {'=HYPERLINK("http://x","y")', "@SUM(1)"}
    assert all(cell.quotePrefix for cell in names)
    assert wb["Summary"]["B3"].value == "+cmd"
    assert wb["Summary"]["B3"].quotePrefix


def test_a_pack_for_an_unknown_partnership_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="not in the comparison"):
        comparison_pack(_mixed_region(), region_name="x", partnership_sheets=["nobody"])


@pytest.mark.parametrize(
    ("name", "used", "expected"),
    [
        ("Demo: Ashby Vale Community Safety Partnership", set(), "Ashby Vale Community Safety Par"),
        ("A/B: [test]?", set(), "A B test"),
        ("Summary", {"Summary"}, "Summary (2)"),
    ],
    ids=[
        "long names are cut to 31 characters",
        "characters Excel refuses are replaced",
        "a clash gets a number",
    ],
)
def test_sheet_titles(name, used, expected) -> None:
    title = sheet_title(name, used)
    assert len(title) <= 31
    assert title == expected


@pytest.mark.libreoffice
def test_libreoffice_opens_the_pack(demo_db, tmp_path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed: apt-get install libreoffice-calc-nogui"
    pack = tmp_path / "pack.xlsx"
    assert (
        _run(
            "compare",
            "--db",
            str(demo_db),
            "--region",
            "demo-northshire",
            "-o",
            str(pack),
            "--partnership-sheets",
        )
        == 0
    )
    profile = f"file://{tmp_path / 'lo-profile'}"
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp_path / "out"),
            str(pack),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = load_workbook(tmp_path / "out" / "pack.xlsx")
    assert converted.sheetnames[:5] == list(SHEETS)
    assert converted["Heatmap"]["A2"].value == load_workbook(pack)["Heatmap"]["A2"].value


def test_region_all_gives_the_national_view_and_names_who_was_left_out(
    demo_db, tmp_path, capsys
) -> None:
    db = tmp_path / "national.db"
    db.write_bytes(demo_db.read_bytes())
    store = Store(db)
    store.save_region(Region(id="east", name="East VRN"), user="test")
    store.save_partnership(
        Partnership(id="east-1", name="Eastborough CSP", region_id="east", nation="england"),
        user="test",
    )
    assert _run("compare", "--db", str(db), "--region", "all", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["region"]["name"] == "All regions"
    assert len(document["partnerships"]) == 9
    left_out = {x["partnership_id"]: x for x in document["left_out"]}
    assert set(left_out) == {"east-1"}
