"""What works: approaches rated by authoritative evidence reviews, linked to actions.

The content lives in ``questionnaires/what-works.yaml`` (kind ``what_works``). Each approach has
a short description in our own words, its source with a link, the rating exactly as the source
publishes it (the Youth Endowment Fund Toolkit: estimated impact on violent crime and how
confident the reviewers are in that estimate), the date it was checked and a confidence code as
in ``requirements.yaml`` (V seen at the source, S read on another page of the same publisher or
in a secondary summary, K background knowledge, to check). A rating with confidence K is never
shown: the file must leave it empty until someone reads it at the source.

Each approach names the questions or draft actions it relates to (``relates_to``), so the
questionnaire need not change, and may name approaches to consider instead (``instead``).
Everything here is pure apart from :func:`load_what_works`, which reads the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from readiness.bundle import ContentBundle
from readiness.loading import CONTENT_DIR, ContentError, Problem, _message, parse_yaml
from readiness.models import DataSourceMatrixQuestion
from readiness.models._base import Id, Strict, Text
from readiness.models.requirements import Confidence

LOG = logging.getLogger(__name__)
WHAT_WORKS_FILE = "what-works.yaml"
KIND = "what_works"

#: The YEF Toolkit's published scale of estimated impact on violent crime.
Impact = Literal["harmful", "no_clear_evidence", "low", "moderate", "high"]
#: The YEF Toolkit's words for how confident it is in an estimate (shown as 1 to 5 padlocks).
EvidenceConfidence = Literal["very_low", "low", "moderate", "high", "very_high"]

IMPACT_WORDS: dict[str, str] = {
    "harmful": "Harmful: on average it increased violence",
    "no_clear_evidence": "No clear evidence of an effect on violence",
    "low": "Low estimated impact on violence",
    "moderate": "Moderate estimated impact on violence",
    "high": "High estimated impact on violence",
}
CONFIDENCE_WORDS: dict[str, str] = {
    "very_low": "very low",
    "low": "low",
    "moderate": "moderate",
    "high": "high",
    "very_high": "very high",
}
NOT_CHECKED = "Rating not yet checked at the source: follow the link before relying on it."

Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://\S+$")]


class Source(Strict):
    publisher: Text
    title: Text
    url: Url


class Rating(Strict):
    """The rating exactly as published; empty fields were not read at the source."""

    scale: Literal["yef_toolkit"]
    impact: Impact | None = None
    evidence_confidence: EvidenceConfidence | None = None
    evidence_padlocks: int | None = Field(default=None, ge=1, le=5)
    figure: str | None = None  # e.g. "about 32% less crime on average", as published


class Approach(Strict):
    id: Id
    name: Text
    also_known_as: list[Text] = Field(default_factory=list)
    summary: Text
    source: Source
    rating: Rating
    checked: dt.date
    confidence: list[Confidence] = Field(min_length=1)
    confidence_note: str | None = None
    relates_to: list[Id] = Field(default_factory=list)
    instead: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rating_only_when_read(self) -> Approach:
        rated = self.rating.impact is not None or self.rating.evidence_confidence is not None
        if self.confidence == ["K"] and rated:
            raise ValueError(
                "a rating with confidence K was not read at the source: leave 'rating.impact' "
                "and 'rating.evidence_confidence' empty until it is checked, then set V or S"
            )
        if self.confidence != ["K"] and self.rating.impact is None:
            raise ValueError(
                "confidence V or S means the rating was read: give 'rating.impact' as published"
            )
        return self

    @property
    def harmful(self) -> bool:
        return self.rating.impact == "harmful"

    @property
    def rated(self) -> bool:
        """Whether a rating may be shown (it was read at the source or on the publisher's
        own pages)."""
        return self.rating.impact is not None and "K" not in self.confidence

    def rating_words(self) -> str:
        """The rating in plain English, or a note that it has not been checked."""
        if not self.rated or self.rating.impact is None:
            return NOT_CHECKED
        words = IMPACT_WORDS[self.rating.impact]
        if self.rating.figure:
            words += f" ({self.rating.figure})"
        words += "."
        if self.rating.evidence_confidence is not None:
            words += (
                " The reviewers' confidence in this estimate: "
                f"{CONFIDENCE_WORDS[self.rating.evidence_confidence]}"
            )
            if self.rating.evidence_padlocks is not None:
                words += f" ({self.rating.evidence_padlocks} of 5 padlocks)"
            words += "."
        return words

    def impact_short(self) -> str:
        if not self.rated or self.rating.impact is None:
            return "Not yet checked"
        return self.rating.impact.replace("_", " ").capitalize()

    def evidence_short(self) -> str:
        if not self.rated or self.rating.evidence_confidence is None:
            return "Not stated"
        text = CONFIDENCE_WORDS[self.rating.evidence_confidence].capitalize() + " confidence"
        if self.rating.evidence_padlocks is not None:
            text += f" ({self.rating.evidence_padlocks} of 5)"
        return text

    def terms(self) -> list[str]:
        return [self.name, *self.also_known_as]


class WhatWorks(Strict):
    """The file ``questionnaires/what-works.yaml``."""

    kind: Literal["what_works"]
    version: Text
    approaches: list[Approach] = Field(min_length=1)

    @functools.cached_property
    def by_id(self) -> dict[str, Approach]:
        return {a.id: a for a in self.approaches}

    @functools.cached_property
    def _patterns(self) -> list[tuple[Approach, re.Pattern[str]]]:
        out = []
        for approach in self.approaches:
            alternatives = "|".join(re.escape(t) for t in approach.terms())
            out.append((approach, re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)))
        return out

    def named_in(self, text: str) -> list[Approach]:
        """Approaches whose name (or another name for them) appears in ``text``."""
        return [a for a, pattern in self._patterns if pattern.search(text or "")]

    def for_action(self, action_id: str, question_id: str | None, text: str) -> list[Evidence]:
        """What the evidence says for one action: approaches linked to its question or draft
        action, and approaches its text names (most relevant first, harmful ones first)."""
        found: dict[str, Evidence] = {}
        for approach in self.named_in(text):
            found[approach.id] = Evidence(approach=approach, named=True)
        for approach in self.approaches:
            if approach.id in found:
                continue
            if action_id in approach.relates_to or (
                question_id is not None and question_id in approach.relates_to
            ):
                found[approach.id] = Evidence(approach=approach, named=False)
        return sorted(
            found.values(),
            key=lambda e: (not e.flagged, not e.named, _impact_order(e.approach), e.approach.name),
        )


def _impact_order(approach: Approach) -> int:
    order = ["high", "moderate", "low", "no_clear_evidence", "harmful"]
    impact = approach.rating.impact if approach.rated else None
    return order.index(impact) if impact in order else len(order)


@dataclass(frozen=True)
class Evidence:
    """One approach shown beside an action; ``named`` when the action's own text names it."""

    approach: Approach
    named: bool

    @property
    def flagged(self) -> bool:
        """The action names an approach rated as harmful."""
        return self.named and self.approach.harmful and self.approach.rated

    def flag_text(self, what_works: WhatWorks) -> str:
        instead = [what_works.by_id[i].name for i in self.approach.instead if i in what_works.by_id]
        text = (
            f"This action names {self.approach.name}, which the evidence rates as "
            "harmful (on average it increased offending or violence)."
        )
        if instead:
            text += f" Consider instead: {', '.join(instead)}."
        return text

    def line(self, what_works: WhatWorks) -> str:
        """One plain-English line: name, rating, source and link."""
        if self.flagged:
            lead = self.flag_text(what_works)
        else:
            lead = f"{self.approach.name}: {self.approach.rating_words()}"
            if self.approach.harmful and self.approach.rated:
                lead = f"Avoid {self.approach.name}. {self.approach.rating_words()}"
        return f"{lead} Source: {self.approach.source.title}, {self.approach.source.url}"


