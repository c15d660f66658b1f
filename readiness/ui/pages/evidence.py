"""Evidence profile: upload police and health data, see where and when serious violence
happens, compare sources, and download the SNA annex. Every chart has a table beside it."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from readiness.access.policy import Permission
from readiness.evidence.profile import FLAG_LABELS
from readiness.services import evidence as evidence_service
from readiness.ui import frame, state
from readiness.ui.components.downloads import excel_download_button
from readiness.ui.components.evidence_definition import render_definition
from readiness.ui.components.evidence_profile import show_report
from readiness.ui.components.evidence_rows import render_rows
from readiness.ui.components.evidence_sna import render_suggestions, source_names
from readiness.ui.components.evidence_upload import upload_form, where_of

TITLE = "Evidence profile"
ALL_RECORDS = "All records"


def _drill_down(flags: list[str]) -> str | None:
    """A choice of flag to narrow the profiles to, when the data carries any."""
    if not flags:
        return None
    choice = st.selectbox(
        "Show serious violence for",
        [ALL_RECORDS, *flags],
        key="evidence-drill-down",
        format_func=lambda f: f if f == ALL_RECORDS else f"Only: {FLAG_LABELS[f].lower()}",
        help="Narrow the profiles below to records carrying one flag. The download is always "
        "of every record.",
    )
    return None if choice == ALL_RECORDS else str(choice)


def render() -> None:
    st.title(TITLE)
    st.markdown(
        "Upload police and health data to see where and when serious violence happens "
        "in your area. To protect the people behind them, counts below 5 are left blank "
        'in the tables on this page and written as "fewer than 5" in the download.'
    )
    ctx = frame.context()
    state.show_flash()
    if not frame.need_partnership(ctx) or ctx.partnership is None:
        return
    if not frame.permitted(ctx, Permission.VIEW_EVIDENCE_PROFILE):  # the services refuse anyway
        return
    store = evidence_service.incident_store(state.db_path())
    if frame.permitted(ctx, Permission.UPLOAD_EVIDENCE, explain=False):  # not a region lead
        upload_form(where_of(ctx), store)
    definition = render_definition(store, ctx.partnership.id)
    data = evidence_service.load_evidence(state.actor(), state.store(), store, ctx.partnership.id)
    if data is None:
        st.info("No data uploaded for this partnership yet.")
        return
    today = dt.date.today()
    flag = _drill_down(data.flags)
    report = evidence_service.evidence_report(data, definition, as_of=today, flag=flag)
    show_report(report, source_names(ctx), data.provenance)
    excel_download_button(
        "Download the SNA evidence annex (Excel)",
        lambda: evidence_service.evidence_annex(data, report, definition, as_of=today, flag=flag),
        "sna-evidence-annex.xlsx",
        "evidence-annex",
    )
    render_suggestions(ctx, report.suggestions)
    if frame.permitted(ctx, Permission.VIEW_EVIDENCE_ROWS, explain=False):
        render_rows(store, ctx.partnership.id, data)


frame.run_page(render)
