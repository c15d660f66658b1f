"""LibreOffice turns both reports into PDF with the expected number of pages, and the pages
render as images (pdftoppm). Needs ``soffice`` with Writer and ``pdftoppm`` (``bash
scripts/install-test-deps.sh`` installs them): these tests fail when they are missing on CI
(``CI=true``) and are skipped elsewhere."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from readiness.report import build_partnership_report, build_region_report, pdf
from readiness.report.partnership import current_actions
from tests.conftest import in_ci
from tests.report.test_partnership_report import report_input
from tests.report.test_region_report import RegionReportInput, region

pytestmark = pytest.mark.libreoffice


def _need(command: str) -> str:
    found = shutil.which(command)
    if found is None:
        message = f"{command} is missing: run bash scripts/install-test-deps.sh"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def soffice() -> str:
    found = _need("soffice")
    if not pdf.pdf_available():
        message = "LibreOffice cannot make PDFs here (is libreoffice-writer-nogui installed?)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return found


def _render(data: bytes, tmp_path: Path) -> list[Path]:
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    subprocess.run(
        [_need("pdftoppm"), "-r", "40", "-png", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return sorted(tmp_path.glob("page-*.png"))


def test_the_partnership_report_converts_to_pdf(soffice: str, tmp_path: Path) -> None:
    data = report_input()
    made = pdf.docx_to_pdf(build_partnership_report(data))
    assert made.startswith(b"%PDF")
    pages = pdf.page_count(made)
    # about 4 portrait pages of summary, domains and duties, 10 actions a landscape page,
    # one or two pages of evidence, the change table and the method note
    actions = len(current_actions(data.actions))
    assert 6 + actions // 14 <= pages <= 12 + actions // 6, pages
    images = _render(made, tmp_path)
    assert len(images) == pages
    assert all(p.stat().st_size > 1000 for p in images)


def test_the_region_report_converts_to_pdf(soffice: str, tmp_path: Path) -> None:
    made = pdf.docx_to_pdf(
        build_region_report(
            RegionReportInput(
                comparison=region(),
                region_name="Testshire VRN",
                generated_at=report_input().generated_at,
            )
        )
    )
    pages = pdf.page_count(made)
    assert 3 <= pages <= 7, pages
    assert len(_render(made, tmp_path)) == pages


def test_a_conversion_that_takes_too_long_is_stopped(soffice: str) -> None:
    with pytest.raises(pdf.PdfUnavailableError, match="took longer than"):
        pdf.docx_to_pdf(build_partnership_report(report_input()), timeout=1.0)


def test_the_summary_is_the_first_page(soffice: str, tmp_path: Path) -> None:
    made = tmp_path / "report.pdf"
    made.write_bytes(pdf.docx_to_pdf(build_partnership_report(report_input())))
    first = subprocess.run(
        [_need("pdftotext"), "-f", "1", "-l", "1", str(made), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    second = subprocess.run(
        [_need("pdftotext"), "-f", "2", "-l", "2", str(made), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Summary" in first
    assert "Agencies that must act" in first
    assert "Maturity by domain" not in first
    assert second.lstrip().startswith("Maturity by domain")
