"""Choosing what to compare: which round of each partnership, and what is comparable.

Rules (written for the region page and the comparison pack):

* **Which round.** With a round label (e.g. "2026/27"), each partnership's round with that
  label is compared; partnerships without one are left out and listed. Without a label, each
  partnership's latest round (by its "as of" date) is compared.
* **Previous round.** The partnership's round just before the compared one (by date). A
  partnership whose earlier round is missing is compared with the one before it; the change
  table says which round was used.
* **Questionnaire versions.** The region is compared on the questionnaire version most
  partnerships answered (the newest version when there is a tie). A partnership that answered
  another version of the same questionnaire is compared only on the domains and questions that
  exist in both, and a note says so. A partnership that answered a different questionnaire is
  left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from readiness.comparison.records import LeftOut, PartnershipInfo, RoundInfo, ScoredRound


def version_key(version: str) -> tuple[int, ...]:
    """ "1.10" sorts after "1.9"; anything unparseable sorts first."""
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return ()


# --------------------------------------------------------------------------- filters and rounds


def filter_partnerships(
    partnerships: Iterable[PartnershipInfo],
    *,
    nation: str | None = None,
    partnership_type: str | None = None,
) -> list[PartnershipInfo]:
    """The partnerships in one nation and/or of one type (``None`` means any)."""
    return [
        p
        for p in partnerships
        if (nation is None or p.nation == nation)
        and (partnership_type is None or p.partnership_type == partnership_type)
    ]


def round_labels(rounds: Iterable[RoundInfo]) -> list[str]:
    """Every round label in use, newest first (by the latest "as of" date using the label)."""
    latest: dict[str, tuple[object, ...]] = {}
    for r in rounds:
        key = (r.as_of, r.round_label)
        if r.round_label not in latest or key > latest[r.round_label]:
            latest[r.round_label] = key
    return sorted(latest, key=lambda label: latest[label], reverse=True)


@dataclass(frozen=True)
class RoundPick:
    """The round compared for one partnership and the round before it."""

    current: RoundInfo
    previous: RoundInfo | None


@dataclass(frozen=True)
class Picked:
    picks: list[RoundPick]
    left_out: list[LeftOut]

    def round_ids(self) -> set[str]:
        """Every round that needs scoring (compared rounds and the rounds before them)."""
        ids = {p.current.round_id for p in self.picks}
        ids.update(p.previous.round_id for p in self.picks if p.previous is not None)
        return ids


def _order(r: RoundInfo) -> tuple[object, ...]:
    return (r.as_of, r.round_label, r.round_id)


def pick_rounds(
    partnerships: Sequence[PartnershipInfo],
    rounds: Iterable[RoundInfo],
    round_label: str | None = None,
) -> Picked:
    """Choose each partnership's round to compare, and the round before it."""
    by_partnership: dict[str, list[RoundInfo]] = {}
    for r in rounds:
        by_partnership.setdefault(r.partnership_id, []).append(r)
    picks: list[RoundPick] = []
    left_out: list[LeftOut] = []
    for p in sorted(partnerships, key=lambda p: (p.name.lower(), p.id)):
        own = sorted(by_partnership.get(p.id, []), key=_order)
        if not own:
            left_out.append(
                LeftOut(
                    partnership_id=p.id,
                    partnership_name=p.name,
                    reason="Has no assessment round yet.",
                )
            )
            continue
        if round_label is None:
            index = len(own) - 1
        else:
            matching = [i for i, r in enumerate(own) if r.round_label == round_label]
            if not matching:
                left_out.append(
                    LeftOut(
                        partnership_id=p.id,
                        partnership_name=p.name,
                        reason=f"Has no round labelled {round_label}.",
                    )
                )
                continue
            index = matching[-1]
        picks.append(RoundPick(current=own[index], previous=own[index - 1] if index else None))
    return Picked(picks=picks, left_out=left_out)


# --------------------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class Domain:
    id: str
    title: str


@dataclass(frozen=True)
class Comparison:
    """The scored rounds being compared, what they are compared on, and what was left out.

    ``current`` is in partnership-name order. ``previous`` maps a partnership id to the round
    before the compared one (absent when there is none, or it could not be scored).
    """

    round_label: str | None
    questionnaire_id: str | None
    questionnaire_version: str | None
    domains: list[Domain]
    question_ids: frozenset[str]
    current: list[ScoredRound]
    previous: Mapping[str, ScoredRound]
    left_out: list[LeftOut]
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def domain_ids(self) -> list[str]:
        return [d.id for d in self.domains]

    def domain_title(self, domain_id: str) -> str:
        return next((d.title for d in self.domains if d.id == domain_id), domain_id)

    def is_empty(self) -> bool:
        return not self.current


def _reference(current: Sequence[ScoredRound]) -> tuple[str, str] | None:
    counts = Counter((s.result.questionnaire_id, s.result.questionnaire_version) for s in current)
    if not counts:
        return None
    return max(counts, key=lambda key: (counts[key], version_key(key[1]), key[1], key[0]))


def build_comparison(
    current: Sequence[ScoredRound],
    previous: Sequence[ScoredRound] = (),
    *,
    round_label: str | None = None,
    left_out: Sequence[LeftOut] = (),
) -> Comparison:
    """Decide what is comparable across the partnerships' scored rounds.

    ``previous`` holds the rounds before the compared ones (at most one per partnership).
    ``left_out`` carries partnerships the loader already could not include.
    """
    reference = _reference(current)
    excluded = list(left_out)
    kept: list[ScoredRound] = []
    notes: dict[str, str] = {}
    for s in current:
        r = s.result
        if reference is not None and r.questionnaire_id != reference[0]:
            excluded.append(
                LeftOut(
                    partnership_id=s.partnership_id,
                    partnership_name=s.name,
                    reason=(
                        f"Answered a different questionnaire ({r.questionnaire_id} version "
                        f"{r.questionnaire_version}); the region is compared on {reference[0]} "
                        f"version {reference[1]}."
                    ),
                )
            )
            continue
        kept.append(s)
    kept.sort(key=lambda s: (s.name.lower(), s.partnership_id))
    on_reference = [s for s in kept if reference and s.result.questionnaire_version == reference[1]]
    domains: list[Domain] = []
    seen: set[str] = set()
    question_ids: set[str] = set()
    for s in on_reference:
        for d in s.result.domains:
            if d.id not in seen:
                seen.add(d.id)
                domains.append(Domain(id=d.id, title=d.title))
        question_ids.update(q.question_id for q in s.result.questions if q.scored)
    if reference is not None:
        for s in kept:
            version = s.result.questionnaire_version
            if version == reference[1]:
                continue
            own = {d.id for d in s.result.domains}
            dropped = sorted(own - seen)
            text = (
                f"Answered questionnaire version {version}; the region is compared on version "
                f"{reference[1]}, so only the domains and questions in both versions are "
                "compared."
            )
            if dropped:
                text += f" Not compared: {', '.join(dropped)}."
            notes[s.partnership_id] = text
    kept_ids = {s.partnership_id for s in kept}
    before = {
        s.partnership_id: s
        for s in previous
        if s.partnership_id in kept_ids
        and reference is not None
        and s.result.questionnaire_id == reference[0]
    }
    return Comparison(
        round_label=round_label,
        questionnaire_id=reference[0] if reference else None,
        questionnaire_version=reference[1] if reference else None,
        domains=domains,
        question_ids=frozenset(question_ids),
        current=kept,
        previous=before,
        left_out=sorted(excluded, key=lambda x: (x.partnership_name.lower(), x.partnership_id)),
        notes=notes,
    )
