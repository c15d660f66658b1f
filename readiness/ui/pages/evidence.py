"""Evidence profile: upload police and health data, see where and when serious violence
happens, compare sources, and download the SNA annex. Every chart has a table beside it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from readiness.evidence.area import PartnershipArea
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.export import export_workbook
from readiness.evidence.files import DEFAULT_MAX_BYTES, SourceFile
from readiness.evidence.mapping import read_columns, read_mapped_files
from readiness.evidence.police import Ingest, read_police_files
from readiness.evidence.profile import FLAG_LABELS, Profile
from readiness.evidence.report import EvidenceReport, build_report
from readiness.evidence.schema import (
    HEALTH_SOURCES,
    POLICE_SOURCES,
    SOURCE_TYPE_LABELS,
    UploadInfo,
)
from readiness.services import evidence as evidence_service
from readiness.store.incidents import IncidentStore
from readiness.ui import frame, state
from readiness.ui.components.downloads import excel_download_button
from readiness.ui.components.evidence_compare import render_triangulation
from readiness.ui.components.evidence_definition import render_definition
from readiness.ui.components.evidence_mapping import choose_mapping
from readiness.ui.components.evidence_sna import render_suggestions, source_names
from readiness.ui.components.text import formula_safe, user_list, user_text

TITLE = "Evidence profile"
#: Police and health files are far bigger than questionnaire workbooks (a force's year of
#: data.police.uk files is 60-80 MB zipped): these uploaders allow what the readers allow, the
#: server's limit in .streamlit/config.toml (the workbook uploader sets its own 5 MB).
UPLOAD_MB = DEFAULT_MAX_BYTES // (1024 * 1024)
MappedKind = Literal["police_extract", "ed_istv", "ambulance", "other"]


@st.cache_resource
def _incidents(path: str) -> IncidentStore:
    return IncidentStore(path)


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
ALL_RECORDS = "All records"


@dataclass(frozen=True)
class _Where:
    """The partnership being uploaded for, and what the upload form suggests about its area."""

    id: str
    name: str
    nation: str
    local_authorities: str
    forces: str
    sna_sources: dict[str, str]


def _where(ctx: frame.Context) -> _Where:
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
    rows = evidence_service.save_upload(state.ACTOR, store, partnership_id, ingest, uploaded_by=who)
    st.success(f"Saved {rows:,} rows. Any months you had uploaded before were replaced.")


def _police_form(where: _Where, store: IncidentStore) -> None:
    with st.form("evidence-upload", clear_on_submit=True):
        files = st.file_uploader(
            "Choose files",
            type=["csv", "zip"],
            accept_multiple_files=True,
            key="evidence-upload-files",
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


def _upload_form(where: _Where, store: IncidentStore) -> None:
    st.subheader("Add data")
    kind = st.radio(
        "What are you uploading?", list(KINDS), format_func=KINDS.__getitem__, key="evidence-kind"
    )
    if kind == "police_street":
        _police_form(where, store)
        return
    mapped = next(k for k in _MAPPED_KINDS if k == kind)
    _mapped_upload(mapped, where, store)


def _chart_and_table(profile: Profile) -> None:
    monthly = pd.DataFrame([m.model_dump() for m in profile.monthly])
    if not monthly.empty:
        st.markdown("**Serious violence by month**")
        chart = (
            alt.Chart(monthly)
            .mark_line(point=True)
            .encode(
                x=alt.X("month:N", title="Month"),
                y=alt.Y("serious_violence:Q", title="Serious violence"),
                tooltip=["month", "serious_violence", "marker"],
            )
        )
        st.altair_chart(chart, width="stretch")
        st.dataframe(
            formula_safe(
                monthly.rename(
                    columns={
                        "month": "Month",
                        "total": "Crimes",
                        "serious_violence": "Serious violence",
                        "asb": "Anti-social behaviour",
                        "marker": "Peak or trough",
                    }
                ).drop(columns=["suppressed"])
            ),
            hide_index=True,
        )
    hotspots = pd.DataFrame([h.model_dump() for h in profile.hotspots_lsoa])
    if not hotspots.empty:
        st.markdown("**Top LSOAs for serious violence**")
        st.altair_chart(
            alt.Chart(hotspots)
            .mark_bar()
            .encode(
                x=alt.X("count:Q", title="Serious violence"),
                y=alt.Y("name:N", sort="-x", title="LSOA"),
            ),
            width="stretch",
        )
        st.dataframe(formula_safe(hotspots.drop(columns=["suppressed"])), hide_index=True)
    for title, rows in (
        ("Top locations", profile.hotspots_location),
        ("Offence mix", profile.offence_mix),
        ("Hour of day", profile.hour_of_day),
        ("Day of week", profile.day_of_week),
        ("Flags", profile.flags),
        ("Outcomes", profile.outcomes),
    ):
        table = pd.DataFrame([r.model_dump() for r in rows])
        if table.empty:
            continue
        st.markdown(f"**{title}**")
        st.altair_chart(
            alt.Chart(table)
            .mark_bar()
            .encode(x=alt.X("count:Q", title="Count"), y=alt.Y("label:N", sort=None, title=title)),
            width="stretch",
        )
        st.dataframe(formula_safe(table.drop(columns=["suppressed"])), hide_index=True)
    st.caption(user_text(profile.time_note))
    for note in profile.notes:
        st.caption(user_text(note))


def _drill_down(report: EvidenceReport) -> str | None:
    """A choice of flag to narrow the profiles to, when the data carries any."""
    labels = {r.label for p in (report.police, report.health) if p for r in p.flags}
    flags = [key for key, label in FLAG_LABELS.items() if label in labels]
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


def _show(
    report: EvidenceReport, sna_sources: dict[str, str], provenance: dict[str, tuple[str, str]]
) -> None:
    if report.police:
        st.header(report.police.title)
        if report.police.proxy_statement:
            st.warning(user_text(report.police.proxy_statement))  # names the definition
        a, b, c = st.columns(3)
        a.metric("Serious violence", f"{report.police.serious_violence:,}")
        b.metric("All crimes", f"{report.police.total:,}")
        c.metric("Anti-social behaviour", f"{report.police.asb:,}")
        _chart_and_table(report.police)
    if report.health:
        st.header(report.health.title)
        _chart_and_table(report.health)
    if report.triangulation:
        render_triangulation(report.triangulation)
    st.header("Data quality")
    st.dataframe(
        formula_safe(
            pd.DataFrame(
                [
                    {
                        "File": u.file_name,
                        "Source": _source_label(u, sna_sources),
                        "Uploaded by": provenance.get(u.upload_id, ("", ""))[0],
                        "Uploaded (UTC)": provenance.get(u.upload_id, ("", ""))[1][:16].replace(
                            "T", " "
                        ),
                        "Rows": u.rows,
                        "From": u.period_start,
                        "To": u.period_end,
                        "No location": u.quality.no_location,
                        "Repeated IDs": u.quality.duplicate_id_rows,
                        "Outside area": u.quality.out_of_area,
                        "Missing months": ", ".join(u.quality.missing_months),
                        "LSOA codes": u.quality.lsoa_vintage,
                    }
                    for u in report.uploads
                ]
            )
        ),
        hide_index=True,
    )
    if any(u.source_type not in (*POLICE_SOURCES, *HEALTH_SOURCES) for u in report.uploads):
        st.caption(
            "Other data is listed here and feeds the suggested answers below; the "
            "profiles above are of police and health data only."
        )


def _source_label(upload: UploadInfo, sna_sources: dict[str, str]) -> str:
    label = SOURCE_TYPE_LABELS.get(upload.source_type, upload.source_type)
    if upload.sna_source_id:
        label += f" ({sna_sources.get(upload.sna_source_id, upload.sna_source_id)})"
    return label


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
    store = _incidents(str(state.db_path()))
    _upload_form(_where(ctx), store)
    definition = render_definition(store, ctx.partnership.id)
    stored = store.uploads(ctx.partnership.id)
    uploads = [u for u, _, _ in stored]
    provenance = {u.upload_id: (by, at) for u, by, at in stored}
    if not uploads:
        st.info("No data uploaded for this partnership yet.")
        return
    police = Ingest(
        frame=store.load(ctx.partnership.id, POLICE_SOURCES),
        uploads=[u for u in uploads if u.source_type in POLICE_SOURCES],
    )
    health = Ingest(
        frame=store.load(ctx.partnership.id, HEALTH_SOURCES),
        uploads=[u for u in uploads if u.source_type in HEALTH_SOURCES],
    )
    others = [u for u in uploads if u.source_type not in (*POLICE_SOURCES, *HEALTH_SOURCES)]
    police_in = police if len(police.frame) else None
    health_in = health if len(health.frame) else None
    report = build_report(
        police_in, health_in, definition=definition, as_of=dt.date.today(), other_uploads=others
    )
    flag = _drill_down(report)
    shown = (
        report
        if flag is None
        else build_report(
            police_in,
            health_in,
            definition=definition,
            as_of=dt.date.today(),
            other_uploads=others,
            flag=flag,
        )
    )
    _show(shown, source_names(ctx), provenance)
    excel_download_button(
        "Download the SNA evidence annex (Excel)",
        lambda: export_workbook(report),
        "sna-evidence-annex.xlsx",
        "evidence-annex",
    )
    render_suggestions(ctx, report.suggestions)


frame.run_page(render)
