"""Content codes turned into the words people read (pure: content in, text out).

A requirement code such as ``SVD-PART-01`` becomes its title and where it comes from ("Work
together to prevent and reduce serious violence (PCSC Act 2022 s.8(1)-(2))"), a role id its
name. Pages and exporters call these instead of showing a code; the code itself belongs only
in a tooltip or a details column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from readiness.bundle import ContentBundle

_LINK = re.compile(r",?\s*https?://\S+")


def short_source(source: str) -> str:
    """The first reference of a requirement's ``source``, without web addresses:
    "Statutory guidance para 4; PCSC Act 2022 Schedule 1" -> "Statutory guidance para 4"."""
    first = source.split(";", 1)[0]
    return _LINK.sub("", first).strip().rstrip(",.").strip()


def requirement_words(bundle: ContentBundle, requirement_id: str) -> str:
    """ "Title (source)"; an unknown code is returned as it is (content validation stops
    unknown codes at load time, so this is only a safety net)."""
    requirement = bundle.requirements.get(requirement_id)
    if requirement is None:
        return requirement_id
    source = short_source(requirement.source)
    return f"{requirement.title} ({source})" if source else requirement.title


def requirements_words(bundle: ContentBundle, requirement_ids: Iterable[str]) -> str:
    """Several requirements in words, one after another, separated by semicolons."""
    return "; ".join(requirement_words(bundle, rid) for rid in requirement_ids)


def role_words(bundle: ContentBundle, role_id: str) -> str:
    """A role's name ("Police", "Integrated Care Board"); an unknown id as it is."""
    role = bundle.role_by_id.get(role_id)
    return role.name if role is not None else role_id
