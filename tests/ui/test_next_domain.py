"""Where "Save and go to the next domain" leads: past domains already complete, to the next one
with questions still to answer, and what the confirmation says about it."""

from __future__ import annotations

import pytest

from readiness.models import Domain
from readiness.ui.components.answer_form import _onward_words
from readiness.ui.components.progress import Progress, next_domain

ORDER = ["governance", "definition", "data", "strategy", "review"]
DONE, HALF, NONE = Progress(4, 4), Progress(2, 4), Progress(0, 4)


@pytest.mark.parametrize(
    ("current", "progress", "leads_to", "passing"),
    [
        # nothing complete after this one: simply the next
        ("governance", {"definition": NONE, "data": NONE}, "definition", []),
        # one complete domain after this one is passed over
        ("governance", {"definition": DONE, "data": HALF}, "data", ["definition"]),
        # several complete ones are passed over
        (
            "governance",
            {"definition": DONE, "data": DONE, "strategy": NONE},
            "strategy",
            ["definition", "data"],
        ),
        # every domain after this one complete: simply the next (to check it, not to skip all)
        (
            "data",
            {"strategy": DONE, "review": DONE},
            "strategy",
            [],
        ),
        # the last domain: nowhere to go next
        ("review", {"governance": NONE}, None, []),
    ],
)
def test_the_next_domain_is_the_next_one_with_questions_to_answer(
    current: str,
    progress: dict[str, Progress],
    leads_to: str | None,
    passing: list[str],
) -> None:
    everything = {domain: progress.get(domain, NONE) for domain in ORDER}
    assert next_domain(ORDER, current, everything) == (leads_to, passing)


def _domain(domain_id: str, title: str) -> Domain:
    """A domain with only what the wording reads (its title): no questions are needed here."""
    return Domain.model_construct(id=domain_id, title=title, purpose="Why it matters.")


def test_the_confirmation_says_which_complete_domains_were_passed_over() -> None:
    strategy = _domain("strategy", "Strategy")
    definition = _domain("definition", "Definition and scope")
    data = _domain("data", "Data sharing")
    assert _onward_words(None, []) == ""
    assert _onward_words(strategy, []) == " This is the next domain: “Strategy”."
    assert _onward_words(strategy, [definition]) == (
        " “Definition and scope” is already complete, so this is the next domain with "
        "questions to answer: “Strategy”."
    )
    assert _onward_words(strategy, [definition, data]) == (
        " The domains in between are already complete, so this is the next domain with "
        "questions to answer: “Strategy”."
    )
