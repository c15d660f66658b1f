"""``python -m readiness report`` on the demo database: Word reports, and plain messages for
wrong ids, wrong file names and a server without LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli import main
from readiness.store import Store
from tests.report.reading import read

ROUND = "demo-greyhaven.2026-27"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report-cli") / "demo.db"
    Store(path).load_demo()
    return path


def test_the_partnership_report_is_written(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "board" / "report.docx"
    code = main(
        [
            "report",
            "--db",
            str(demo_db),
            "--partnership",
            "demo-greyhaven",
            "--round",
            ROUND,
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert f"Board report written to {out}" in capsys.readouterr().out
    doc = read(out.read_bytes())
    assert "Partnership: Demo: Greyhaven Community Safety Partnership" in doc.text
    assert "Region: Demo: Northshire and Glannau" in doc.text
    # the demo has an earlier round, so the change table is there
    change = doc.table_after("Change since the last round")
    assert change[0] == ["Area", "2025/26", "2026/27", "Change"]
    plan = doc.table_after("Action plan")
    assert len(plan) > 10
    # the saved plan is what the report shows (synced with the scores, as the Excel plan is)
    actions = [a for a in Store(demo_db).actions_for(ROUND) if a.is_current]
    assert len(plan) == len(actions) + 1


def test_the_region_report_is_written(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "region.docx"
    code = main(["report", "--db", str(demo_db), "--region", "demo-northshire", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    doc = read(out.read_bytes())
    ranking = doc.table_after("Bands and maturity by partnership")
    assert len(ranking) == 10  # nine demo partnerships and the header
    assert "Partnerships as anonymous areas" in doc.captions()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partnership", "demo-greyhaven"], "needs both --partnership and --round"),
        ([], "Give either --partnership and --round"),
        (
            ["--region", "demo-northshire", "--partnership", "x", "--round", "y"],
            "Give either --partnership and --round",
        ),
        (
            ["--partnership", "demo-dunmere", "--round", ROUND],
            "belongs to the partnership demo-greyhaven, not demo-dunmere",
        ),
        (["--partnership", "demo-greyhaven", "--round", "nope"], "There is no round with the id"),
        (["--region", "nowhere"], "There is no region with the id nowhere"),
    ],
)
def test_wrong_ids_get_a_plain_message(
    demo_db: Path, tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.docx"
    code = main(["report", "--db", str(demo_db), *args, "-o", str(out)])
    assert code == 1
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_file_names_and_a_missing_database(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["report", "--db", str(demo_db), "--region", "demo-northshire"]
    assert main([*base, "-o", str(tmp_path / "r.xlsx")]) == 1
    assert "must end in .docx or .pdf" in capsys.readouterr().err
    assert main([*base, "--pdf", "-o", str(tmp_path / "r.docx")]) == 1
    assert "With --pdf, give an output file ending in .pdf" in capsys.readouterr().err
    missing = tmp_path / "none.db"
    assert (
        main(["report", "--db", str(missing), "--region", "x", "-o", str(tmp_path / "r.docx")]) == 1
    )
    assert "There is no database at" in capsys.readouterr().err


def test_pdf_without_libreoffice_says_what_to_do(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("READINESS_SOFFICE", str(tmp_path / "no-soffice"))
    out = tmp_path / "region.pdf"
    code = main(["report", "--db", str(demo_db), "--region", "demo-northshire", "-o", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert "PDF copies need LibreOffice on the server" in err
    assert "Traceback" not in err
    assert not out.exists()
