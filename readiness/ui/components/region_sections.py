"""The detail sections of the regional comparison page: the heatmap (every row labelled, names
wrapped) with its table, the spread in each domain, change since the last round and the
anonymised benchmark, and :func:`detail`, an expander drawn only when opened. Each takes the
comparison and only draws (the summary and common gaps are in ``region_summary``)."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

import altair as alt
import pandas as pd
import streamlit as st

from readiness.comparison import benchmark, tables
from readiness.comparison.benchmark import MIN_CONTRIBUTORS
from readiness.comparison.view import Comparison
from readiness.scoring import method
from readiness.ui.components.text import user_text
from readiness.ui.components.wide_table import wide_table

#: Characters a line of a partnership's name on the heatmap (domain titles are slanted whole).
WRAP = 24
#: Room on the heatmap for the legend above and the slanted domain titles below the cells.
HEATMAP_MARGIN = 300


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    number = float(value)  # type: ignore[arg-type]
    return "-" if math.isnan(number) else f"{number:.2f}"


def _change_words(value: float) -> str:
    if math.isnan(value):
        return "Not comparable"
    word = tables.direction(value)
    return word if word == "No change" else f"{word} {abs(value):.2f}"


@contextmanager
def detail(label: str, key: str) -> Iterator[bool]:
    """An expander whose content is drawn only while it is open (it reruns the page when
    opened or closed): yields whether to draw."""
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)


def heatmap_data(c: Comparison) -> pd.DataFrame:
    """The heatmap in long form: one row per partnership and domain, with the words shown."""
    matrix = tables.maturity_matrix(c)
    words = tables.cell_text(c)
    names = tables.display_names(c)
    rows = []
    for pid in matrix.index:
        for domain_id in c.domain_ids:
            value = float(cast(float, matrix.at[pid, domain_id]))
            rows.append(
                {
                    "Partnership": names[pid],
                    "Domain": c.domain_title(domain_id),
                    "Maturity": None if math.isnan(value) else value,
                    "Label": "-" if math.isnan(value) else f"{method.shown_score(value):.1f}",
                    "Description": words.at[pid, domain_id],
                }
            )
    return pd.DataFrame(rows)


def wrap_name(name: str, width: int = WRAP) -> str:
    """A partnership name on lines of at most ``width`` characters (a longer word stays whole),
    for the heatmap's row labels: names are wrapped, never cut short."""
    return "\n".join(textwrap.wrap(name, width, break_long_words=False)) or name


def _axis(angle: int = 0) -> alt.Axis:
    """Every label drawn (none skipped for overlap), whole (no length limit), on its lines."""
    return alt.Axis(
        labelExpr="split(datum.label, '\\n')",
        labelLimit=0,
        labelOverlap=False,
        labelAngle=angle,
        labelFontSize=11,
        labelLineHeight=13,
        labelPadding=4,
    )


def heatmap_chart(c: Comparison) -> tuple[alt.LayerChart, int]:
    """The heatmap and the height to draw it at: every partnership's row labelled with its
    whole name on wrapped lines, every domain's column with its whole title, and the value
    written in each cell."""
    data = heatmap_data(c)
    data["Row"] = [wrap_name(str(name)) for name in data["Partnership"]]
    order = [wrap_name(tables.display_names(c)[s.partnership_id]) for s in c.current]
    columns = [d.title for d in c.domains]
    lines = max((row.count("\n") + 1 for row in order), default=1)
    base = alt.Chart(data).encode(
        x=alt.X("Domain:N", sort=columns, title=None, axis=_axis(-40)),
        y=alt.Y("Row:N", sort=order, title=None, axis=_axis()),
        tooltip=["Partnership", "Domain", "Description"],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "Maturity:Q",
            scale=alt.Scale(domain=[0, 4], scheme="redyellowgreen"),
            legend=alt.Legend(title="Maturity (0 to 4)", orient="top"),
        )
    )
    text = base.mark_text(fontSize=11, color="black").encode(text="Label:N")
    plot = max(160, (13 * lines + 14) * len(order))
    chart: alt.LayerChart = (cells + text).properties(height=plot)
    return chart, plot + HEATMAP_MARGIN


