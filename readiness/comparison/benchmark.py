"""The anonymised benchmark: one partnership's position against the rest of its region.

The other partnerships are shown as "Area A", "Area B"... in order of overall maturity (highest
first), never by name or in name order. A regional median, its quartiles and the other areas'
values for a domain are hidden when fewer than :data:`MIN_CONTRIBUTORS` partnerships (including
the partnership itself) have a value there, so no single area's figure can be worked out.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import pandas as pd
from pydantic import BaseModel, ConfigDict

from readiness.comparison.tables import level_label
from readiness.comparison.view import Comparison

MIN_CONTRIBUTORS = 3
HIDDEN_NOTE = (
    "Hidden because fewer than {n} partnerships have results here, so the figures could "
    "identify an area."
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BenchmarkRow(_Model):
    """Your value and the region's for the overall score or one domain."""

    area_id: str
    area: str
    yours: float | None
    yours_label: str
    contributors: int
    hidden: bool
    median: float | None
    q1: float | None
    q3: float | None
    position: str


class AnonymousArea(_Model):
    """One partnership in the region: "Area A"..., or "Your partnership"."""

    label: str
    is_you: bool
    band: str
    overall: float | None
    domains: dict[str, float | None]


class Benchmark(_Model):
    partnership_id: str
    partnership_name: str
    round_label: str | None
    min_contributors: int
    rows: list[BenchmarkRow]
    areas: list[AnonymousArea]
    notes: list[str]


def area_label(index: int) -> str:
    """0 -> "Area A", 25 -> "Area Z", 26 -> "Area AA"."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Area {letters}"


def _stable(partnership_id: str) -> str:
    return hashlib.sha256(partnership_id.encode()).hexdigest()


def _position(yours: float | None, median: float | None) -> str:
    if yours is None:
        return "No answers from your partnership"
    if median is None:
        return "Regional median hidden"
    if yours > median + 0.005:
        return "Above the regional median"
    if yours < median - 0.005:
        return "Below the regional median"
    return "At the regional median"


def _row(
    area_id: str, area: str, yours: float | None, values: Sequence[float], minimum: int
) -> BenchmarkRow:
    hidden = len(values) < minimum
    series = pd.Series(list(values), dtype="float64")

    def stat(q: float) -> float | None:
        return None if hidden or not len(values) else round(float(series.quantile(q)), 2)

    median = stat(0.5)
    return BenchmarkRow(
        area_id=area_id,
        area=area,
        yours=yours,
        yours_label=level_label(yours),
        contributors=len(values),
        hidden=hidden,
        median=median,
        q1=stat(0.25),
        q3=stat(0.75),
        position=_position(yours, median),
    )


def benchmark(
    c: Comparison, partnership_id: str, *, min_contributors: int = MIN_CONTRIBUTORS
) -> Benchmark:
    """Where ``partnership_id`` stands against its region, with the others anonymised."""
    mine = next((s for s in c.current if s.partnership_id == partnership_id), None)
    if mine is None:
        raise ValueError(
            f"The partnership {partnership_id} is not in this comparison. Check the round and "
            "filters chosen."
        )
    overall_values = [
        s.result.overall.maturity for s in c.current if s.result.overall.maturity is not None
    ]
    rows = [
        _row("overall", "Overall", mine.result.overall.maturity, overall_values, min_contributors)
    ]
    domain_values: dict[str, dict[str, float]] = {}
    for s in c.current:
        for d in s.result.domains:
            if d.id in c.domain_ids and d.maturity is not None:
                domain_values.setdefault(d.id, {})[s.partnership_id] = d.maturity
    own_domains = {d.id: d.maturity for d in mine.result.domains}
    hidden_domains: set[str] = set()
    for domain_id in c.domain_ids:
        values = domain_values.get(domain_id, {})
        row = _row(
            domain_id,
            c.domain_title(domain_id),
            own_domains.get(domain_id),
            list(values.values()),
            min_contributors,
        )
        if row.hidden:
            hidden_domains.add(domain_id)
        rows.append(row)
    overall_hidden = rows[0].hidden
    others = sorted(
        (s for s in c.current if s.partnership_id != partnership_id),
        key=lambda s: (
            -(s.result.overall.maturity if s.result.overall.maturity is not None else -1.0),
            _stable(s.partnership_id),
        ),
    )
    areas = [
        AnonymousArea(
            label="Your partnership",
            is_you=True,
            band=mine.result.compliance.band,
            overall=mine.result.overall.maturity,
            domains={d: own_domains.get(d) for d in c.domain_ids},
        )
    ]
    if not overall_hidden:
        for index, s in enumerate(others):
            theirs = {d.id: d.maturity for d in s.result.domains}
            areas.append(
                AnonymousArea(
                    label=area_label(index),
                    is_you=False,
                    band=s.result.compliance.band,
                    overall=s.result.overall.maturity,
                    domains={
                        d: None if d in hidden_domains else theirs.get(d) for d in c.domain_ids
                    },
                )
            )
    notes = []
    if overall_hidden:
        notes.append(
            f"Fewer than {min_contributors} partnerships in this comparison have results, so "
            "the regional figures and the other areas are not shown."
        )
    elif hidden_domains:
        titles = ", ".join(c.domain_title(d) for d in c.domain_ids if d in hidden_domains)
        notes.append(
            f"Regional figures are hidden for {titles}: fewer than {min_contributors} "
            "partnerships have results there."
        )
    return Benchmark(
        partnership_id=partnership_id,
        partnership_name=mine.name,
        round_label=c.round_label,
        min_contributors=min_contributors,
        rows=rows,
        areas=areas,
        notes=notes,
    )


def benchmark_frame(b: Benchmark) -> pd.DataFrame:
    """The benchmark rows as a table (hidden figures are blank)."""
    return pd.DataFrame(
        [
            {
                "area": r.area,
                "yours": math.nan if r.yours is None else r.yours,
                "median": math.nan if r.median is None else r.median,
                "q1": math.nan if r.q1 is None else r.q1,
                "q3": math.nan if r.q3 is None else r.q3,
                "contributors": r.contributors,
                "position": r.position,
            }
            for r in b.rows
        ],
        columns=["area", "yours", "median", "q1", "q3", "contributors", "position"],
    )
