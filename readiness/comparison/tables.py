"""The comparison tables: pure functions from a :class:`Comparison` to pandas DataFrames.

Maturity is on the 0 to 4 scale. A missing value (NaN) means the partnership has no answers in
that domain, or the domain does not apply to it (the Wales domain in England, say);
:func:`cell_text` says which.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import cast

import pandas as pd

from readiness.comparison.summary import ResultSummary
from readiness.comparison.view import Comparison
from readiness.scoring import method
from readiness.scoring.results import BANDS

#: A question scored below this (Established) counts as a gap.
ESTABLISHED = 3.0
#: Changes smaller than this are shown as "No change".
NO_CHANGE = 0.005
DOES_NOT_APPLY = "Does not apply"
NO_ANSWERS = "No answers"
OVERALL = "overall"


def level_label(value: float | None) -> str:
    if value is None or math.isnan(value):
        return NO_ANSWERS
    return method.level_label(value)  # the one rounding rule, as on the results page


def display_names(c: Comparison) -> dict[str, str]:
    """Partnership names for display, made unique with the id when two share a name."""
    counts: dict[str, int] = {}
    for s in c.current:
        counts[s.name] = counts.get(s.name, 0) + 1
    return {
        s.partnership_id: s.name if counts[s.name] == 1 else f"{s.name} ({s.partnership_id})"
        for s in c.current
    }


def _domain_values(result: ResultSummary, domain_ids: list[str]) -> dict[str, float]:
    wanted = set(domain_ids)
    return {
        d.id: math.nan if d.maturity is None else d.maturity
        for d in result.domains
        if d.id in wanted
    }


def maturity_matrix(c: Comparison) -> pd.DataFrame:
    """Partnerships (rows, indexed by id, in name order) by domains (columns, by domain id)."""
    rows = {s.partnership_id: _domain_values(s.result, c.domain_ids) for s in c.current}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=c.domain_ids, dtype="float64")
    frame = frame.reindex(index=[s.partnership_id for s in c.current], columns=c.domain_ids)
    frame.index.name = "partnership_id"
    return frame


def cell_text(c: Comparison) -> pd.DataFrame:
    """The matrix as words, for the table alternative: "2.4 Developing", "No answers"..."""
    texts: dict[str, dict[str, str]] = {}
    for s in c.current:
        own = {d.id: d for d in s.result.domains}
        row: dict[str, str] = {}
        for domain_id in c.domain_ids:
            d = own.get(domain_id)
            if d is None:
                row[domain_id] = DOES_NOT_APPLY
            elif d.maturity is None:
                row[domain_id] = NO_ANSWERS
            else:
                row[domain_id] = f"{method.shown_score(d.maturity):.1f} {level_label(d.maturity)}"
        texts[s.partnership_id] = row
    frame = pd.DataFrame.from_dict(texts, orient="index", columns=c.domain_ids)
    frame = frame.reindex(index=[s.partnership_id for s in c.current])
    frame.index.name = "partnership_id"
    return frame


def _band_index(band: str) -> int:
    return list(BANDS).index(band) if band in BANDS else -1


def compliance_table(c: Comparison) -> pd.DataFrame:
    """One row per partnership: band, blockers, overall maturity and rank, in name order."""
    names = display_names(c)
    rows = []
    for s in c.current:
        r = s.result
        before = c.previous.get(s.partnership_id)
        rows.append(
            {
                "partnership_id": s.partnership_id,
                "partnership": names[s.partnership_id],
                "nation": s.info.nation,
                "partnership_type": s.info.partnership_type,
                "round": s.info.round_label,
                "as_of": s.info.as_of,
                "questionnaire_version": r.questionnaire_version,
                "band": r.compliance.band,
                "blockers": len(r.compliance.blockers),
                "next_band": r.compliance.next_band,
                "overall": math.nan if r.overall.maturity is None else r.overall.maturity,
                "overall_label": r.overall.label,
                "coverage": math.nan if r.overall.coverage is None else r.overall.coverage,
                "previous_round": None if before is None else before.info.round_label,
                "previous_band": None if before is None else before.result.compliance.band,
                "note": c.notes.get(s.partnership_id, ""),
            }
        )
    frame = pd.DataFrame(rows, columns=_COMPLIANCE_COLUMNS)
    frame["rank"] = _ranks(frame)
    return frame


_COMPLIANCE_COLUMNS = [
    "partnership_id",
    "partnership",
    "nation",
    "partnership_type",
    "round",
    "as_of",
    "questionnaire_version",
    "band",
    "blockers",
    "next_band",
    "overall",
    "overall_label",
    "coverage",
    "previous_round",
    "previous_band",
    "note",
]


def _ranks(frame: pd.DataFrame) -> list[int]:
    """Rank 1 is best: a higher compliance band first, then higher overall maturity.

    Partnerships level on both share a rank; a partnership without any answers ranks last.
    """
    keys = [
        (-_band_index(str(band)), -(overall if not math.isnan(overall) else -1.0))
        for band, overall in zip(frame["band"], frame["overall"], strict=True)
    ]
    return [1 + sum(1 for other in keys if other < key) for key in keys]


def ranking(c: Comparison) -> pd.DataFrame:
    """The compliance table in rank order (ties in name order)."""
    frame = compliance_table(c)
    return frame.sort_values(["rank", "partnership"], kind="stable").reset_index(drop=True)


def domain_distribution(c: Comparison) -> pd.DataFrame:
    """Per domain: how many partnerships have a value, and the minimum, quartiles and maximum."""
    matrix = maturity_matrix(c)
    rows = []
    for domain_id in c.domain_ids:
        values = matrix[domain_id].dropna()
        stats: dict[str, object] = {
            "domain_id": domain_id,
            "domain": c.domain_title(domain_id),
            "partnerships": len(values),
        }
        for name, q in (("min", 0.0), ("q1", 0.25), ("median", 0.5), ("q3", 0.75), ("max", 1.0)):
            stats[name] = round(float(values.quantile(q)), 2) if len(values) else math.nan
        rows.append(stats)
    return pd.DataFrame(
        rows, columns=["domain_id", "domain", "partnerships", "min", "q1", "median", "q3", "max"]
    )


def overall_median(c: Comparison) -> float | None:
    values = [s.result.overall.maturity for s in c.current if s.result.overall.maturity is not None]
    if not values:
        return None
    return round(float(pd.Series(values, dtype="float64").median()), 2)


# --------------------------------------------------------------------------- common gaps


_GAP_COLUMNS = [
    "question_id",
    "domain_id",
    "domain",
    "text",
    "requirement_ids",
    "statutory",
    "below_established",
    "answered",
    "not_answered",
    "share",
    "partnerships",
]


def common_gaps(c: Comparison, min_share: float = 0.5) -> pd.DataFrame:
    """Questions answered below Established by at least ``min_share`` of the partnerships
    that answered them: candidate regional actions.

    ``share`` is below_established / answered. Partnerships that did not answer a question
    are counted in ``not_answered`` and not in the share; questions that do not apply to a
    partnership are not counted at all. Sorted by share, then statutory first, then
    questionnaire order.
    """
    names = display_names(c)
    order: dict[str, int] = {}
    info: dict[str, dict[str, object]] = {}
    below: dict[str, list[str]] = {}
    answered: dict[str, int] = {}
    unanswered: dict[str, int] = {}
    for s in c.current:
        for q in s.result.questions:
            if not q.scored or q.question_id not in c.question_ids:
                continue
            if q.status == "not_applicable":
                continue
            qid = q.question_id
            if qid not in info or s.result.questionnaire_version == c.questionnaire_version:
                info[qid] = {
                    "domain_id": q.domain_id,
                    "text": q.text,
                    "requirement_ids": list(q.requirement_ids),
                    "statutory": q.statutory,
                }
            order.setdefault(qid, len(order))
            if q.status == "not_answered" or q.score is None:
                unanswered[qid] = unanswered.get(qid, 0) + 1
                continue
            answered[qid] = answered.get(qid, 0) + 1
            if q.score < ESTABLISHED:
                below.setdefault(qid, []).append(names[s.partnership_id])
    rows = []
    for qid, who in below.items():
        share = len(who) / answered[qid]
        if share + 1e-9 < min_share:
            continue
        meta = info[qid]
        rows.append(
            {
                "question_id": qid,
                "domain_id": meta["domain_id"],
                "domain": c.domain_title(str(meta["domain_id"])),
                "text": meta["text"],
                "requirement_ids": meta["requirement_ids"],
                "statutory": meta["statutory"],
                "below_established": len(who),
                "answered": answered[qid],
                "not_answered": unanswered.get(qid, 0),
                "share": round(share, 4),
                "partnerships": who,
            }
        )
    rows.sort(
        key=lambda r: (-cast(float, r["share"]), not r["statutory"], order[str(r["question_id"])])
    )
    return pd.DataFrame(rows, columns=_GAP_COLUMNS)


def common_requirement_gaps(
    c: Comparison, min_share: float = 0.5, titles: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Requirements with a gap in at least ``min_share`` of the partnerships answering on them.

    A partnership has a gap on a requirement when any answered question citing it is below
    Established; it counts as answering on it when any question citing it is answered.
    """
    names = display_names(c)
    gap: dict[str, list[str]] = {}
    answered: dict[str, set[str]] = {}
    order: dict[str, int] = {}
    for s in c.current:
        own_gaps: set[str] = set()
        for q in s.result.questions:
            if not q.scored or q.question_id not in c.question_ids or q.score is None:
                continue
            if q.status != "answered":
                continue
            for rid in q.requirement_ids:
                order.setdefault(rid, len(order))
                answered.setdefault(rid, set()).add(s.partnership_id)
                if q.score < ESTABLISHED:
                    own_gaps.add(rid)
        for rid in own_gaps:
            gap.setdefault(rid, []).append(names[s.partnership_id])
    rows = []
    for rid, who in gap.items():
        share = len(who) / len(answered[rid])
        if share + 1e-9 < min_share:
            continue
        rows.append(
            {
                "requirement_id": rid,
                "title": (titles or {}).get(rid, ""),
                "with_gap": len(who),
                "answered": len(answered[rid]),
                "share": round(share, 4),
                "partnerships": who,
            }
        )
    rows.sort(key=lambda r: (-cast(float, r["share"]), order[str(r["requirement_id"])]))
    return pd.DataFrame(
        rows, columns=["requirement_id", "title", "with_gap", "answered", "share", "partnerships"]
    )


