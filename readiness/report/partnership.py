"""The partnership board report (.docx): one round of one partnership, for its board.

Pure: the round's records, its scoring result (and the previous round's), the content and the
what-works ratings in; the document's bytes out. Nothing is read from a clock or a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.shared import Pt

from readiness.bundle import ContentBundle
from readiness.method_note import METHOD_NOTE
from readiness.report import _docx as D
from readiness.report import words as W
from readiness.report.chart import maturity_bars
from readiness.scoring import ScoringResult
from readiness.store.records import Agency, Partnership, Round, StoredAction
from readiness.what_works import WhatWorks

#: How many blockers the one-page summary lists (the statutory section has every duty).
SUMMARY_BLOCKERS = 3
#: How many owners the summary's "Agencies that must act" lists (most actions first).
SUMMARY_OWNERS = 5
_STATUS_ORDER = {"not_in_place": 0, "not_answered": 1, "partly": 2, "in_place": 3}


@dataclass(frozen=True)
class PreviousRound:
    """The round before this one, scored with the same questionnaire."""

    label: str
    result: ScoringResult


@dataclass(frozen=True)
class PartnershipReportInput:
    partnership: Partnership
    round: Round
    result: ScoringResult
    bundle: ContentBundle
    generated_at: dt.datetime
    agencies: Sequence[Agency] = ()
    actions: Sequence[StoredAction] = ()
    what_works: WhatWorks | None = None
    previous: PreviousRound | None = None
    region_name: str = ""
    notes: list[str] = field(default_factory=list)


def report_title(data: PartnershipReportInput) -> str:
    return (
        f"Serious Violence Duty readiness board report: {data.partnership.name}, {data.round.label}"
    )


def owner_name(action: StoredAction, agencies: dict[str, Agency], bundle: ContentBundle) -> str:
    if action.owner_agency_id and action.owner_agency_id in agencies:
        return agencies[action.owner_agency_id].name
    if action.owner_role:
        role = bundle.role_by_id.get(action.owner_role)
        return f"{role.name if role else action.owner_role} (no agency named yet)"
    return "No owner yet"


def current_actions(actions: Sequence[StoredAction]) -> list[StoredAction]:
    """The actions on the plan, in priority order (own actions after generated ones)."""
    return sorted(
        (a for a in actions if a.is_current),
        key=lambda a: (a.priority if a.priority > 0 else 10**6, a.id),
    )


def build_partnership_report(data: PartnershipReportInput) -> bytes:
    """The board report for one partnership's round, as .docx bytes."""
    result = data.result
    doc = D.new_document(
        title=report_title(data),
        subject=f"{data.partnership.name}: {data.round.label}",
        keywords=f"Serious Violence Duty; {data.partnership.name}; {data.round.label}",
        category="Partnership board report",
        created=data.generated_at,
        comments=f"Assessment as of {W.date(result.as_of)}.",
    )
    agencies = {a.id: a for a in data.agencies}
    actions = current_actions(data.actions)
    _title(doc, data)
    _summary(doc, data, actions, agencies)
    _domains(doc, result)
    _statutory(doc, data)
    _sna(doc, result)
    _disagreements(doc, result)
    _action_plan(doc, data, actions, agencies)
    _changes(doc, data)
    _method(doc, data)
    return D.to_bytes(doc)


# --------------------------------------------------------------------------- sections


def _title(doc: Any, data: PartnershipReportInput) -> None:
    D.heading(doc, "Serious Violence Duty readiness: board report", 0)
    lines = [("Partnership: ", data.partnership.name)]
    if data.region_name:
        lines.append(("Region: ", data.region_name))
    lines.append(("Round: ", f"{data.round.label}, assessment as of {W.date(data.result.as_of)}"))
    lines.append(("Report produced: ", W.date(data.generated_at.date())))
    for lead, text in lines:
        D.para(doc, text, bold_lead=lead).paragraph_format.space_after = Pt(2)
    for note in data.notes:
        D.para(doc, note)


