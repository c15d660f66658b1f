"""Reading an updated action plan: the editable columns checked, the fixed ones compared with
the plan the tool would write, and the actions that would change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.bundle import ContentBundle
from readiness.excel import layout as L
from readiness.excel.cells import (
    FRESH,
    AnyCell,
    Choices,
    Collector,
    OpenedWorkbook,
    cell_text,
    check_sheet,
    choices_of,
    keyed_rows,
    no_formula,
    read_choice,
    ref,
)
from readiness.excel.changes import (
    ActionChange,
    FieldChange,
)
from readiness.excel.metadata import (
    RowStamp,
    fingerprint,
)
from readiness.excel.plan import FIXED_COLUMNS, fixed_cells, fixed_values, plan_row
from readiness.excel.source import WorkbookSource
from readiness.store.records import ActionEdit, StoredAction

# --------------------------------------------------------------------------- action plan


def plan_changes(
    opened: OpenedWorkbook, bundle: ContentBundle, source: WorkbookSource, out: Collector
) -> list[ActionChange]:
    ws = check_sheet(opened.workbook, L.PLAN, L.PLAN_HEADERS, out)
    if ws is None:
        return []
    stamps = opened.meta.stamps(L.PLAN)
    plan = _Plan(
        bundle=bundle,
        actions={a.id: a for a in source.actions},
        agencies={a.id: a for a in source.agencies},
        statuses=choices_of([(s, s) for s in L.STATUS_CHOICES]),
        rags=choices_of([(r, r) for r in L.RAG_CHOICES]),
    )
    changes: list[ActionChange] = []
    seen: set[str] = set()
    for row, (action_id,), cells in keyed_rows(ws, (L.P_REF,), out):
        if not _known_once(row, action_id, stamps, seen, out):
            continue
        seen.add(action_id)
        stamp = stamps[action_id]
        editable = _read_row(plan, row, action_id, cells, stamp=stamp, out=out)
        if editable is None or fingerprint(*editable) == stamp.fingerprint:
            continue
        change = _change(
            plan.actions.get(action_id), action_id, row, editable, stamp=stamp, out=out
        )
        if change is not None:
            changes.append(change)
    for action_id in stamps:
        if action_id not in seen:
            out.add(
                L.PLAN,
                None,
                f"The row for action '{action_id}' is missing. Do not delete rows from the plan; "
                "to take an action off the plan, do it in the tool.",
            )
    return changes


@dataclass(frozen=True)
class _Plan:
    """What reading the plan's rows needs: the content, the stored plan and the choices."""

    bundle: ContentBundle
    actions: Mapping[str, StoredAction]
    agencies: dict[str, Any]
    statuses: Choices
    rags: Choices


_Editable = tuple[str, dt.date | None, str, str, str]
"""A row's editable cells: lead, due date, status, RAG, notes."""


def _known_once(
    row: int, action_id: str, stamps: Mapping[str, RowStamp], seen: set[str], out: Collector
) -> bool:
    """The row's action was in the downloaded plan and has not appeared already."""
    if action_id not in stamps:
        out.add(
            L.PLAN,
            ref(L.P_REF, row),
            f"Row {row} (reference '{action_id}') was not in the plan when it was downloaded. "
            "Add new actions in the tool, and do not change the Reference column.",
        )
        return False
    if action_id in seen:
        out.add(
            L.PLAN,
            ref(L.P_REF, row),
            f"Action '{action_id}' appears twice. Delete the extra row.",
        )
        return False
    return True


def _read_row(
    plan: _Plan,
    row: int,
    action_id: str,
    cells: Sequence[AnyCell],
    *,
    stamp: RowStamp,
    out: Collector,
) -> _Editable | None:
    """The row's editable cells, or None when any cell has a problem (each one reported)."""
    ok = True
    for column in (L.P_LEAD, L.P_NOTES, *FIXED_COLUMNS):
        ok = no_formula(cells[column - 1], L.PLAN, out) and ok
    lead = L.canonical_text(cell_text(cells[L.P_LEAD - 1].value))
    notes = L.canonical_text(cell_text(cells[L.P_NOTES - 1].value))
    due_ok, due = _due(cells[L.P_DUE - 1], out)
    status_ok, status = read_choice(cells[L.P_STATUS - 1], L.PLAN, plan.statuses, "a status", out)
    rag_ok, rag = read_choice(cells[L.P_RAG - 1], L.PLAN, plan.rags, "Red, Amber or Green", out)
    if status_ok and status is None:
        out.add(
            L.PLAN,
            ref(L.P_STATUS, row),
            "Choose a status from the list: " + ", ".join(L.STATUS_CHOICES) + ".",
        )
        status_ok = False
    typed = [c.value for c in cells[: len(L.PLAN_HEADERS)]]
    written = fixed_values(
        [v if not isinstance(v, float) or not v.is_integer() else int(v) for v in typed]
    )
    if fixed_cells(written) != stamp.fixed:
        current = plan.actions.get(action_id)
        _fixed_problem(plan.bundle, row, typed, current=current, agencies=plan.agencies, out=out)
        ok = False
    if not (ok and due_ok and status_ok and rag_ok):
        return None
    return (lead, due, status or "", rag or "", notes)


