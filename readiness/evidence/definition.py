"""The partnership's serious violence definition, and the documented default.

The Serious Violence Duty lets each partnership decide what counts as serious violence. The
default follows the 2018 Serious Violence Strategy core and data-formats.md section 3.3:
homicide, violence with injury, robbery and possession of weapons (Home Office codes), plus
any record with a knife or firearm. With only data.police.uk categories the best available
proxy is Violence and sexual offences, Robbery and Possession of weapons, and the profile says
plainly that this over-counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from readiness.evidence._frame import category_flags
from readiness.evidence.schema import HEALTH_SOURCES

DEFAULT_OFFENCE_CODES = frozenset(
    {
        # Homicide
        "1", "4.1", "4.2", "4.10",
        # Violence with injury
        "2", "5D", "5E", "8N", "8P", "8S", "4.7", "4.3",
        # Robbery
        "34A", "34B",
        # Possession of weapons
        "10A", "10B", "10C", "10D", "81", "90",
    }
)
DEFAULT_CATEGORIES = frozenset({"homicide", "violence_with_injury", "robbery", "weapon_possession"})
DEFAULT_POLICE_UK = frozenset({"Violence and sexual offences", "Robbery", "Possession of weapons"})
SERIOUS_WEAPONS = frozenset({"knife_sharp", "firearm", "corrosive"})


class SeriousViolenceDefinition(BaseModel):
    """What counts as serious violence for one partnership."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = "core-sv"
    version: int = Field(default=1, ge=1)
    name: str = "Core serious violence (default)"
    description: str = (
        "Homicide, violence with injury, robbery and possession of weapons (Home Office offence "
        "codes), plus any offence where a knife, firearm or corrosive substance was involved. "
        "Based on the 2018 Serious Violence Strategy."
    )
    offence_codes: frozenset[str] = DEFAULT_OFFENCE_CODES
    categories: frozenset[str] = DEFAULT_CATEGORIES
    police_uk_categories: frozenset[str] = DEFAULT_POLICE_UK
    include_serious_weapon_flag: bool = True
    weapon_only: bool = False
    under_25_only: bool = False
    include_domestic_abuse: bool = True


DEFAULT_DEFINITION = SeriousViolenceDefinition()


def proxy_statement(definition: SeriousViolenceDefinition) -> str:
    cats = ", ".join(sorted(definition.police_uk_categories))
    return (
        "This is a proxy. data.police.uk only gives 14 broad crime categories, so serious "
        f"violence is counted here as: {cats}. 'Violence and sexual offences' also includes "
        "common assault, harassment, stalking and sexual offences, so these figures over-count "
        "serious violence. Upload a force extract with Home Office offence codes for a count "
        f"that matches your definition ({definition.name})."
    )


def is_proxy(frame: pd.DataFrame) -> bool:
    """True when the police rows are all from data.police.uk street files."""
    if "source_type" not in frame or not len(frame):
        return False
    types = set(frame["source_type"].astype(str).unique())
    return "police_street" in types and "police_extract" not in types


def _flag(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    values: np.ndarray = frame[column].fillna(False).to_numpy(dtype=bool)
    return values


def serious_violence_mask(frame: pd.DataFrame, definition: SeriousViolenceDefinition) -> np.ndarray:
    """A boolean array: which rows count as serious violence (health rows: which assaults)."""
    n = len(frame)
    if n == 0:
        return np.zeros(0, dtype=bool)
    source = frame["source_type"]
    street = category_flags(source, lambda s: s == "police_street")
    health = category_flags(source, lambda s: s in HEALTH_SOURCES)
    mask: np.ndarray = street & category_flags(frame["category_raw"],
                                   lambda s: s in definition.police_uk_categories)
    other = ~street & ~health
    if other.any():
        by_code = np.zeros(n, dtype=bool)
        has_code = np.zeros(n, dtype=bool)
        if "offence_code" in frame:
            codes = {c.upper() for c in definition.offence_codes}
            by_code = category_flags(frame["offence_code"], lambda s: s.strip().upper() in codes)
            has_code = category_flags(frame["offence_code"], lambda s: bool(s.strip()))
        by_cat = category_flags(frame["category_std"], lambda s: s in definition.categories)
        mask |= other & np.where(has_code, by_code, by_cat)
    mask |= health
    weapon = np.zeros(n, dtype=bool)
    if "weapon_std" in frame:
        weapon = category_flags(frame["weapon_std"], lambda s: s in SERIOUS_WEAPONS)
        if definition.include_serious_weapon_flag:
            mask |= weapon & ~street & ~category_flags(frame["category_std"],
                                                       lambda s: s == "asb")
    if definition.weapon_only:
        mask &= weapon
    if definition.under_25_only:
        mask &= _flag(frame, "under_25")
    if not definition.include_domestic_abuse:
        mask &= ~_flag(frame, "domestic_abuse")
    return mask
