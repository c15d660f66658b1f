"""The evidence report on the evidence page: each profile as charts with a table beside each,
the comparison of police and health, and the data quality of every upload."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from readiness.evidence.profile import Profile
from readiness.evidence.report import EvidenceReport
from readiness.evidence.schema import (
    HEALTH_SOURCES,
    POLICE_SOURCES,
    SOURCE_TYPE_LABELS,
    UploadInfo,
)
from readiness.ui.components.evidence_compare import render_triangulation
from readiness.ui.components.text import formula_safe, user_text


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


def show_report(
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