def _change(
    current: StoredAction | None,
    action_id: str,
    row: int,
    editable: _Editable,
    *,
    stamp: RowStamp,
    out: Collector,
) -> ActionChange | None:
    """The change a row makes to its action, or None (no change, or a problem reported)."""
    if current is None or not current.is_current:
        out.add(
            L.PLAN,
            ref(L.P_REF, row),
            f"Action '{action_id}' is no longer on the plan in the tool, so it cannot be "
            f"updated. {FRESH}",
        )
        return None
    lead, due, status, rag, notes = editable
    fields = _action_fields(current, lead=lead, due=due, status=status, rag=rag, notes=notes)
    if not fields:
        return None
    if current.revision != stamp.revision:
        out.add(
            L.PLAN,
            ref(L.P_REF, row),
            f"{current.updated_by} changed action '{action_id}' in the tool on "
            f"{current.updated_at.strftime('%d/%m/%Y at %H:%M')}, after this workbook was "
            "downloaded. To avoid overwriting their change, download a fresh copy.",
        )
        return None
    edit = ActionEdit.model_validate({name: value for name, value, _, _ in fields})
    return ActionChange(
        action_id=action_id,
        action_text=current.text,
        cell=ref(L.P_REF, row),
        expected_revision=current.revision,
        edit=edit,
        fields=[
            FieldChange(field=label, old=old, new=new)
            for _, _, label, (old, new) in ((f[0], f[1], f[2], f[3]) for f in fields)
        ],
    )


def _due(cell: AnyCell, out: Collector) -> tuple[bool, dt.date | None]:
    if not no_formula(cell, L.PLAN, out):
        return False, None
    raw = cell.value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return True, None
    if isinstance(raw, dt.datetime):
        return True, raw.date()
    if isinstance(raw, dt.date):
        return True, raw
    out.add(
        L.PLAN,
        cell.coordinate,
        f"The due date holds '{raw}', which is not a date. Enter a date, for example 31/03/2027 "
        "(check the cell is not formatted as text).",
    )
    return False, None


def _date_text(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _action_fields(
    current: StoredAction, *, lead: str, due: dt.date | None, status: str, rag: str, notes: str
) -> list[tuple[str, Any, str, tuple[str, str]]]:
    """(edit field, new value, label, (old shown, new shown)) for each field that changes."""
    fields: list[tuple[str, Any, str, tuple[str, str]]] = []
    if L.canonical_text(current.lead_person) != lead:
        fields.append(("lead_person", lead, "Lead", (current.lead_person, lead)))
    if current.due != due:
        fields.append(("due", due, "Due date", (_date_text(current.due), _date_text(due))))
    if current.status != status:
        fields.append(("status", status, "Status", (current.status, status)))
    if (current.rag or "") != rag:
        fields.append(("rag", rag or None, "RAG", (current.rag or "", rag)))
    if L.canonical_text(current.notes) != notes:
        fields.append(("notes", notes, "Notes", (current.notes, notes)))
    return fields


def _fixed_problem(
    bundle: ContentBundle,
    row: int,
    typed: Sequence[object],
    *,
    current: StoredAction | None,
    agencies: dict[str, Any],
    out: Collector,
) -> None:
    editable = "Lead, Due date, Status, RAG and Notes"
    if current is not None:
        expected = plan_row(bundle, current, agencies)
        for column in FIXED_COLUMNS:
            got, want = typed[column - 1], expected[column - 1]
            if isinstance(got, float) and got.is_integer():
                got = int(got)
            if L.canonical_text(cell_text(got)) != L.canonical_text(cell_text(want)):
                out.add(
                    L.PLAN,
                    ref(column, row),
                    f"The {L.PLAN_HEADERS[column - 1]} column cannot be changed in the workbook "
                    f"(only {editable}). Put back '{cell_text(want)}', or make the change in "
                    "the tool.",
                )
                return
    out.add(
        L.PLAN,
        ref(L.P_REF, row),
        f"Only the {editable} columns can be changed in the workbook, but another cell in row "
        f"{row} was changed. Put it back, or download a fresh copy.",
    )
