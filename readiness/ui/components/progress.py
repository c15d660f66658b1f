"""How far each agency has got: answered questions per domain and overall (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from readiness.bundle import ContentBundle
from readiness.models import Question
from readiness.models._base import Nation
from readiness.ui.components.text import user_text


class AnswerLike(Protocol):
    @property
    def agency_id(self) -> str: ...
    @property
    def question_id(self) -> str: ...
    @property
    def value(self) -> object: ...
    @property
    def na_reason(self) -> str: ...


class AgencyLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def role_id(self) -> str: ...


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def words(self) -> str:
        if self.total == 0:
            return "No questions"
        if self.answered == self.total:
            return f"Complete ({self.total} of {self.total})"
        return f"{self.answered} of {self.total}"


def is_answered(answer: AnswerLike) -> bool:
    return answer.value is not None or bool(answer.na_reason.strip())


def questions_by_domain(
    bundle: ContentBundle, role: str, nation: Nation
) -> dict[str, list[Question]]:
    """The questions an agency in ``role`` answers, grouped by domain id (domain order kept)."""
    grouped: dict[str, list[Question]] = {}
    for question in bundle.questions_for(role, nation):
        grouped.setdefault(bundle.domain_of[question.id].id, []).append(question)
    return grouped


def agency_progress(
    bundle: ContentBundle, role: str, nation: Nation, answered_ids: Iterable[str]
) -> dict[str, Progress]:
    """Progress per domain id for one agency (domains with no questions for it are left out)."""
    done = set(answered_ids)
    return {
        domain_id: Progress(sum(q.id in done for q in questions), len(questions))
        for domain_id, questions in questions_by_domain(bundle, role, nation).items()
    }


def next_domain(
    order: Sequence[str], current: str, progress: Mapping[str, Progress]
) -> tuple[str | None, list[str]]:
    """Where "Save and go to the next domain" leads from ``current``, and the domains it passes.

    The first domain after ``current`` with questions still to answer, passing the complete
    ones between; when every domain after it is complete, simply the next one (nothing is
    passed); after the last domain, nowhere (None).
    """
    following = list(order[order.index(current) + 1 :])
    for number, domain_id in enumerate(following):
        here = progress.get(domain_id)
        if here is None or here.answered < here.total:
            return domain_id, following[:number]
    return (following[0] if following else None), []


def overall(progress: Iterable[Progress]) -> Progress:
    items = list(progress)
    return Progress(sum(p.answered for p in items), sum(p.total for p in items))


def progress_tables(
    bundle: ContentBundle,
    nation: Nation,
    agencies: Sequence[AgencyLike],
    answers: Sequence[AnswerLike],
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Two narrow tables (wide ones scroll sideways, which keyboard users cannot reach):
    one row per agency, and one row per domain."""
    answered: dict[str, set[str]] = {}
    for answer in answers:
        if is_answered(answer):
            answered.setdefault(answer.agency_id, set()).add(answer.question_id)
    domains = [d for d in bundle.questionnaire.domains if nation in d.nations]
    per_agency = {
        agency.id: agency_progress(bundle, agency.role_id, nation, answered.get(agency.id, ()))
        for agency in agencies
    }
    by_agency: list[dict[str, str]] = []
    for agency in agencies:
        progress = per_agency[agency.id]
        complete = [d.title for d in domains if d.id in progress and _done(progress[d.id])]
        todo = [d.title for d in domains if d.id in progress and not _done(progress[d.id])]
        by_agency.append(
            {
                "Agency": user_text(agency.name),  # st.table reads Markdown
                "Questions answered": overall(progress.values()).words,
                "Domains complete": f"{len(complete)} of {len(complete) + len(todo)}",
                "Next domain to finish": todo[0] if todo else "None: all done",
            }
        )
    by_domain: list[dict[str, str]] = []
    for domain in domains:
        asked = [a for a in agencies if domain.id in per_agency[a.id]]
        done = [a for a in asked if _done(per_agency[a.id][domain.id])]
        started = [a for a in asked if per_agency[a.id][domain.id].answered and a not in done]
        by_domain.append(
            {
                "Domain": domain.title,
                "Agencies complete": f"{len(done)} of {len(asked)}",
                "Agencies part way": str(len(started)),
                "Answers saved": str(sum(per_agency[a.id][domain.id].answered for a in asked)),
            }
        )
    return by_agency, by_domain


def _done(progress: Progress) -> bool:
    return progress.total > 0 and progress.answered == progress.total
