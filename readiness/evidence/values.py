"""Turning the text of one mapped column into canonical values: dates and months, offence
categories, weapons, yes/no flags, age bands and suppressed counts (used by
:mod:`readiness.evidence.mapping`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from readiness.evidence.errors import EvidenceInputError

SUPPRESSED_MARKERS = {"*", "c", "x", "<5", "< 5", "<10", "suppressed", "[c]", "[x]", "~"}
_TRUE = {"y", "yes", "true", "1", "t"}
_FALSE = {"n", "no", "false", "0", "f"}
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
)
MONTH_FORMATS = ("%Y-%m", "%Y-%m-%d", "%b %Y", "%B %Y", "%m/%Y", "%d/%m/%Y", "%b-%y", "%Y%m")
#: Home Office code -> harmonised category (data-formats.md section 3.2).
HO_CODE_CATEGORY: dict[str, str] = {
    **dict.fromkeys(["1", "4.1", "4.2", "4.10"], "homicide"),
    **dict.fromkeys(["2", "5D", "5E", "8N", "8P", "8S", "4.7", "4.3"], "violence_with_injury"),
    **dict.fromkeys(
        ["105A", "105B", "104", "3A", "3B", "11A", "13", "36", "106", "14"],
        "violence_without_injury",
    ),
    **dict.fromkeys(["8L", "8M", "8Q", "8R"], "stalking_harassment"),
    **dict.fromkeys(
        [
            "19C",
            "19D",
            "19E",
            "19F",
            "19G",
            "19H",
            "17A",
            "17B",
            "20A",
            "20B",
            "21",
            "22A",
            "22B",
            "23",
            "70",
            "71",
            "72",
            "73",
            "88A",
            "88C",
            "88D",
            "88E",
        ],
        "sexual_offences",
    ),
    **dict.fromkeys(["34A", "34B"], "robbery"),
    **dict.fromkeys(["10A", "10B", "10C", "10D", "81", "90"], "weapon_possession"),
    **dict.fromkeys(["9A", "9B", "62A", "66"], "public_order"),
}
_CATEGORY_WORDS = (
    ("homicide", ("murder", "manslaughter", "homicide")),
    ("robbery", ("robbery",)),
    (
        "weapon_possession",
        (
            "possession of weapon",
            "possession of an article",
            "offensive weapon",
            "possession of firearm",
        ),
    ),
    ("stalking_harassment", ("stalking", "harassment", "malicious communication")),
    ("sexual_offences", ("rape", "sexual")),
    (
        "violence_with_injury",
        ("with injury", "gbh", "grievous", "abh", "actual bodily", "wounding", "attempted murder"),
    ),
    ("violence_without_injury", ("without injury", "common assault", "threats to kill")),
    ("public_order", ("public order", "violent disorder", "affray")),
    ("asb", ("anti-social", "antisocial")),
)
_WEAPON_WORDS = (
    ("none", ("no weapon", "none")),
    ("knife_sharp", ("knife", "blade", "sharp", "stab", "machete", "sword", "scissors")),
    ("firearm", ("gun", "firearm", "shot", "shooting", "pistol", "rifle")),
    ("corrosive", ("acid", "corrosive", "noxious", "ammonia")),
    ("glass_bottle", ("glass", "bottle")),
    ("blunt", ("blunt", "bat", "club", "hammer", "stick", "bar", "brick")),
    (
        "body_part",
        ("fist", "foot", "feet", "punch", "kick", "hand", "body", "head", "bite", "unarmed"),
    ),
    ("unknown", ("unknown", "not known", "not recorded")),
)


def parse_dates(
    name: str, label: str, values: pd.Series, formats: Sequence[str]
) -> tuple[pd.Series, np.ndarray]:
    """Parse each value with the first format that fits; also returns, per row, whether the
    value carried a time. Blank values stay NaT; any other unparseable value is an error."""
    text = values.astype(str).str.strip().reset_index(drop=True)
    filled = text != ""
    if not filled.any():
        raise EvidenceInputError(f"The {label} column in {name} is empty on every row.")
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    timed = np.zeros(len(text), dtype=bool)
    todo = filled.to_numpy().copy()
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        ok = parsed.notna()
        index = parsed.index[ok.to_numpy()]
        out[index] = parsed[ok]
        if "%H" in fmt:
            timed[index] = True
        todo[index] = False
    if todo.any():
        first_bad = int(np.argmax(todo))
        raise EvidenceInputError(
            f"Row {first_bad + 2} of {name} has the {label} {text[first_bad]!r}, which is not a "
            "date this tool recognises. Use a date like 2024-03-31 or 31/03/2024 (with a time "
            "like 22:15 if known)."
        )
    return out, timed


def weapon_std(text: str) -> str:
    value = text.casefold().strip()
    if not value:
        return "unknown"
    for std, words in _WEAPON_WORDS:
        if any(w in value for w in words):
            return std
    return "other"


def category_std(code: str, text: str, default: str) -> str:
    if code.strip().upper() in HO_CODE_CATEGORY:
        return HO_CODE_CATEGORY[code.strip().upper()]
    value = text.casefold()
    for std, words in _CATEGORY_WORDS:
        if any(w in value for w in words):
            return std
    return default


def pair_std(pair: str, default: str) -> str:
    code, _, text = pair.partition("\x1f")
    return category_std(code, text, default)


def yes_no(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip().str.casefold()
    out = pd.Series(pd.array([pd.NA] * len(text), dtype="boolean"), index=values.index)
    out[text.isin(_TRUE)] = True
    out[text.isin(_FALSE)] = False
    return out


def under_25(values: pd.Series) -> pd.Series:
    def one(text: str) -> bool | None:
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if not numbers:
            return None
        upper = numbers[-1] if len(numbers) > 1 else numbers[0]
        if "+" in text or "over" in text.casefold():
            return False
        return upper < 25

    return per_value(values.astype(str), one, "boolean")


def per_value(values: pd.Series, func: Callable[[str], object], dtype: str) -> pd.Series:
    """``func`` applied once per distinct value and spread back to every row."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    results = pd.Series([func(str(u)) for u in uniques], dtype=dtype)
    return pd.Series(results.array.take(codes), index=values.index)


def parse_counts(name: str, column: str, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = values.astype(str).str.strip()
    suppressed = text.str.casefold().isin(SUPPRESSED_MARKERS).to_numpy()
    numbers = pd.to_numeric(text.where(~suppressed, "0").str.replace(",", ""), errors="coerce")
    bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0)
    if bad.any():
        position = int(np.argmax(bad.to_numpy()))
        raise EvidenceInputError(
            f"Row {position + 2} of {name} has {text.iloc[position]!r} in the {column} column, "
            "which is not a whole number of incidents (or a suppression mark such as *)."
        )
    ints = numbers.to_numpy(dtype=np.int64)
    counts = pd.Series(pd.arrays.IntegerArray(ints, suppressed.copy()), index=values.index)
    return counts, suppressed