# --------------------------------------------------------------------------- loading


def _location(data: Any, loc: Sequence[int | str]) -> str:
    parts: list[str] = []
    rest = list(loc)
    if len(rest) >= 2 and rest[0] == "approaches" and isinstance(rest[1], int):
        items = data.get("approaches") if isinstance(data, dict) else None
        item = items[rest[1]] if isinstance(items, list) and rest[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        parts.append(f"approach '{ident}'" if ident else f"approach {rest[1] + 1}")
        rest = rest[2:]
    fields = [str(k) if isinstance(k, str) else f"item {k + 1}" for k in rest]
    if fields:
        parts.append(f"field '{'.'.join(fields)}'")
    return ", ".join(parts) if parts else "top level"


def known_targets(bundle: ContentBundle) -> set[str]:
    """Every id an approach may relate to: question ids and the draft action ids made from
    them (``act.<question>``, and ``act.<question>.<source>`` for the data-source matrix)."""
    ids: set[str] = set()
    for question in bundle.questionnaire.questions():
        ids.add(question.id)
        ids.add(f"act.{question.id}")
        if isinstance(question, DataSourceMatrixQuestion):
            ids.update(f"act.{question.id}.{s.id}" for s in question.sources)
    return ids


def cross_check(file: str, what_works: WhatWorks, bundle: ContentBundle) -> list[Problem]:
    problems: list[Problem] = []
    ids = [a.id for a in what_works.approaches]
    for dup in sorted(v for v, n in Counter(ids).items() if n > 1):
        problems.append(Problem(file, f"approach '{dup}'", "approach ids must be unique"))
    targets = known_targets(bundle)
    known = set(ids)
    for approach in what_works.approaches:
        where = f"approach '{approach.id}'"
        for target in approach.relates_to:
            if target not in targets:
                problems.append(
                    Problem(
                        file,
                        f"{where}, field 'relates_to'",
                        f"unknown question or action id {target!r}: use a question id from the "
                        "questionnaire, or act.<question id> for its draft action",
                    )
                )
        for other in approach.instead:
            if other not in known:
                problems.append(
                    Problem(file, f"{where}, field 'instead'", f"unknown approach id {other!r}")
                )
            elif other == approach.id:
                problems.append(
                    Problem(file, f"{where}, field 'instead'", "an approach cannot name itself")
                )
    return problems


def parse_what_works(
    file: str, text: str | bytes, bundle: ContentBundle
) -> tuple[WhatWorks | None, list[Problem]]:
    """Parse and check a what-works file against the questionnaire; every problem at once."""
    data, problems = parse_yaml(file, text)
    if problems:
        return None, problems
    if data.get("kind") != KIND:
        found_kind = data.get("kind")
        return None, [Problem(file, "kind", f"expected 'kind: {KIND}' (found {found_kind!r})")]
    try:
        model = WhatWorks.model_validate(data)
    except ValidationError as exc:
        found = [
            Problem(file, _location(data, err["loc"]), _message(err))
            for err in exc.errors(include_url=False)
        ]
        return None, sorted(set(found), key=found.index)
    problems = cross_check(file, model, bundle)
    return (None, problems) if problems else (model, [])


def is_what_works_text(text: str | bytes) -> bool:
    """Whether a content file declares ``kind: what_works`` (for ``validate`` with paths)."""
    data, problems = parse_yaml("", text)
    return not problems and isinstance(data, Mapping) and data.get("kind") == KIND


def load_what_works(bundle: ContentBundle, path: Path | None = None) -> WhatWorks:
    """Read and check the what-works file (default: the shipped one). Raises ContentError."""
    path = path or CONTENT_DIR / WHAT_WORKS_FILE
    try:
        with path.open("rb") as handle:
            raw = handle.read(2_000_001)
    except OSError as exc:
        raise ContentError([Problem(path.name, "", f"cannot be read ({exc.strerror})")]) from exc
    model, problems = parse_what_works(path.name, raw, bundle)
    if model is None:
        raise ContentError(problems)
    return model


def flagged_actions(
    what_works: WhatWorks, actions: Iterable[tuple[str, str | None, str]]
) -> dict[str, list[Evidence]]:
    """For (action id, question id, text) triples, the actions that name a harmful approach."""
    out: dict[str, list[Evidence]] = {}
    for action_id, question_id, text in actions:
        flagged = [e for e in what_works.for_action(action_id, question_id, text) if e.flagged]
        if flagged:
            out[action_id] = flagged
    return out


def validate_files(texts: Mapping[str, str | bytes], bundle: ContentBundle) -> list[Problem]:
    """Check what-works files (name -> text) against a valid bundle."""
    problems: list[Problem] = []
    for name, text in texts.items():
        problems.extend(parse_what_works(name, text, bundle)[1])
    return problems


def _read_limited(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(2_000_001)


def split_paths(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Split ``validate`` paths into questionnaire/requirements/roles files and what-works files
    (an unreadable file stays with the first group, whose loader reports it)."""
    content: list[Path] = []
    extra: list[Path] = []
    for path in paths:
        try:
            is_extra = is_what_works_text(_read_limited(path))
        except OSError:
            is_extra = False
        (extra if is_extra else content).append(path)
    return content, extra


def validate_paths(paths: Sequence[Path], bundle: ContentBundle) -> list[Problem]:
    """Check what-works files against ``bundle``; with none given, the shipped file."""
    chosen = list(paths) or [CONTENT_DIR / WHAT_WORKS_FILE]
    texts: dict[str, str | bytes] = {}
    problems: list[Problem] = []
    for path in chosen:
        try:
            texts[path.name] = _read_limited(path)
        except OSError as exc:
            problems.append(Problem(path.name, "", f"cannot be read ({exc.strerror})"))
    return problems + validate_files(texts, bundle)


@functools.lru_cache(maxsize=8)
def shipped_what_works(bundle: ContentBundle) -> WhatWorks | None:
    """The shipped what-works file checked against ``bundle``, read once per bundle.

    ``None`` when it does not fit ``bundle`` (another questionnaire file is in use, whose
    question ids it does not know): the plan, page and reports then show no ratings rather
    than failing. ``python -m readiness validate`` reports the problems.
    """
    try:
        return load_what_works(bundle)
    except ContentError as exc:
        LOG.warning("The what-works ratings are not shown: %s", exc)
        return None
