"""The evidence report on the evidence page: each profile as charts with a table beside each,
the comparison of police and health, and the data quality of every upload."""

from __future__ import annotations

from collections.abc import Sequence

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
from readiness.ui.components.evidence_tables import (
    NO_CHART,
    SUPPRESSED_NOTE,
    count_table,
    has_blank,
    hotspot_table,
    month_name,
    monthly_table,
)
from readiness.ui.components.text import formula_safe, user_text


def _table(table: pd.DataFrame, counts: Sequence[str]) -> None:
    """A formatted table, with the footnote for blank counts under it when it has any."""
    st.dataframe(formula_safe(table), hide_index=True)
    if has_blank(table, counts):
        st.caption(SUPPRESSED_NOTE)


def _chart(chart: alt.Chart | alt.LayerChart, values: pd.Series) -> None:
    """The chart, unless every count in it is held back: then there is nothing to draw (an
    empty chart is an image with nothing in it), and the table below says so."""
    if values.notna().any():
        st.altair_chart(chart, width="stretch")
    else:
        st.caption(NO_CHART)


def _chart_and_table(profile: Profile) -> None:
    monthly = monthly_table(profile.monthly)
    if not monthly.empty:
        st.markdown("**Serious violence by month**")
        points = pd.DataFrame(
            {
                "Month": monthly["Month"],
                "Serious violence": [m.serious_violence for m in profile.monthly],
                "Peak or trough": monthly["Peak or trough"],
            }
        )
        chart = (
            alt.Chart(points)
            .mark_line(point=True)
            .encode(
                x=alt.X("Month:N", title="Month", sort=list(points["Month"])),
                y=alt.Y("Serious violence:Q", title="Serious violence"),
                tooltip=["Month", "Serious violence", "Peak or trough"],
            )
        )
        _chart(chart, points["Serious violence"])
        _table(monthly, ["All crimes", "Serious violence", "Anti-social behaviour"])
    if profile.hotspots_lsoa:
        st.markdown("**Top LSOAs for serious violence**")
        bars = pd.DataFrame(
            {
                "Area (LSOA)": [h.name for h in profile.hotspots_lsoa],
                "Serious violence": [h.count for h in profile.hotspots_lsoa],
            }
        )
        _chart(
            alt.Chart(bars)
            .mark_bar()
            .encode(
                x=alt.X("Serious violence:Q", title="Serious violence"),
                y=alt.Y("Area (LSOA):N", sort="-x", title="LSOA"),
                tooltip=["Area (LSOA)", "Serious violence"],
            ),
            bars["Serious violence"],
        )
        _table(hotspot_table(profile.hotspots_lsoa), ["Serious violence"])
    for title, rows in (
        ("Top locations", profile.hotspots_location),
        ("Offence mix", profile.offence_mix),
        ("Hour of day", profile.hour_of_day),
        ("Day of week", profile.day_of_week),
        ("Flags", profile.flags),
        ("Outcomes", profile.outcomes),
    ):
        if not rows:
            continue
        table = count_table(title, rows)
        heading = str(table.columns[0])
        st.markdown(f"**{title}**")
        bars = pd.DataFrame({heading: [r.label for r in rows], "Count": [r.count for r in rows]})
        _chart(
            alt.Chart(bars)
            .mark_bar()
            .encode(
                x=alt.X("Count:Q", title="Count"),
                y=alt.Y(f"{heading}:N", sort=None, title=title),
                tooltip=[heading, "Count"],
            ),
            bars["Count"],
        )
        _table(table, ["Count"])
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
                        "From": month_name(u.period_start),
                        "To": month_name(u.period_end),
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
