"""Police and health compared, on the evidence page: each source's share of its own total by
month and by area, a chart with the same figures in a table, and the months and areas where
health services see more of the violence than the police record."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from readiness.evidence.triangulate import Triangulation
from readiness.ui.components.evidence_tables import (
    NO_CHART,
    SUPPRESSED_NOTE,
    has_blank,
    month_name,
    triangulation_table,
)
from readiness.ui.components.text import formula_safe, user_list, user_text

GAP = "Health sees more"


def _table(table: pd.DataFrame) -> None:
    st.dataframe(formula_safe(table), hide_index=True)
    if has_blank(table, ["Police", "Health"]):
        st.caption(SUPPRESSED_NOTE)


def _month_chart(tri: Triangulation, order: list[str]) -> None:
    long = pd.DataFrame(
        [
            {"Month": month_name(r.key), "Source": source, "Share (%)": round(share * 100, 1)}
            for r in tri.by_month
            for source, share in (("Police", r.police_share), ("Health", r.health_share))
            if share is not None
        ]
    )
    if long.empty:  # an empty chart is an image with nothing in it
        st.caption(NO_CHART)
        return
    st.altair_chart(
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("Month:N", title="Month", sort=order),
            y=alt.Y("Share (%):Q", title="Share (%)"),
            color=alt.Color("Source:N", title="Source"),
            strokeDash=alt.StrokeDash("Source:N", title="Source"),
            tooltip=["Month", "Source", "Share (%)"],
        ),
        width="stretch",
    )


def render_triangulation(tri: Triangulation) -> None:
    st.header("Police and health compared")
    st.markdown(user_text(tri.summary))
    st.markdown(
        "Police and health services count different things, so each month and area is "
        "shown as a share of its own source's total. A positive difference means health "
        "services saw more of that month's or area's violence than the police recorded: "
        "violence the police may not see."
    )
    months = triangulation_table(tri.by_month, "Month", tri.biggest_month_gaps, GAP)
    if not months.empty:
        st.markdown("**Share of each source's serious violence by month**")
        _month_chart(tri, list(months["Month"]))
        _table(months)
    if tri.biggest_month_gaps:
        st.markdown(
            "**Months where health services saw more than the police recorded:** "
            + user_list([month_name(r.key) for r in tri.biggest_month_gaps])
            + "."
        )
    st.subheader("By area")
    st.markdown(user_text(tri.area_note))
    if tri.by_area:
        ordered = sorted(
            tri.by_area,
            key=lambda r: (r.divergence is None, -(r.divergence or 0.0)),
        )
        _table(triangulation_table(ordered, "Area", tri.biggest_area_gaps, GAP))
    if tri.biggest_area_gaps:
        st.markdown(
            "**Areas where health services saw more than the police recorded:** "
            + user_list([r.key for r in tri.biggest_area_gaps])
            + "."
        )