def heatmap(c: Comparison) -> None:
    st.header("Maturity by domain")
    chart, height = heatmap_chart(c)
    st.altair_chart(
        chart,
        width="stretch",
        height=height,
        alt=(
            f"Heatmap of maturity for {len(c.current)} partnerships across {len(c.domains)} "
            "domains, with each value written in its cell. The same figures are in the table "
            '"Maturity by domain as a table" below.'
        ),
    )


def heatmap_table(c: Comparison) -> None:
    """The heatmap's figures as words, for people who cannot see the colours."""
    words = tables.cell_text(c)
    names = tables.display_names(c)
    table = words.rename(columns={d.id: d.title for d in c.domains})
    table.index = [names[pid] for pid in table.index]
    table.index.name = "Partnership"
    wide_table(table, "Maturity by domain for each partnership")


def distribution(c: Comparison) -> None:
    st.markdown(
        "The middle half of partnerships lie between the lower and upper quartiles. "
        "Partnerships with no answers in a domain are not counted."
    )
    dist = tables.domain_distribution(c)
    wide_table(
        pd.DataFrame(
            {
                "Domain": dist["domain"],
                "Partnerships": dist["partnerships"],
                "Lowest": [_fmt(v) for v in dist["min"]],
                "Lower quartile": [_fmt(v) for v in dist["q1"]],
                "Median": [_fmt(v) for v in dist["median"]],
                "Upper quartile": [_fmt(v) for v in dist["q3"]],
                "Highest": [_fmt(v) for v in dist["max"]],
            }
        ).set_index("Domain"),
        "Spread of maturity in each domain",
    )


def changes(c: Comparison) -> None:
    if not c.previous:
        st.markdown("No partnership has an earlier round to compare with.")
        return
    st.markdown(
        "Each cell is this round's maturity minus the previous round's: Up is better, Down "
        "is worse."
    )
    change = tables.change_matrix(c)
    names = tables.display_names(c)
    frame_ = tables.compliance_table(c).set_index("partnership_id")
    table = pd.DataFrame(
        {
            "Previous round": [frame_.at[pid, "previous_round"] or "None" for pid in change.index],
            "Overall": [_change_words(float(v)) for v in change[tables.OVERALL]],
            **{d.title: [_change_words(float(v)) for v in change[d.id]] for d in c.domains},
        },
        index=pd.Index([names[pid] for pid in change.index], name="Partnership"),
    )
    wide_table(table, "Change since the last round for each partnership")


def benchmark_section(c: Comparison) -> None:
    st.markdown(
        "What a partnership lead can be shown: their own figures against the region, with "
        "the other partnerships as Area A, Area B and so on. Regional figures are hidden where "
        f"fewer than {MIN_CONTRIBUTORS} partnerships have results."
    )
    names = tables.display_names(c)
    chosen = st.selectbox(
        "Show the benchmark for",
        list(names),
        format_func=names.__getitem__,
        key="region.benchmark",
    )
    result = benchmark(c, chosen)
    for note in result.notes:
        st.info(user_text(note))
    wide_table(
        pd.DataFrame(
            {
                "Area": [r.area for r in result.rows],
                "Your partnership": [_fmt(r.yours) for r in result.rows],
                "Regional median": ["Hidden" if r.hidden else _fmt(r.median) for r in result.rows],
                "Middle half": [
                    "Hidden" if r.hidden else f"{_fmt(r.q1)} to {_fmt(r.q3)}" for r in result.rows
                ],
                "Position": [r.position for r in result.rows],
            }
        ).set_index("Area"),
        "Your partnership against the region",
        stack=True,
    )
    others = [a for a in result.areas if not a.is_you]
    if others:
        wide_table(
            pd.DataFrame(
                {
                    "Area": [a.label for a in result.areas],
                    "Compliance band": [a.band for a in result.areas],
                    "Overall": [_fmt(a.overall) for a in result.areas],
                }
            ).set_index("Area"),
            "Compliance band and overall maturity of each area, without names",
            stack=True,
        )
