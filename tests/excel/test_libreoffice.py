"""LibreOffice, an independent client, opens our workbooks (PDF and CSV) and saves packs back.

Needs ``soffice`` (``bash scripts/install-test-deps.sh`` installs it): the tests fail when it is
missing on CI (``CI=true``) and are skipped elsewhere. Each conversion uses a fresh profile.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readiness.excel import build_action_plan, build_pack, check_workbook, open_workbook
from tests.conftest import in_ci
from tests.excel import factory as F

pytestmark = pytest.mark.libreoffice
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        message = "LibreOffice (soffice) is missing: run bash scripts/install-test-deps.sh"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


def convert(source: Path, target: str, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            _soffice(),
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out


def test_action_plan_opens_in_libreoffice_as_pdf_and_csv(tmp_path: Path) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(
        build_action_plan(F.bundle(), F.source(), F.result(), generated_at=F.GENERATED)
    )
    out = convert(plan, "pdf", tmp_path)
    pdf = (out / "plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000
    out = convert(plan, CSV_ALL_SHEETS, tmp_path)
    sheets = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    action_csv = next(text for name, text in sheets.items() if "Action" in name)
    first = F.actions()[0]
    assert first.id in action_csv
    assert "Not started" in action_csv
    assert "=cmd|' /C calc'!A0" in action_csv  # written as text, never evaluated
    summary = next(text for name, text in sheets.items() if "Summary" in name)
    assert "Testshire Community Safety Partnership" in summary
    assert F.result().domains[0].title in summary


def test_a_pack_saved_again_by_libreoffice_imports_with_no_problems(tmp_path: Path) -> None:
    pack = tmp_path / "pack.xlsx"
    pack.write_bytes(build_pack(F.bundle(), F.source(), generated_at=F.GENERATED))
    resaved = tmp_path / "resaved"
    resaved.mkdir()
    out = convert(pack, "xlsx:Calc MS Excel 2007 XML", resaved)
    opened, problems = open_workbook((out / "pack.xlsx").read_bytes())
    assert problems == []
    assert opened is not None
    outcome = check_workbook(opened, F.bundle(), F.source())
    assert outcome.problems == []
    assert outcome.changes is not None
    assert outcome.changes.is_empty
