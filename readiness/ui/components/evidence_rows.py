"""Record-level evidence on the evidence page: the rows themselves as a download (each one
logged with the person's name), and deleting an upload. Each is offered only to those the
services allow (analysts and partnership leads; deleting: partnership leads), and the
services check again."""

from __future__ import annotations

import streamlit as st

from readiness.services import evidence as evidence_service
from readiness.services.evidence import EvidenceData
from readiness.store.incidents import IncidentStore
from readiness.ui import state

ROWS_NOTE = (
    "These are the police and health records themselves, with no numbers held back. Each "
    "download is recorded with your name and the time. Keep and share the file only as your "
    "information sharing agreement allows."
)
DELETE_NOTE = (
    "Deleting an upload removes every record it brought from the tool for good. The deletion "
    "is recorded with your name. Copies already downloaded or backed up are not affected."
)


def render_rows(incidents: IncidentStore, partnership_id: str, data: EvidenceData) -> None:
    """The download of the rows and the form to delete an upload, for those allowed."""
    actor = state.actor()
    if evidence_service.may_read_rows(actor, partnership_id):
        st.download_button(
            "Download the record-level rows (CSV)",
            data=lambda: evidence_service.download_rows(actor, incidents, partnership_id),
            file_name=f"evidence-rows-{partnership_id}.csv",
            mime="text/csv",
            on_click="ignore",
            key="evidence-rows",
            icon=":material/download:",
        )
        st.caption(ROWS_NOTE)
    if evidence_service.may_delete(actor, partnership_id):
        _delete_form(incidents, partnership_id, data)


def _delete_form(incidents: IncidentStore, partnership_id: str, data: EvidenceData) -> None:
    uploads = [
        *(data.police.uploads if data.police else []),
        *(data.health.uploads if data.health else []),
        *data.others,
    ]
    if not uploads:
        return
    with st.expander("Delete an upload"):
        st.markdown(DELETE_NOTE)
        # the choices are shown as plain text (no Markdown), so file names need no escaping
        names = {
            u.upload_id: f"{u.file_name} ({u.rows} rows, uploaded by "
            f"{data.provenance.get(u.upload_id, ('someone', ''))[0]})"
            for u in uploads
        }
        with st.form("evidence-delete"):
            chosen = st.selectbox("Upload to delete", list(names), format_func=names.__getitem__)
            sure = st.checkbox("I understand the records will be deleted for good")
            if not st.form_submit_button("Delete the upload", type="primary"):
                return
        if not sure:
            st.error("Tick the box to confirm you want to delete the upload.")
            return
        rows = evidence_service.delete_upload(state.actor(), incidents, partnership_id, chosen)
        state.flash(f"The upload was deleted ({rows} records).")
        st.rerun()
