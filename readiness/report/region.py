"""The region board report (.docx) for Violence Reduction Unit and Network leads.

Pure: a :class:`~readiness.comparison.view.Comparison` in, the document's bytes out. Sections:
a summary, bands and maturity by partnership (chart and table), maturity by domain for each
partnership (landscape), the most common gaps, change since the last round, and the anonymised
benchmark (the regional spread, hidden where fewer than three partnerships have results, and
the partnerships as Area A, Area B... in order of overall maturity, never by name).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from readiness.comparison import tables
from readiness.comparison.benchmark import MIN_CONTRIBUTORS, area_label
from readiness.comparison.view import Comparison
from readiness.method_note import METHOD_NOTE
from readiness.report import _docx as D
from readiness.report import words as W
from readiness.report.chart import maturity_bars
from readiness.scoring.method import shown_score
from readiness.scoring.results import BANDS

#: How many common gaps the report lists.
GAPS_SHOWN = 15


@dataclass(frozen=True)
class RegionReportInput:
    comparison: Comparison
    region_name: str
    generated_at: dt.datetime
    min_share: float = 0.5


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def report_title(data: RegionReportInput) -> str:
    label = data.comparison.round_label or "latest rounds"
    return f"Serious Violence Duty readiness region report: {data.region_name}, {label}"


def build_region_report(data: RegionReportInput) -> bytes:
    c = data.comparison
    round_words = c.round_label or "each partnership's latest round"
    doc = D.new_document(
        title=report_title(data),
        subject=f"{data.region_name}: {round_words}",
        keywords=f"Serious Violence Duty; {data.region_name}; region comparison",
        category="Region board report",
        created=data.generated_at,
    )
    D.heading(doc, "Serious Violence Duty readiness: region report", 0)
    D.para(doc, data.region_name, bold_lead="Region: ")
    D.para(doc, round_words, bold_lead="Round compared: ")
    D.para(doc, W.date(data.generated_at.date()), bold_lead="Report produced: ")
    _summary(doc, c)
    if c.is_empty():
        D.para(doc, "No partnership in this region has a scored round to compare yet.")
        return D.to_bytes(doc)
    _ranking(doc, c)
    _matrix(doc, c)
    _gaps(doc, c, data.min_share)
    _changes(doc, c)
    _benchmark(doc, c)
    _method(doc)
    return D.to_bytes(doc)


def _summary(doc: Any, c: Comparison) -> None:
    D.heading(doc, "Summary", 1)
    count = len(c.current)
    bands = Counter(s.result.compliance.band for s in c.current)
    D.para(doc, f"{W.plural(count, 'partnership')} compared.")
    if count:
        D.bullets(doc, [f"{band}: {W.plural(bands.get(band, 0), 'partnership')}" for band in BANDS])
        D.para(
            doc, W.score(tables.overall_median(c)), bold_lead="Median overall maturity (0 to 4): "
        )
        _median_chart(doc, c)
    for item in c.left_out:
        D.para(doc, f"{item.partnership_name}: {item.reason}", bold_lead="Not compared. ")
    names = tables.display_names(c)
    for pid, note in c.notes.items():
        D.para(doc, f"{names.get(pid, pid)}: {note}", bold_lead="Compared in part. ")


def _ranking(doc: Any, c: Comparison) -> None:
    D.heading(doc, "Bands and maturity by partnership", 1)
    frame = tables.ranking(c)
    rows = [
        [
            int(r["rank"]),
            r["partnership"],
            r["band"],
            int(r["blockers"]),
            W.score(_num(r["overall"])),
            r["overall_label"] if _num(r["overall"]) is not None else "-",
            r["previous_band"] or "-",
        ]
        for r in frame.to_dict(orient="records")
    ]
    D.table(
        doc,
        [
            "Rank",
            "Partnership",
            "Compliance band",
            "Blockers",
            "Overall maturity",
            "Level",
            "Band last round",
        ],
        rows,
        widths_mm=[14, 50, 25, 20, 20, 20, 21],
        caption="Bands and maturity by partnership",
    )


def _median_chart(doc: Any, c: Comparison) -> None:
    """The regional median in each domain (hidden where fewer than three partnerships have
    results), as a chart: the same number of bars however many partnerships there are."""
    dist = tables.domain_distribution(c)
    labels = [str(v) for v in dist["domain"]]
    values = [
        None if int(n) < MIN_CONTRIBUTORS else _num(m)
        for n, m in zip(dist["partnerships"], dist["median"], strict=True)
    ]
    png = maturity_bars(
        labels,
        values,
        title="Regional median maturity by domain (0 to 4)",
        missing="hidden: fewer than 3 partnerships",
    )
    alt = (
        "Bar chart of the regional median maturity in each domain, on a scale of 0 (Not "
        "started) to 4 (Embedded): "
        + "; ".join(
            f"{n} {'hidden' if v is None else f'{shown_score(v):.1f}'}"
            for n, v in zip(labels, values, strict=True)
        )
        + ". Each partnership's figures are in the tables that follow."
    )
    D.picture(doc, png, width_mm=150, alt=alt, title="Regional median maturity by domain")


def _matrix(doc: Any, c: Comparison) -> None:
    D.landscape_section(doc)
    D.heading(doc, "Maturity by domain for each partnership", 1)
    D.para(
        doc,
        "Maturity from 0 (Not started) to 4 (Embedded); a dash means no answers in that domain.",
    )
    matrix = tables.maturity_matrix(c)
    names = tables.display_names(c)
    domains = c.domains
    name_width = 45.0
    width = (D.LANDSCAPE_WIDTH_MM - name_width) / max(1, len(domains))
    rows = []
    for pid in matrix.index:
        values = [_num(matrix.at[pid, d.id]) for d in domains]
        rows.append([names[pid], *("-" if v is None else f"{v:.1f}" for v in values)])
    D.table(
        doc,
        ["Partnership", *(d.title for d in domains)],
        rows,
        widths_mm=[name_width, *([width] * len(domains))],
        caption="Maturity by domain for each partnership",
        size=7.5,
    )
    D.portrait_section(doc)


def _gaps(doc: Any, c: Comparison, min_share: float) -> None:
    D.heading(doc, "Most common gaps", 1)
    gaps = tables.common_gaps(c, min_share)
    if gaps.empty:
        D.para(
            doc,
            f"No question is below Established in at least {min_share:.0%} of the "
            "partnerships that answered it.",
        )
        return
    D.para(
        doc,
        f"Questions below Established in at least {min_share:.0%} of the partnerships "
        f"that answered them ({len(gaps)} in all; the first {min(len(gaps), GAPS_SHOWN)}"
        " are listed). These are candidates for regional action.",
    )
    rows = [
        [
            f"{r['share']:.0%}",
            r["text"],
            r["domain"],
            "Yes" if r["statutory"] else "No",
            f"{r['below_established']} of {r['answered']}",
        ]
        for r in gaps.head(GAPS_SHOWN).to_dict(orient="records")
    ]
    D.table(
        doc,
        ["Share", "Question", "Domain", "Legal duty", "Below / answered"],
        rows,
        widths_mm=[15, 80, 35, 17, 23],
        caption="Most common gaps",
    )


def _changes(doc: Any, c: Comparison) -> None:
    D.heading(doc, "Change since the last round", 1)
    if not c.previous:
        D.para(doc, "No partnership has an earlier round to compare with.")
        return
    frame = tables.compliance_table(c).set_index("partnership_id")
    names = tables.display_names(c)
    rows = []
    for s in c.current:
        before = c.previous.get(s.partnership_id)
        if before is None:
            rows.append(
                [names[s.partnership_id], "None", "-", s.result.compliance.band, "Not comparable"]
            )
            continue
        rows.append(
            [
                names[s.partnership_id],
                str(frame.at[s.partnership_id, "previous_round"]),
                before.result.compliance.band,
                s.result.compliance.band,
                W.change(s.result.overall.maturity, before.result.overall.maturity),
            ]
        )
    D.table(
        doc,
        ["Partnership", "Previous round", "Band then", "Band now", "Overall maturity change"],
        rows,
        widths_mm=[55, 28, 27, 27, 33],
        caption="Change since the last round",
    )


def _stable(partnership_id: str) -> str:
    return hashlib.sha256(partnership_id.encode()).hexdigest()


def _benchmark(doc: Any, c: Comparison) -> None:
    D.heading(doc, "Anonymised benchmark", 1)
    D.para(
        doc,
        "What can be shared with partnership leads: the regional spread in each "
        "domain, and every partnership as Area A, Area B and so on, in order of "
        "overall maturity rather than by name. Figures are hidden where fewer than "
        f"{MIN_CONTRIBUTORS} partnerships have results, so no area can be identified.",
    )
    dist = tables.domain_distribution(c)
    rows = []
    for r in dist.to_dict(orient="records"):
        hidden = int(r["partnerships"]) < MIN_CONTRIBUTORS
        if hidden:
            rows.append([r["domain"], int(r["partnerships"]), "Hidden", "Hidden", "Hidden"])
        else:
            rows.append(
                [
                    r["domain"],
                    int(r["partnerships"]),
                    W.score(_num(r["median"])),
                    f"{W.score(_num(r['q1']))} to {W.score(_num(r['q3']))}",
                    f"{W.score(_num(r['min']))} to {W.score(_num(r['max']))}",
                ]
            )
    D.table(
        doc,
        ["Domain", "With results", "Median", "Middle half", "Range"],
        rows,
        widths_mm=[60, 24, 22, 32, 32],
        caption="Regional spread by domain",
    )
    scored = [s for s in c.current if s.result.overall.maturity is not None]
    if len(scored) < MIN_CONTRIBUTORS:
        D.para(
            doc,
            f"Fewer than {MIN_CONTRIBUTORS} partnerships have results, so the areas "
            "are not listed.",
        )
        return
    ordered = sorted(
        c.current,
        key=lambda s: (
            -(s.result.overall.maturity if s.result.overall.maturity is not None else -1.0),
            _stable(s.partnership_id),
        ),
    )
    rows = [
        [area_label(i), s.result.compliance.band, W.score(s.result.overall.maturity)]
        for i, s in enumerate(ordered)
    ]
    D.table(
        doc,
        ["Area", "Compliance band", "Overall maturity"],
        rows,
        widths_mm=[40, 45, 45],
        caption="Partnerships as anonymous areas",
    )


def _method(doc: Any) -> None:
    D.heading(doc, "How the figures are worked out", 1)
    for paragraph in METHOD_NOTE:
        D.para(doc, paragraph)
    D.para(
        doc,
        "Rank 1 has the highest compliance band, then the highest overall maturity. "
        "Medians and quartiles count only partnerships with answers in that domain.",
    )