# --------------------------------------------------------------------------- change


_CHANGE_COLUMNS = [
    "partnership_id",
    "partnership",
    "area_id",
    "area",
    "previous_round",
    "previous",
    "current",
    "change",
    "direction",
    "note",
]


def direction(change: float | None) -> str:
    if change is None or math.isnan(change):
        return "Not comparable"
    if change >= NO_CHANGE:
        return "Up"
    if change <= -NO_CHANGE:
        return "Down"
    return "No change"


def changes(c: Comparison) -> pd.DataFrame:
    """Change since the previous round, per partnership: overall first, then each domain.

    ``change`` is current minus previous maturity (positive is better). A row that cannot be
    compared has no change, the direction "Not comparable" and a note saying why.
    """
    names = display_names(c)
    rows = []
    for s in c.current:
        before = c.previous.get(s.partnership_id)
        base = {"partnership_id": s.partnership_id, "partnership": names[s.partnership_id]}
        areas: list[tuple[str, str, float | None, float | None, bool]] = []
        now_domains = {d.id: d.maturity for d in s.result.domains}
        old_domains = {} if before is None else {d.id: d.maturity for d in before.result.domains}
        areas.append(
            (
                OVERALL,
                "Overall",
                None if before is None else before.result.overall.maturity,
                s.result.overall.maturity,
                True,
            )
        )
        for domain_id in c.domain_ids:
            if domain_id not in now_domains:
                continue
            areas.append(
                (
                    domain_id,
                    c.domain_title(domain_id),
                    old_domains.get(domain_id),
                    now_domains[domain_id],
                    domain_id in old_domains,
                )
            )
        version_changed = (
            before is not None
            and before.result.questionnaire_version != s.result.questionnaire_version
        )
        for area_id, area, old, new, in_both in areas:
            note = ""
            delta: float | None = None
            if before is None:
                note = "No earlier round to compare with."
            elif not in_both:
                note = "This domain was not assessed in the previous round."
            elif old is None or new is None:
                note = "No answers in one of the two rounds."
            else:
                delta = round(new - old, 2)
                if version_changed:
                    note = (
                        "The questionnaire changed from version "
                        f"{before.result.questionnaire_version} to "
                        f"{s.result.questionnaire_version} between the rounds."
                    )
            rows.append(
                {
                    **base,
                    "area_id": area_id,
                    "area": area,
                    "previous_round": None if before is None else before.info.round_label,
                    "previous": math.nan if old is None else old,
                    "current": math.nan if new is None else new,
                    "change": math.nan if delta is None else delta,
                    "direction": direction(delta),
                    "note": note,
                }
            )
    return pd.DataFrame(rows, columns=_CHANGE_COLUMNS)


