"""The whole evidence report: police profile, health profile, triangulation, data quality per
upload and suggested SNA data-source answers; plus a plain-text rendering for the CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from readiness.evidence.definition import (
    DEFAULT_DEFINITION,
    SeriousViolenceDefinition,
    describe_definition,
)
from readiness.evidence.police import Ingest
from readiness.evidence.profile import Profile, build_profile, latest_years
from readiness.evidence.schema import SOURCE_TYPE_LABELS, Frozen, UploadInfo
from readiness.evidence.sources import SourceSuggestion, suggest_sources
from readiness.evidence.suppress import DEFAULT_THRESHOLD, suppress
from readiness.evidence.triangulate import Triangulation, triangulate


class EvidenceReport(Frozen):
    police: Profile | None
    health: Profile | None
    triangulation: Triangulation | None
    uploads: list[UploadInfo]
    suggestions: list[SourceSuggestion]
    suppression_threshold: int
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION


def build_report(
    police: Ingest | None,
    health: Ingest | None = None,
    *,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
    threshold: int = DEFAULT_THRESHOLD,
    as_of: dt.date | None = None,
    other_uploads: Sequence[UploadInfo] = (),
    flag: str | None = None,
) -> EvidenceReport:
    """Build the report; counts below ``threshold`` are suppressed in every table.

    ``other_uploads`` (data that is neither police nor health) appear in the data-quality
    table and the suggested SNA answers, not in the profiles. ``flag`` (a key of
    ``profile.FLAG_LABELS``) narrows both profiles to the records carrying it (a drill-down);
    the comparison of police and health is always of every record.

    ``as_of`` (for timeliness of the suggested answers) defaults to the month after the
    newest data, so the core never reads the clock.
    """
    empty = pd.DataFrame()
    police_frame = police.frame if police is not None else empty
    health_frame = health.frame if health is not None else empty
    police_profile = (
        build_profile(police_frame, definition, flag=flag) if len(police_frame) else None
    )
    health_profile = (
        build_profile(health_frame, definition, title="Health-recorded assaults", flag=flag)
        if len(health_frame)
        else None
    )
    tri = (
        triangulate(latest_years(police_frame)[0], latest_years(health_frame)[0], definition)
        if len(police_frame) and len(health_frame)
        else None
    )
    uploads = [
        *(police.uploads if police else []),
        *(health.uploads if health else []),
        *other_uploads,
    ]
    if as_of is None:
        ends = [u.period_end for u in uploads if u.period_end]
        last = max(ends) if ends else "2000-01"
        as_of = dt.date(int(last[:4]), int(last[5:7]), 1) + dt.timedelta(days=31)
    report = EvidenceReport(
        police=police_profile,
        health=health_profile,
        triangulation=tri,
        uploads=uploads,
        suggestions=suggest_sources(uploads, as_of),
        suppression_threshold=threshold,
        definition=definition,
    )
    return suppress(report, threshold)


def _fmt(value: int | None, threshold: int) -> str:
    return f"fewer than {threshold}" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def render_profile(profile: Profile, threshold: int) -> list[str]:
    out = [f"{profile.title} ({', '.join(SOURCE_TYPE_LABELS.get(s, s) for s in profile.sources)})"]
    out.append(
        f"  Period: {profile.period_start} to {profile.period_end} ({profile.months} months)"
    )
    out.append(f"  Definition: {profile.definition_name}")
    if profile.proxy_statement:
        out.append(f"  {profile.proxy_statement}")
    out.append(
        f"  Crimes: {profile.total:,}. Serious violence: {profile.serious_violence:,}. "
        f"Anti-social behaviour: {profile.asb:,}."
    )
    out.append("  Monthly serious violence:")
    for point in profile.monthly:
        mark = f"  <- {point.marker}" if point.marker else ""
        out.append(f"    {point.month}  {_fmt(point.serious_violence, threshold):>12}{mark}")
    for year in profile.year_on_year:
        change = "" if year.change_percent is None else f" ({year.change_percent:+.1f}%)"
        out.append(f"  {year.period}: {_fmt(year.serious_violence, threshold)}{change}")
    out.append("  Top LSOAs for serious violence:")
    for spot in profile.hotspots_lsoa:
        out.append(f"    {spot.code} {spot.name}: {_fmt(spot.count, threshold)} {_pct(spot.share)}")
    out.append("  Top locations for serious violence:")
    for row in profile.hotspots_location:
        out.append(f"    {row.label}: {_fmt(row.count, threshold)} {_pct(row.share)}")
    out.append(f"  {profile.time_note}")
    out.extend(f"  {note}" for note in profile.notes)
    return out


def render_text(report: EvidenceReport) -> str:
    t = report.suppression_threshold
    lines: list[str] = ["Serious violence definition"]
    lines += [f"  {what}: {value}" for what, value in describe_definition(report.definition)]
    lines.append("")
    if report.police:
        lines += render_profile(report.police, t)
    if report.health:
        lines += ["", *render_profile(report.health, t)]
    if report.triangulation:
        lines += [
            "",
            "Police and health compared",
            f"  {report.triangulation.summary}",
            f"  {report.triangulation.area_note}",
        ]
    lines += ["", "Data quality"]
    for upload in report.uploads:
        q = upload.quality
        lines.append(
            f"  {upload.file_name}: {q.rows:,} rows, {upload.period_start} to "
            f"{upload.period_end}; no location {q.no_location:,}; repeated Crime IDs "
            f"{q.duplicate_id_rows:,}; outside the area {q.out_of_area:,}; LSOA codes "
            f"{q.lsoa_vintage}"
        )
        if q.missing_months:
            lines.append(f"    Missing months: {', '.join(q.missing_months)}")
        if q.low_months:
            lines.append(f"    Unusually low months: {', '.join(q.low_months)}")
        lines.extend(f"    {note}" for note in q.notes)
    if report.suggestions:
        lines += ["", "Suggested answers for the SNA data-source question (confirm each one)"]
        for s in report.suggestions:
            lines.append(
                f"  {s.source_id}: {s.answer.availability}, {s.answer.timeliness}, "
                f"{s.answer.granularity}. {s.reason}"
            )
    lines.append("")
    lines.append(f"Counts below {t} are suppressed." if t > 1 else "No counts are suppressed.")
    return "\n".join(lines)
