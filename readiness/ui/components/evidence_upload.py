"""The evidence page's upload forms: data.police.uk files, or a CSV or Excel file whose
columns the user matches, for the partnership in use; saving goes through the evidence service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from readiness.evidence.area import PartnershipArea
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import DEFAULT_MAX_BYTES, SourceFile
from readiness.evidence.mapping import read_columns, read_mapped_files
from readiness.evidence.police import Ingest, read_police_files
from readiness.services import evidence as evidence_service
from readiness.store.incidents import IncidentStore
from readiness.ui import frame, state
from readiness.ui.components.evidence_mapping import choose_mapping
from readiness.ui.components.evidence_sna import source_names
from readiness.ui.components.text import user_list, user_text

#: Police and health files are far bigger than questionnaire workbooks (a force's year of
#: data.police.uk files is 60-80 MB zipped): these uploaders allow what the readers allow, the
#: server's limit in .streamlit/config.toml (the workbook uploader sets its own 5 MB).
UPLOAD_MB = DEFAULT_MAX_BYTES // (1024 * 1024)
MappedKind = Literal["police_extract", "ed_istv", "ambulance", "other"]


def _sources(files: Sequence[Any]) -> list[SourceFile]:
    out = []
    for upload in files:
        name = str(getattr(upload, "name", "upload"))
        data = upload.getvalue()
        out.append(SourceFile.from_bytes(name, bytes(data)))
    return out


KINDS: dict[str, str] = {
    "police_street": "data.police.uk street-level crime (CSV or zip)",
    "police_extract": "Police force extract (CSV or Excel)",
    "ed_istv": "Emergency department assaults (ISTV)",
    "ambulance": "Ambulance call-outs for assault",
    "other": "Other data (CSV or Excel)",
}
_MAPPED_KINDS: tuple[MappedKind, ...] = ("police_extract", "ed_istv", "ambulance", "other")
NO_SNA_SOURCE = "(none of these)"
POLICE_FILES = "evidence-upload-files"
_POLICE_SAVES = "evidence-upload.saves"


@dataclass(frozen=True)
class _Where:
    """The partnership being uploaded for, and what the upload form suggests about its area."""

    id: str
    name: str
    nation: str
    local_authorities: str
    forces: str
    sna_sources: dict[str, str]


def where_of(ctx: frame.Context) -> _Where:
    partnership = ctx.partnership
    assert partnership is not None  # noqa: S101 - render() returns first when there is none
    police = [a.name for a in ctx.agencies if a.role_id == "police"]
    return _Where(
        partnership.id,
        partnership.name,
        partnership.nation,
        ", ".join(partnership.local_government_areas) or partnership.name,
        ", ".join(police),
        source_names(ctx),
    )


def _split(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split(",") if x.strip())


def _area_inputs(where: _Where, key: str) -> tuple[PartnershipArea, str]:
    lads = st.text_input(
        "Local authorities in the partnership's area (comma separated)",
        value=where.local_authorities,
        key=f"{key}.lads",
        help="Rows are counted as inside the area when their LSOA name starts "
        "with one of these names, for example City of London 001A.",
    )
    force = st.text_input(
        "Police forces covering the area (comma separated)",
        value=where.forces,
        key=f"{key}.force",
        help="As data.police.uk names them in the Falls within column, for "
        "example Thames Valley Police. Leave blank to accept any force.",
    )
    who = st.text_input("Your name or email (recorded with the upload)", key=f"{key}.who")
    area = PartnershipArea(
        name=where.name, local_authorities=_split(lads), forces=_split(force), nation=where.nation
    )
    return area, who.strip()


def _problems(exc: EvidenceInputError) -> None:
    st.error(
        "There is a problem with the upload. Nothing has been saved.\n\n"
        + "\n".join(f"- {user_text(p)}" for p in exc.problems)
    )  # they quote the file


def _save(store: IncidentStore, partnership_id: str, ingest: Ingest, who: str) -> None:
    rows = evidence_service.save_upload(
        state.actor(), store, partnership_id, ingest, uploaded_by=who
    )
    st.success(f"Saved {rows:,} rows. Any months you had uploaded before were replaced.")


def police_files_key() -> str:
    """The police uploader's key: a new one after each saved upload, so the next run offers an
    empty uploader, while a failed upload keeps the files chosen (and the name entered)."""
    saved = int(st.session_state.get(_POLICE_SAVES, 0))
    return POLICE_FILES if not saved else f"{POLICE_FILES}.{saved}"


def _police_form(where: _Where, store: IncidentStore) -> None:
    with st.form("evidence-upload", clear_on_submit=False):
        files = st.file_uploader(
            "Choose files",
            type=["csv", "zip"],
            accept_multiple_files=True,
            key=police_files_key(),
            max_upload_size=UPLOAD_MB,
        )
        area, who = _area_inputs(where, "evidence-police")
        submitted = st.form_submit_button("Upload and save")
    if not submitted:
        return
    if not files or not who:
        st.error("Choose at least one file and enter your name before uploading.")
        return
    try:
        ingest = read_police_files(_sources(files), area=area)
    except EvidenceInputError as exc:
        _problems(exc)
        return
    _save(store, where.id, ingest, who)
    st.session_state[_POLICE_SAVES] = int(st.session_state.get(_POLICE_SAVES, 0)) + 1


def _mapped_upload(kind: MappedKind, where: _Where, store: IncidentStore) -> None:
    files = st.file_uploader(
        "Choose files",
        type=["csv", "xlsx"],
        accept_multiple_files=True,
        key=f"evidence-mapped-files.{kind}",
        max_upload_size=UPLOAD_MB,
    )
    if not files:
        return
    sources = _sources(files)
    try:
        columns = read_columns(sources[0])
    except EvidenceInputError as exc:
        _problems(exc)
        return
    st.subheader("Match the columns")
    st.markdown(
        f"{user_text(sources[0].name)} has these columns: {user_list(columns)}. Check "
        "which "
        "column holds each kind of information. The tool has suggested a match; "
        'choose "(not in this file)" for anything the file does not have.'
        + (" The same matching is used for every file you chose." if len(sources) > 1 else "")
    )
    mapping = choose_mapping(columns, key=f"evidence-map.{kind}")
    sna_source = _sna_source_input(where, kind)
    area, who = _area_inputs(where, f"evidence-mapped.{kind}")
    if not st.button(
        "Confirm the columns and upload", key=f"evidence-mapped-go.{kind}", type="primary"
    ):
        return
    if not who:
        st.error("Enter your name or email before uploading.")
        return
    try:
        ingest = read_mapped_files(sources, mapping, source_type=kind, area=area)
    except EvidenceInputError as exc:
        _problems(exc)
        return
    if sna_source is not None:
        ingest = Ingest(
            frame=ingest.frame,
            uploads=[u.model_copy(update={"sna_source_id": sna_source}) for u in ingest.uploads],
        )
    _save(store, where.id, ingest, who)


def _sna_source_input(where: _Where, kind: MappedKind) -> str | None:
    """For "other" data: which row of the SNA data-source question the upload speaks to."""
    if kind != "other" or not where.sna_sources:
        return None
    choice = st.selectbox(
        "Which data source in the needs assessment question is this?",
        [NO_SNA_SOURCE, *where.sna_sources],
        key="evidence-mapped.other.sna_source",
        format_func=lambda s: where.sna_sources.get(s, s),
        help="The upload then suggests an answer for that row of the SNA data-source "
        "question, which you confirm below before anything is saved.",
    )
    return None if choice == NO_SNA_SOURCE else str(choice)


def upload_form(where: _Where, store: IncidentStore) -> None:
    """Choose what kind of data to upload, then its form."""
    st.subheader("Add data")
    kind = st.radio(
        "What are you uploading?", list(KINDS), format_func=KINDS.__getitem__, key="evidence-kind"
    )
    if kind == "police_street":
        _police_form(where, store)
        return
    mapped = next(k for k in _MAPPED_KINDS if k == kind)
    _mapped_upload(mapped, where, store)