def _summary(
    doc: Any,
    data: PartnershipReportInput,
    actions: list[StoredAction],
    agencies: dict[str, Agency],
) -> None:
    result = data.result
    compliance = result.compliance
    overall = result.overall
    D.heading(doc, "Summary", 1)
    meaning = W.BAND_MEANING.get(compliance.band, "")
    blockers = len(compliance.blockers)
    held = ""
    if blockers and compliance.next_band:
        hold = "question holds" if blockers == 1 else "questions hold"
        held = f" {blockers} {hold} it back from '{compliance.next_band}'."
    D.para(
        doc,
        f"{compliance.band}. This means {meaning}.{held}",
        bold_lead="Compliance with the legal duties: ",
    )
    D.para(
        doc,
        f"{W.maturity(overall.maturity, overall.label)}, from {overall.answered} of "
        f"{overall.applicable} questions answered (coverage {W.percent(overall.coverage)}). "
        "Backed by evidence (assured): "
        f"{W.maturity(overall.assured_maturity, overall.assured_label)}.",
        bold_lead="Overall maturity: ",
    )
    if overall.answered == 0:
        D.para(
            doc,
            "No answers have been saved in this round yet, so every figure in this "
            "report is empty. Ask each partner agency to answer its questions.",
        )
    D.heading(doc, "What would move the band", 2)
    if compliance.next_band is None:
        D.para(doc, "The partnership is in the top band. Keep the evidence up to date.")
    else:
        D.para(
            doc,
            compliance.next_band_needs or f"To reach {compliance.next_band}, close the gaps below.",
        )
        items = [
            f"{b.text} (now {b.current}; needed {b.needed})"
            for b in compliance.blockers[:SUMMARY_BLOCKERS]
        ]
        D.bullets(doc, items)
        hidden = len(compliance.blockers) - SUMMARY_BLOCKERS
        if hidden > 0:
            D.para(doc, f"And {W.plural(hidden, 'more item')}: see 'Statutory position'.")
    D.heading(doc, "Deadlines", 2)
    live = [d for d in result.deadlines if d.status in ("overdue", "due_soon", "on_track")]
    if live:
        D.bullets(
            doc,
            [
                f"{W.deadline_words(d.status)}: {d.title}"
                + (f" (due {W.date(d.due)})" if d.due else "")
                + f". {d.message}"
                for d in live
            ],
        )
    else:
        D.para(doc, "No deadline is coming up or overdue.")
    D.heading(doc, "Agencies that must act", 2)
    owners: dict[str, list[StoredAction]] = {}
    for action in actions:
        owners.setdefault(owner_name(action, agencies, data.bundle), []).append(action)
    if not owners:
        D.para(doc, "There are no actions on the plan.")
        return
    rows = []
    ranked = sorted(owners.items(), key=lambda kv: (-len(kv[1]), kv[0].lower()))
    if len(ranked) > SUMMARY_OWNERS:
        others = sum(len(owned) for _, owned in ranked[SUMMARY_OWNERS:])
        D.para(
            doc,
            f"The {SUMMARY_OWNERS} with the most actions; "
            f"{W.plural(len(ranked) - SUMMARY_OWNERS, 'more owner')} "
            f"{'has' if len(ranked) - SUMMARY_OWNERS == 1 else 'have'} "
            f"{W.plural(others, 'action')} in the action plan.",
        )
    for name, owned in ranked[:SUMMARY_OWNERS]:
        dues = [a.due for a in owned if a.due is not None]
        legal = sum(1 for a in owned if a.statutory)
        rows.append([name, len(owned), legal, W.date(min(dues)) if dues else "No date"])
    D.table(
        doc,
        ["Agency", "Actions", "For a legal duty", "Earliest due"],
        rows,
        widths_mm=[85, 20, 30, 35],
        caption="Agencies that must act",
    )


def domain_alt_text(result: ScoringResult) -> str:
    parts = [f"{d.title} {W.score(d.maturity)}" for d in result.domains]
    return (
        "Bar chart of maturity by domain on a scale of 0 (Not started) to 4 (Embedded): "
        + "; ".join(parts)
        + ". The same figures are in the table that follows."
    )


