"""Strategic Needs Assessment gaps: components C1 to C11 and the data-source matrix.

SNA coverage (0 to 100) is the mean of two parts, or the one part that exists:

* components: in place counts 1, partly 0.5, missing 0, averaged over the components the
  questionnaire asks about (components answered N/A are left out);
* data sources: the matrix score (critical sources count double) divided by 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from readiness.bundle import ContentBundle
from readiness.labels import TIMELINESS_LABELS
from readiness.models import DataSourceMatrixQuestion, Nation, SourceAnswer
from readiness.models.questionnaire import SnaComponent as ComponentId
from readiness.scoring import method
from readiness.scoring.answer_scores import matrix_score, parse_matrix, source_score
from readiness.scoring.results import (
    ComponentStatus,
    QuestionResult,
    Sna,
    SnaComponent,
    SnaGap,
    SnaSource,
)

_EPS = 1e-9
_COMPONENT_POINTS = {"in_place": 1.0, "partly": 0.5, "missing": 0.0}


def _component(cid: str, questions: Sequence[QuestionResult]) -> SnaComponent:
    ids = [q.question_id for q in questions]
    live = [q for q in questions if q.status != "not_applicable"]
    if not live:
        return SnaComponent(
            id=cid, status="not_applicable", score=None, question_ids=ids, note="Answered N/A."
        )
    unanswered = [q for q in live if q.score is None]
    if unanswered:
        quoted = "; ".join(f"'{q.text}'" for q in unanswered)
        return SnaComponent(
            id=cid,
            status="missing",
            score=None,
            question_ids=ids,
            note=f"Counted as missing because it is not answered yet: {quoted}",
        )
    score = min(q.score or 0.0 for q in live)  # every question on the component must be in place
    status: ComponentStatus = (
        "in_place"
        if score >= method.IN_PLACE - _EPS
        else "partly"
        if score >= method.PARTLY - _EPS
        else "missing"
    )
    weakest = min(live, key=lambda q: (q.score or 0.0, q.question_id))
    note = f"'{weakest.text}': {method.describe_score(weakest.score)}"
    return SnaComponent(id=cid, status=status, score=score, question_ids=ids, note=note)


def _best_rows(question: QuestionResult) -> dict[str, tuple[SourceAnswer, str]]:
    """For each source, the best row any agency reported (the partnership can use it)."""
    best: dict[str, tuple[SourceAnswer, str]] = {}
    for agency in question.agencies:
        rows = parse_matrix(agency.value) if agency.score is not None else None
        for source_id, row in (rows or {}).items():
            current = best.get(source_id)
            if current is None or source_score(row) > source_score(current[0]):
                best[source_id] = (row, agency.agency)
    return best


def _source_problems(row: SourceAnswer | None) -> list[str]:
    if row is None:
        return ["not recorded, so counted as not available"]
    if row.availability == "none":
        return ["not available to the partnership"]
    problems: list[str] = []
    if row.availability == "aggregate":
        problems.append("aggregate counts only")
    if row.timeliness in ("stale", "unknown"):
        problems.append(f"data may be out of date ({TIMELINESS_LABELS[row.timeliness].lower()})")
    if not row.agreement:
        problems.append("shared without a data sharing agreement")
    if not row.used_in_sna:
        problems.append("not used in the latest SNA")
    return problems


def _sources(
    bundle: ContentBundle, matrix: DataSourceMatrixQuestion, result: QuestionResult, nation: Nation
) -> tuple[list[SnaSource], float | None]:
    best = _best_rows(result)
    sources = []
    for source in matrix.sources:
        row, agency = best.get(source.id, (None, None))
        shown = row or SourceAnswer(availability="none")
        sources.append(
            SnaSource(
                id=source.id,
                name=bundle.source_name(source, nation),
                owner_role=bundle.resolve_role(source.owner_role, nation),
                critical=source.critical,
                availability=shown.availability,
                timeliness=shown.timeliness,
                granularity=shown.granularity,
                agreement=shown.agreement,
                used_in_sna=shown.used_in_sna,
                score=source_score(row),
                reported_by=agency,
                problems=_source_problems(row),
            )
        )
    if result.status != "answered":
        return sources, None
    rows = {sid: row for sid, (row, _) in best.items()}
    return sources, matrix_score(matrix.sources, rows) / 4


def _components(
    bundle: ContentBundle, questions: Sequence[QuestionResult]
) -> tuple[list[SnaComponent], list[SnaGap]]:
    """The SNA components the scored questions cover, and the ones missing or partly there."""
    gaps: list[SnaGap] = []
    components: list[SnaComponent] = []
    by_component: dict[str, list[QuestionResult]] = {}
    for q in questions:
        component = bundle.questions[q.question_id].sna_component
        if component is not None and q.scored:
            by_component.setdefault(component, []).append(q)
    for cid in get_args(ComponentId):
        if cid not in by_component:
            continue
        component_result = _component(cid, by_component[cid])
        components.append(component_result)
        if component_result.status in ("missing", "partly"):
            word = "missing" if component_result.status == "missing" else "only partly in place"
            gaps.append(
                SnaGap(
                    id=f"sna.component.{cid}",
                    text=f"SNA component {cid} is {word}. {component_result.note}",
                )
            )
    return components, gaps


def _source_gaps(matrix_result: QuestionResult, sources: Sequence[SnaSource]) -> list[SnaGap]:
    """The data-source matrix not filled in, or each source with a problem."""
    if matrix_result.status == "not_answered":
        return [
            SnaGap(
                id=f"sna.sources.{matrix_result.question_id}",
                text="No agency has filled in the data-source matrix yet.",
            )
        ]
    if matrix_result.status != "answered":
        return []
    return [
        SnaGap(
            id=f"sna.source.{source.id}",
            text=(
                f"{source.name} ({'critical source' if source.critical else 'source'}): "
                f"{'; '.join(source.problems)}."
            ),
        )
        for source in sources
        if source.problems
    ]


def sna_result(
    bundle: ContentBundle, questions: Sequence[QuestionResult], nation: Nation = "england"
) -> Sna:
    """SNA coverage and gaps; source names and owners as used in ``nation``."""
    components, gaps = _components(bundle, questions)
    counted = [c for c in components if c.status != "not_applicable"]
    component_part = (
        sum(_COMPONENT_POINTS[c.status] for c in counted) / len(counted) if counted else None
    )

    matrix_result = next(
        (q for q in questions if bundle.questions[q.question_id].type == "sna_data_sources"),
        None,
    )
    sources: list[SnaSource] = []
    source_part: float | None = None
    if matrix_result is not None:
        matrix = bundle.questions[matrix_result.question_id]
        if isinstance(matrix, DataSourceMatrixQuestion):
            sources, source_part = _sources(bundle, matrix, matrix_result, nation)
        gaps += _source_gaps(matrix_result, sources)
    parts = [p for p in (component_part, source_part) if p is not None]
    coverage = sum(parts) / len(parts) if parts else None

    def pct(value: float | None) -> float | None:
        return None if value is None else method.round2(100 * value)

    return Sna(
        coverage=pct(coverage),
        component_coverage=pct(component_part),
        source_coverage=pct(source_part),
        question_id=matrix_result.question_id if matrix_result else None,
        components=components,
        sources=sources,
        gaps=gaps,
    )
