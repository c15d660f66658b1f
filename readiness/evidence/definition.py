"""The partnership's serious violence definition, and the documented default.

The Serious Violence Duty lets each partnership decide what counts as serious violence. The
default follows the 2018 Serious Violence Strategy core and data-formats.md section 3.3:
homicide, violence with injury, robbery and possession of weapons (Home Office codes), plus
any record with a knife or firearm. With only data.police.uk categories the best available
proxy is Violence and sexual offences, Robbery and Possession of weapons, and the profile says
plainly that this over-counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from readiness.evidence._frame import category_flags
from readiness.evidence.schema import HEALTH_SOURCES

DEFAULT_OFFENCE_CODES = frozenset(
    {
        # Homicide
        "1",
        "4.1",
        "4.2",
        "4.10",
        # Violence with injury
        "2",
        "5D",
        "5E",
        "8N",
        "8P",
        "8S",
        "4.7",
        "4.3",
        # Robbery
        "34A",
        "34B",
        # Possession of weapons
        "10A",
        "10B",
        "10C",
        "10D",
        "81",
        "90",
    }
)
DEFAULT_CATEGORIES = frozenset({"homicide", "violence_with_injury", "robbery", "weapon_possession"})
DEFAULT_POLICE_UK = frozenset({"Violence and sexual offences", "Robbery", "Possession of weapons"})
SERIOUS_WEAPONS = frozenset({"knife_sharp", "firearm", "corrosive"})

#: The harmonised categories a definition can count (for force extracts without offence codes).
CATEGORY_LABELS: dict[str, str] = {
    "homicide": "Homicide",
    "violence_with_injury": "Violence with injury",
    "violence_without_injury": "Violence without injury",
    "stalking_harassment": "Stalking and harassment",
    "sexual_offences": "Sexual offences",
    "robbery": "Robbery",
    "weapon_possession": "Possession of weapons",
    "public_order": "Public order offences",
}
#: The 14 crime types data.police.uk publishes (data-formats.md section 1.3).
POLICE_UK_CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
#: A Home Office offence code: a number, an optional decimal part, an optional letter
#: ("1", "4.10", "5D", "105A", "34B").
HO_CODE = re.compile(r"^\d{1,3}(\.\d{1,2})?[A-Z]?$")
LOCAL_ID = "local"


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

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("Enter a name for the definition")
        if len(value) > 80:
            raise ValueError("The name must be 80 characters or fewer")
        return value

    @field_validator("offence_codes")
    @classmethod
    def _codes(cls, value: frozenset[str]) -> frozenset[str]:
        codes = frozenset(c.strip().upper() for c in value if c.strip())
        bad = sorted(c for c in codes if not HO_CODE.match(c))
        if bad:
            what = (
                "is not a Home Office offence code"
                if len(bad) == 1
                else "are not Home Office offence codes"
            )
            raise ValueError(f"{', '.join(bad)} {what}: use codes like 1, 4.10, 5D or 105A")
        return codes

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: frozenset[str]) -> frozenset[str]:
        unknown = sorted(value - set(CATEGORY_LABELS))
        if unknown:
            raise ValueError(
                f"Unknown categories: {', '.join(unknown)}. Choose from "
                f"{', '.join(CATEGORY_LABELS)}"
            )
        return value

    @field_validator("police_uk_categories")
    @classmethod
    def _police_uk(cls, value: frozenset[str]) -> frozenset[str]:
        unknown = sorted(value - set(POLICE_UK_CRIME_TYPES))
        if unknown:
            what = (
                "is not a data.police.uk crime type"
                if len(unknown) == 1
                else "are not data.police.uk crime types"
            )
            raise ValueError(f"{', '.join(unknown)} {what}")
        if not value:
            raise ValueError(
                "Choose at least one data.police.uk crime type, so police.uk data can be counted"
            )
        return value

    @model_validator(mode="after")
    def _something_counts(self) -> SeriousViolenceDefinition:
        if not self.categories and not self.offence_codes:
            raise ValueError(
                "Choose at least one category or enter at least one Home Office "
                "offence code, so force extracts can be counted"
            )
        return self


DEFAULT_DEFINITION = SeriousViolenceDefinition()

#: Form field -> the model field it fills (the order the fields appear on the page).
FORM_FIELDS = ("name", "description", "categories", "offence_codes", "police_uk_categories")


def definition_from_form(
    *,
    name: str,
    description: str,
    categories: Iterable[str],
    offence_codes: str,
    police_uk_categories: Iterable[str],
    include_serious_weapon_flag: bool,
    weapon_only: bool,
    under_25_only: bool,
    include_domestic_abuse: bool,
    version: int,
) -> tuple[SeriousViolenceDefinition | None, dict[str, str]]:
    """A partnership's own definition from the form, or ``{field: message}`` saying what to
    fix (in the order of :data:`FORM_FIELDS`; ``"definition"`` for the whole form)."""
    categories = list(categories)
    codes = [c for c in re.split(r"[\s,;]+", offence_codes) if c]
    try:
        definition = SeriousViolenceDefinition(
            id=LOCAL_ID,
            version=version,
            name=name,
            description=description.strip(),
            categories=frozenset(categories),
            offence_codes=frozenset(codes),
            police_uk_categories=frozenset(police_uk_categories),
            include_serious_weapon_flag=include_serious_weapon_flag,
            weapon_only=weapon_only,
            under_25_only=under_25_only,
            include_domestic_abuse=include_domestic_abuse,
        )
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "definition"
            message = str(error["msg"]).removeprefix("Value error, ")
            errors.setdefault(field, message)
        if not list(categories) and not codes:
            errors.setdefault(
                "categories",
                "Choose at least one category or enter at least one "
                "Home Office offence code, so force extracts can be counted",
            )
        ordered = {f: errors[f] for f in (*FORM_FIELDS, "definition") if f in errors}
        return None, ordered or errors
    return definition, {}


def describe_definition(definition: SeriousViolenceDefinition) -> list[tuple[str, str]]:
    """The definition as (what, value) lines, in words, for the page and the annex."""
    codes = ", ".join(sorted(definition.offence_codes, key=_code_order)) or "none"
    categories = (
        ", ".join(CATEGORY_LABELS[c] for c in CATEGORY_LABELS if c in definition.categories)
        or "none"
    )
    police_uk = ", ".join(t for t in POLICE_UK_CRIME_TYPES if t in definition.police_uk_categories)
    filters = [
        "Any offence involving a knife, firearm or corrosive substance also counts"
        if definition.include_serious_weapon_flag
        else "",
        "Only offences involving a weapon" if definition.weapon_only else "",
        "Only offences where the victim or suspect is under 25" if definition.under_25_only else "",
        "Domestic abuse offences are left out" if not definition.include_domestic_abuse else "",
    ]
    return [
        ("Name", f"{definition.name} (version {definition.version})"),
        ("Description", definition.description or "None given"),
        ("Home Office offence codes", codes),
        ("Categories (force extracts without codes)", categories),
        ("data.police.uk crime types (a proxy)", police_uk),
        ("Other rules", "; ".join(f for f in filters if f) or "None"),
    ]


def _code_order(code: str) -> tuple[int, str]:
    match = re.match(r"\d+", code)
    return (int(match.group()) if match else 0, code)


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
    mask: np.ndarray = street & category_flags(
        frame["category_raw"], lambda s: s in definition.police_uk_categories
    )
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
            mask |= weapon & ~street & ~category_flags(frame["category_std"], lambda s: s == "asb")
    if definition.weapon_only:
        mask &= weapon
    if definition.under_25_only:
        mask &= _flag(frame, "under_25")
    if not definition.include_domestic_abuse:
        mask &= ~_flag(frame, "domestic_abuse")
    return mask