def change_matrix(c: Comparison) -> pd.DataFrame:
    """Partnerships by overall and domains: the change since the previous round (NaN if none)."""
    table = changes(c)
    columns = [OVERALL, *c.domain_ids]
    if table.empty:
        frame = pd.DataFrame(columns=columns, dtype="float64")
    else:
        frame = table.pivot(index="partnership_id", columns="area_id", values="change")
    frame = frame.reindex(index=[s.partnership_id for s in c.current], columns=columns)
    frame.index.name = "partnership_id"
    return frame.astype("float64")


# --------------------------------------------------------------------------- the summary


def band_counts(c: Comparison) -> list[tuple[str, int]]:
    """How many partnerships are in each compliance band, highest band first (empty bands
    left out)."""
    counts = {band: 0 for band in reversed(BANDS)}
    for s in c.current:
        band = s.result.compliance.band
        counts[band] = counts.get(band, 0) + 1
    return [(band, n) for band, n in counts.items() if n]


def top_requirement_gaps(
    c: Comparison, titles: Mapping[str, str] | None = None, limit: int = 5
) -> pd.DataFrame:
    """The ``limit`` requirements with a gap in the most partnerships (ties: the larger share,
    then questionnaire order), whatever the threshold: the summary's "most common gaps"."""
    frame = common_requirement_gaps(c, 0.0, titles)
    if frame.empty:
        return frame
    frame = frame.assign(_order=range(len(frame)))
    frame = frame.sort_values(["with_gap", "share", "_order"], ascending=[False, False, True])
    return frame.drop(columns="_order").head(limit).reset_index(drop=True)


def biggest_changes(c: Comparison, limit: int = 3) -> pd.DataFrame:
    """The ``limit`` partnerships whose overall maturity moved most since their last round
    (either way; ties in name order). Partnerships that cannot be compared are left out."""
    table = changes(c)
    if table.empty:
        return table
    overall = table[(table["area_id"] == OVERALL) & table["change"].notna()]
    overall = overall[overall["change"].abs() >= NO_CHANGE]
    overall = overall.assign(_size=overall["change"].abs())
    overall = overall.sort_values(["_size", "partnership"], ascending=[False, True], kind="stable")
    return overall.drop(columns="_size").head(limit).reset_index(drop=True)
