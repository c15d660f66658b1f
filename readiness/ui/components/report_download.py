"""Download buttons for the board reports: Word always, PDF only where conversion works.

The report is built only when its button is pressed (``data`` is a callable), so drawing a page
costs nothing. Whether LibreOffice can make PDFs is checked once per server process, in the
background, so the first page view is not held up: until the check has finished (a few
seconds after the server starts) only the Word button is shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.comparison.view import Comparison
from readiness.report import DOCX_MIME, RegionReportInput, build_region_report, pdf, service
from readiness.services import rounds
from readiness.store import Store
from readiness.ui import state
from readiness.what_works import shipped_what_works

LOG = logging.getLogger(__name__)
_lock = threading.Lock()
_check: dict[str, bool | None] = {}


def _run_check() -> None:
    try:
        result = pdf.pdf_available()
    except Exception:  # any failure means no PDF button, never a broken page
        LOG.exception("Checking whether PDF copies can be made failed")
        result = False
    with _lock:
        _check["pdf"] = result


def pdf_ready() -> bool:
    """True once a background check has shown PDF conversion works on this server."""
    with _lock:
        if "pdf" not in _check:
            _check["pdf"] = None
            threading.Thread(target=_run_check, name="pdf-check", daemon=True).start()
        return _check["pdf"] is True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _slug(*parts: str) -> str:
    text = "-".join(p for p in parts if p)
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)


def _buttons(build: Callable[[], bytes], name: str, key: str, what: str) -> None:
    def build_pdf() -> bytes:
        return pdf.docx_to_pdf(build())

    left, right = st.columns(2)
    with left:
        st.download_button(
            f"Download the {what} (Word)",
            data=build,
            file_name=f"{name}.docx",
            mime=DOCX_MIME,
            on_click="ignore",
            key=f"{key}.docx",
            icon=":material/description:",
        )
    if pdf_ready():
        with right:
            st.download_button(
                f"Download the {what} (PDF)",
                data=build_pdf,
                file_name=f"{name}.pdf",
                mime=pdf.PDF_MIME,
                on_click="ignore",
                key=f"{key}.pdf",
                icon=":material/picture_as_pdf:",
            )


def board_report_buttons(store: Store, bundle: ContentBundle, round_id: str) -> None:
    """The partnership board report for a round, as Word (and PDF where it works)."""
    actor = state.actor()  # now: the report is built outside the page's run (no sign-in there)
    round_ = rounds.get(actor, store, round_id)

    def build() -> bytes:
        return service.partnership_report(
            store,
            bundle,
            round_id,
            generated_at=_now(),
            what_works=shipped_what_works(bundle),
            user=actor.name,
        )

    _buttons(
        build,
        _slug("board-report", round_.partnership_id, round_.label),
        "download.board_report",
        "board report",
    )


def region_report_buttons(
    comparison: Comparison, *, region_name: str, region_id: str | None, min_share: float
) -> None:
    """The region report for the comparison on the page, as Word (and PDF where it works)."""

    def build() -> bytes:
        return build_region_report(
            RegionReportInput(
                comparison=comparison,
                region_name=region_name,
                generated_at=_now(),
                min_share=min_share,
            )
        )

    _buttons(
        build, _slug("region-report", region_id or "all"), "download.region_report", "region report"
    )
