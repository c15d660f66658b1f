"""Who owns an action, in the words shown on the action plan page and in the Excel plan.

One function, so that the page and the workbook always say the same thing: the owner agency's
name when one is chosen; otherwise the role the action belongs to, saying that no agency has
been chosen for it yet; or "No owner yet" for an action with neither.
"""

from __future__ import annotations

from collections.abc import Mapping

NO_OWNER = "No owner yet"
NO_AGENCY = "no agency chosen yet"


def owner_words(
    owner_agency_id: str | None,
    owner_role: str | None,
    agencies: Mapping[str, str],
    roles: Mapping[str, str],
) -> str:
    """The owner in words: "Anytown Police", "Partnership lead (no agency chosen yet)" or
    "No owner yet".

    ``agencies`` and ``roles`` map ids to names (the partnership's member agencies, the
    roles of the questionnaire).
    """
    if owner_agency_id is not None and owner_agency_id in agencies:
        return agencies[owner_agency_id]
    if owner_role:
        return f"{roles.get(owner_role, owner_role)} ({NO_AGENCY})"
    return NO_OWNER