def _domains(doc: Any, result: ScoringResult) -> None:
    D.heading(doc, "Maturity by domain", 1).paragraph_format.page_break_before = True
    if not result.domains:
        D.para(doc, "No domain has answers yet.")
        return
    png = maturity_bars(
        [d.title for d in result.domains],
        [d.maturity for d in result.domains],
        title="Maturity by domain (0 to 4)",
    )
    D.picture(doc, png, width_mm=150, alt=domain_alt_text(result), title="Maturity by domain")
    D.para(doc, "The same figures as a table:")
    rows = [
        [
            d.title,
            W.score(d.maturity),
            d.label if d.maturity is not None else "-",
            W.score(d.assured_maturity),
            f"{d.answered} of {d.applicable}",
        ]
        for d in result.domains
    ]
    D.table(
        doc,
        ["Domain", "Maturity (0 to 4)", "Level", "Assured", "Answered"],
        rows,
        widths_mm=[62, 26, 30, 22, 30],
        caption="Maturity by domain",
    )


def legal_duty_rows(data: PartnershipReportInput) -> list[list[str]]:
    """Each legal duty that applies in the partnership's nation: in place or not, with the
    questions that test it and its source in the law."""
    result = data.result
    statuses: dict[str, list[str]] = {}
    for q in result.compliance.statutory_questions:
        for rid in q.requirement_ids:
            statuses.setdefault(rid, []).append(q.status)
    rows = []
    for duty in data.bundle.catalogue.legal_duties():
        if result.nation not in duty.nations:
            continue
        found = statuses.get(duty.id)
        if found:
            worst = min(found, key=lambda s: _STATUS_ORDER.get(s, 0))
            status = W.STATUS_WORDS.get(worst, worst)
        else:
            status = "Not tested by any question"
        rows.append([duty.title, status, duty.source])
    return rows


def _statutory(doc: Any, data: PartnershipReportInput) -> None:
    D.heading(doc, "Statutory position", 1)
    D.para(
        doc,
        "Each legal duty in the Act that applies to the partnership, whether it is in "
        "place, and where it comes from. A duty is only in place when every question "
        "that tests it is answered at Established or above, with evidence.",
    )
    D.table(
        doc,
        ["Legal duty", "Position", "Source"],
        legal_duty_rows(data),
        widths_mm=[80, 35, 55],
        caption="Statutory position: each legal duty",
    )


def _sna(doc: Any, result: ScoringResult) -> None:
    D.heading(doc, "Strategic needs assessment gaps", 1)
    coverage = (
        "not yet assessed" if result.sna.coverage is None else (f"{result.sna.coverage:.0f}%")
    )
    D.para(doc, coverage, bold_lead="Coverage of the strategic needs assessment: ")
    if result.sna.gaps:
        D.bullets(doc, [gap.text for gap in result.sna.gaps])
    else:
        D.para(doc, "No gaps found in the strategic needs assessment.")


def _disagreements(doc: Any, result: ScoringResult) -> None:
    D.heading(doc, "Disagreements to resolve", 1)
    if not result.disagreements:
        D.para(doc, "None: no two agencies are two or more levels apart on any question.")
        return
    D.para(
        doc,
        f"{W.plural(len(result.disagreements), 'question')} where agencies are two "
        "or more levels apart. Agree one answer at the next partnership meeting.",
    )
    rows = [
        [item.text, f"{item.spread:g}", "; ".join(f"{v.agency}: {v.label}" for v in item.views)]
        for item in result.disagreements
    ]
    D.table(
        doc,
        ["Question", "Levels apart", "What each agency said"],
        rows,
        widths_mm=[80, 20, 70],
        caption="Disagreements between agencies",
    )


