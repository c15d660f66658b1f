"""Assessment rounds: open, change dates, close, start the next one (carrying forward), and
read them. Changing rounds is for those who may manage the partnership's rounds; reading them
for those who may read its results."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from readiness.access.policy import Permission
from readiness.bundle import ContentBundle
from readiness.models import RecordedDates
from readiness.services.access import require_for_partnership, require_for_round
from readiness.services.actions import sync_generated
from readiness.services.actor import Actor
from readiness.store.records import Round

if TYPE_CHECKING:
    from readiness.store import Store


def open_round(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    partnership_id: str,
    *,
    label: str,
    as_of: dt.date,
    dates: RecordedDates | None = None,
) -> Round:
    """Open a new, empty round on the current questionnaire, with its draft action plan."""
    with store.transaction():
        require_for_partnership(actor, store, Permission.MANAGE_ROUNDS, partnership_id)
        round_ = store.create_round(
            partnership_id,
            label,
            as_of,
            questionnaire_id=bundle.questionnaire.id,
            questionnaire_version=bundle.questionnaire.version,
            dates=dates,
            user=actor.name,
        )
        sync_generated(actor, store, bundle, round_.id)
        return round_


def update_dates(
    actor: Actor, store: Store, round_id: str, *, as_of: dt.date, dates: RecordedDates
) -> Round:
    """Change an open round's assessment date and recorded dates."""
    require_for_round(actor, store, Permission.MANAGE_ROUNDS, round_id)
    return store.update_round(round_id, as_of=as_of, dates=dates, user=actor.name)


def close_round(actor: Actor, store: Store, round_id: str) -> Round:
    """Freeze a round: nobody can change its answers or actions afterwards."""
    require_for_round(actor, store, Permission.MANAGE_ROUNDS, round_id)
    return store.close_round(round_id, user=actor.name)


def start_next_round(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    partnership_id: str,
    *,
    label: str,
    as_of: dt.date,
    carry_from: Round | None = None,
    close_previous: Round | None = None,
) -> Round:
    """Start a new round, in one transaction.

    With ``carry_from``, the answers (each to re-confirm) and unfinished actions of that
    round are copied. ``close_previous`` (an open round) is closed at the same time. Refused
    unless the actor may manage the rounds of the partnership and of both those rounds.
    """
    with store.transaction():
        require_for_partnership(actor, store, Permission.MANAGE_ROUNDS, partnership_id)
        for other in (carry_from, close_previous):
            if other is not None:
                require_for_round(actor, store, Permission.MANAGE_ROUNDS, other.id)
        if carry_from is not None:
            closing = close_previous is not None and close_previous.id == carry_from.id
            if close_previous is not None and not closing and close_previous.status == "open":
                store.close_round(close_previous.id, user=actor.name)
            round_ = store.carry_forward(
                carry_from.id,
                label,
                as_of,
                dates=carry_from.dates,
                questionnaire_version=bundle.questionnaire.version,
                close_previous=closing,
                user=actor.name,
            )
        else:
            if close_previous is not None and close_previous.status == "open":
                store.close_round(close_previous.id, user=actor.name)
            round_ = store.create_round(
                partnership_id,
                label,
                as_of,
                questionnaire_id=bundle.questionnaire.id,
                questionnaire_version=bundle.questionnaire.version,
                user=actor.name,
            )
        sync_generated(actor, store, bundle, round_.id)
        return round_


def get(actor: Actor, store: Store, round_id: str) -> Round:
    """One round, for those who may read its partnership's results."""
    require_for_round(actor, store, Permission.VIEW_RESULTS, round_id)
    return store.get_round(round_id)


def for_partnership(actor: Actor, store: Store, partnership_id: str) -> list[Round]:
    """A partnership's rounds (oldest first), for those who may read its results."""
    require_for_partnership(actor, store, Permission.VIEW_RESULTS, partnership_id)
    return store.list_rounds(partnership_id)
