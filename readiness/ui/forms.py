"""Checks on the set-up and action forms, with GOV.UK-style messages (pure: no Streamlit).

Each check returns ``{field key: message}`` in the order the fields appear on the page, so the
error summary lists problems top to bottom and each message can be shown beside its field.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readiness.models import RoleVocabulary

MAX_AGENCY_ROWS = 8
ROUND_LABEL = re.compile(r"^\S.{0,39}$")


@dataclass(frozen=True)
class AgencyRow:
    name: str
    role_id: str | None


def split_lines(text: str) -> list[str]:
    """Lines of a text area, trimmed, blanks and repeats dropped, order kept."""
    seen: list[str] = []
    for line in text.replace(",", "\n").splitlines():
        item = line.strip()
        if item and item.lower() not in (s.lower() for s in seen):
            seen.append(item)
    return seen


def check_partnership(
    *,
    name: str,
    region: str,
    areas: Sequence[str],
    nation: str | None,
    taken_names: Sequence[str] = (),
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the partnership name"
    elif len(name.strip()) > 200:
        errors["name"] = "Partnership name must be 200 characters or fewer"
    elif name.strip().lower() in (t.lower() for t in taken_names):
        errors["name"] = f"A partnership called {name.strip()} already exists: choose another name"
    if not region.strip():
        errors["region"] = "Enter the region (the Violence Reduction Unit or Network area)"
    if not areas:
        errors["areas"] = "Enter at least one local government area"
    if nation not in ("england", "wales"):
        errors["nation"] = "Select England or Wales"
    return errors


def check_agencies(
    rows: Sequence[AgencyRow], nation: str | None, roles: RoleVocabulary
) -> dict[str, str]:
    """Rows are numbered from 1; the first row is the lead agency and is required."""
    errors: dict[str, str] = {}
    by_id = roles.by_id()
    names: list[str] = []
    for number, row in enumerate(rows, start=1):
        who = "the lead agency" if number == 1 else f"agency {number}"
        name = row.name.strip()
        if not name and row.role_id is None:
            if number == 1:
                errors["agency.1.name"] = "Enter the name of the lead agency"
            continue
        if not name:
            errors[f"agency.{number}.name"] = f"Enter the name of {who}"
        elif name.lower() in names:
            errors[f"agency.{number}.name"] = f"{name} is listed twice: enter each agency once"
        names.append(name.lower())
        if row.role_id is None:
            errors[f"agency.{number}.role"] = f"Select the role of {who}"
        elif row.role_id in by_id and nation in ("england", "wales"):
            role = by_id[row.role_id]
            if nation not in role.nations:
                place = " and ".join(n.capitalize() for n in role.nations)
                errors[f"agency.{number}.role"] = (
                    f"{role.name} is only used in {place}: select another role for {who}"
                )
    return errors


def check_new_member(
    name: str, role_id: str | None, nation: str, roles: RoleVocabulary, members: Sequence[str]
) -> dict[str, str]:
    """Adding one agency to an existing partnership."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the name of the agency"
    elif name.strip().lower() in (m.lower() for m in members):
        errors["name"] = f"{name.strip()} is already a member of this partnership"
    if role_id is None:
        errors["role"] = "Select the role of the agency"
    else:
        role = roles.by_id().get(role_id)
        if role is not None and nation not in role.nations:
            place = " and ".join(n.capitalize() for n in role.nations)
            errors["role"] = f"{role.name} is only used in {place}: select another role"
    return errors


def check_round(
    *, label: str, as_of: dt.date | None, taken_labels: Sequence[str] = ()
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not label.strip():
        errors["label"] = "Enter the round label, for example 2026/27"
    elif not ROUND_LABEL.match(label.strip()):
        errors["label"] = "Round label must be 40 characters or fewer"
    elif label.strip().lower() in (t.lower() for t in taken_labels):
        errors["label"] = f"There is already a round called {label.strip()}: choose another label"
    if as_of is None:
        errors["as_of"] = "Enter the assessment date"
    return errors


def check_action(
    *, text: str, due: dt.date | None, earliest: dt.date | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Enter what needs to be done"
    if due is not None and earliest is not None and due < earliest:
        errors["due"] = f"Due date must be on or after {earliest:%d %B %Y}"
    return errors


def ordered(errors: Mapping[str, str]) -> list[str]:
    return list(errors.values())