def _action_plan(
    doc: Any,
    data: PartnershipReportInput,
    actions: list[StoredAction],
    agencies: dict[str, Agency],
) -> None:
    if not actions:  # nothing needs a wide page
        D.heading(doc, "Action plan", 1).paragraph_format.page_break_before = True
        D.para(doc, "There are no actions on the plan for this round.")
        _evidence(doc, data, actions)
        return
    D.landscape_section(doc)
    D.heading(doc, "Action plan", 1)
    D.para(
        doc,
        f"{W.plural(len(actions), 'action')}, most important first. Actions for a "
        "legal duty are marked.",
    )
    rows = []
    for number, action in enumerate(actions, start=1):
        rows.append(
            [
                number,
                action.text + (" (legal duty)" if action.statutory else ""),
                action.gap or "-",
                owner_name(action, agencies, data.bundle),
                action.lead_person or "-",
                W.short_date(action.due),
                action.status,
                W.RAG_WORDS.get(action.rag or "", "Not rated"),
            ]
        )
    D.table(
        doc,
        ["No.", "Action", "Gap", "Owner", "Lead", "Due", "Status", "RAG"],
        rows,
        widths_mm=[10, 75, 54, 35, 22, 19, 21, 21],
        caption="Action plan",
        size=8,
    )
    _evidence(doc, data, actions)
    D.portrait_section(doc)


def evidence_rows(
    what_works: WhatWorks, actions: list[StoredAction]
) -> list[tuple[int, StoredAction, list[Any]]]:
    """(action number, action, evidence) for actions that the evidence speaks to."""
    out = []
    for number, action in enumerate(actions, start=1):
        found = what_works.for_action(action.id, action.question_id, action.text)
        if found:
            out.append((number, action, found))
    return out


def _evidence(doc: Any, data: PartnershipReportInput, actions: list[StoredAction]) -> None:
    D.heading(doc, "What the evidence says", 2)
    if data.what_works is None:
        D.para(doc, "The ratings of what works were not available when this report was made.")
        return
    what_works = data.what_works
    found = evidence_rows(what_works, actions)
    if not found:
        D.para(doc, "No action on the plan relates to an approach rated in the evidence.")
        return
    D.para(doc, W.EVIDENCE_NOTE)
    for number, _action, evidence in found:
        for item in evidence:
            if item.flagged:
                D.para(doc, f"Action {number}: {item.flag_text(what_works)}", bold_lead="Warning. ")
    rows = []
    for number, _action, evidence in found:
        for item in evidence:
            approach = item.approach
            rating = approach.impact_short()
            if item.flagged:
                rating = "HARMFUL: named in this action"
            rows.append(
                [
                    number,
                    approach.name,
                    rating,
                    approach.evidence_short(),
                    f"{approach.source.title}: {approach.source.url} (checked "
                    f"{W.date(approach.checked)})",
                ]
            )
    D.table(
        doc,
        [
            "Action no.",
            "Approach",
            "Estimated impact on violence",
            "Confidence in the estimate",
            "Source",
        ],
        rows,
        widths_mm=[18, 50, 45, 40, 104],
        caption="What the evidence says",
        size=8,
    )


def _changes(doc: Any, data: PartnershipReportInput) -> None:
    D.heading(doc, "Change since the last round", 1)
    previous = data.previous
    if previous is None:
        D.para(
            doc,
            "This is the partnership's first assessed round, so there is nothing to "
            "compare with yet.",
        )
        return
    before, now = previous.result, data.result
    D.para(
        doc,
        f"{previous.label} to {data.round.label}. Compliance band: "
        f"{before.compliance.band} then, {now.compliance.band} now.",
    )
    old = {d.id: d.maturity for d in before.domains}
    rows = [
        [
            "Overall",
            W.score(before.overall.maturity),
            W.score(now.overall.maturity),
            W.change(now.overall.maturity, before.overall.maturity),
        ]
    ]
    for domain in now.domains:
        was = old.get(domain.id)
        rows.append(
            [domain.title, W.score(was), W.score(domain.maturity), W.change(domain.maturity, was)]
        )
    D.table(
        doc,
        ["Area", previous.label, data.round.label, "Change"],
        rows,
        widths_mm=[75, 30, 30, 35],
        caption="Change since the last round",
    )


def _method(doc: Any, data: PartnershipReportInput) -> None:
    D.heading(doc, "How the scores are worked out", 1)
    for paragraph in METHOD_NOTE:
        D.para(doc, paragraph)
    if data.what_works is not None:
        D.para(doc, W.EVIDENCE_NOTE)
