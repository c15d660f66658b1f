"""The frame every page runs in: the selection in the sidebar, the demo banner, and a
last-resort error handler.

No traceback ever reaches a user: an unexpected exception is logged on the server with its
traceback and the user sees a short apology with a reference they can quote.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.access.policy import AGENCY_SCOPED, Permission, Target, decide
from readiness.bundle import ContentBundle
from readiness.errors import ReadinessError
from readiness.loading import ContentError
from readiness.services import partnerships as partnership_services
from readiness.services import rounds as round_services
from readiness.store.records import Agency, Partnership, Round
from readiness.ui import state
from readiness.ui.components.text import user_text

LOG = logging.getLogger("readiness.ui")

APOLOGY = (
    "Sorry, there is a problem with the service. Your saved answers are safe. "
    "Try again, or go back to the home page. If it keeps happening, quote reference {ref}."
)
#: WCAG 2.2 target size (2.5.8): the day, month and year parts of Streamlit's date field are
#: each a separate target, only as wide as "01"; make each at least 24 by 24 CSS pixels.
STYLES = """<style>
[data-testid="stDateInputField"] [role="spinbutton"] {
  display: inline-block; min-width: 24px; min-height: 24px; line-height: 24px;
  text-align: center;
}
</style>"""
DEMO_BANNER = (
    "**Demo data.** The partnerships, agencies, answers and actions in this region are "
    "fictional, for trying the tool out. Do not enter real information about them."
)
PARTNERSHIP_REFUSED = "You do not have access to that partnership, or it does not exist."
ROUND_REFUSED = "You do not have access to that assessment round, or it does not exist."
PAGE_HOME = "readiness/ui/pages/home.py"
PAGE_SETUP = "readiness/ui/pages/setup.py"
PAGE_ANSWER = "readiness/ui/pages/answer.py"
PAGE_RESULTS = "readiness/ui/pages/results.py"
PAGE_ACTIONS = "readiness/ui/pages/actions.py"


def run_page(render: Callable[[], None]) -> None:
    """Run one page's ``render`` function, turning any error into a plain-English message.

    Streamlit's own control flow (``st.rerun``, ``st.switch_page``, ``st.stop``) raises
    ``BaseException`` subclasses, which pass through untouched.
    """
    try:
        render()
    except ContentError as exc:
        LOG.error("The content files are not valid:\n%s", exc)
        st.error(
            "The questionnaire files have problems, so the tool cannot start. "
            "Run `python -m readiness validate` to see them."
        )
    except ReadinessError as exc:  # expected problems carry a message written for users
        st.error(user_text(str(exc)))  # it may quote a name or a value from a file
    except Exception:
        ref = uuid.uuid4().hex[:8]
        LOG.exception("Unexpected error on a page (reference %s)", ref)
        st.error(APOLOGY.format(ref=ref))


@dataclass(frozen=True)
class Context:
    """What a page is looking at: the content, and the chosen partnership and round."""

    bundle: ContentBundle
    partnerships: list[Partnership]
    partnership: Partnership | None
    rounds: list[Round]
    round: Round | None
    agencies: list[Agency]

    @property
    def round_is_open(self) -> bool:
        return self.round is not None and self.round.status == "open"


def context(*, selectors_in_main: bool = False) -> Context:
    """Resolve the selection (session, then address bar, then the first partnership) among the
    partnerships the person may see, and draw the selectors (in the sidebar, or in the page on
    the home page) and the demo banner.

    A partnership or round the person may not see, or that does not exist (a changed address
    bar, an old link, a role taken away), gets a plain refusal that names nothing of it; the
    page then shows the first partnership they may see (or its latest round)."""
    bundle = state.bundle()
    store = state.store()
    actor = state.actor()
    state.restore_from_address_bar()
    partnerships = partnership_services.visible(actor, store)
    by_id = {p.id: p for p in partnerships}
    refusals: list[str] = []
    chosen = state.selected(state.SEL_PARTNERSHIP)
    if chosen not in by_id:
        if chosen is not None:
            refusals.append(PARTNERSHIP_REFUSED)
        chosen = partnerships[0].id if partnerships else None
        state.select(state.SEL_PARTNERSHIP, chosen)
        state.select(state.SEL_ROUND, None)
    partnership = by_id.get(chosen) if chosen else None
    rounds = round_services.for_partnership(actor, store, partnership.id) if partnership else []
    round_ids = [r.id for r in rounds]
    chosen_round = state.selected(state.SEL_ROUND)
    if chosen_round not in round_ids:
        if chosen_round is not None:
            refusals.append(ROUND_REFUSED)
        chosen_round = round_ids[-1] if round_ids else None
        state.select(state.SEL_ROUND, chosen_round)
    round_ = next((r for r in rounds if r.id == chosen_round), None)
    agencies = partnership_services.agencies(actor, store, partnership.id) if partnership else []
    ctx = Context(bundle, partnerships, partnership, rounds, round_, agencies)
    st.html(STYLES)
    for refusal in refusals:
        st.error(refusal, icon=":material/block:")
    if any(p.is_demo for p in partnerships):
        st.warning(DEMO_BANNER, icon=":material/science:")
    if selectors_in_main:
        _selectors(ctx, st.container(), "main")
    else:
        _selectors(ctx, st.sidebar, "nav")
    state.mirror_to_address_bar()
    return ctx


def _target(ctx: Context, agency_id: str | None = None) -> Target:
    partnership = ctx.partnership
    if partnership is None:
        return Target(None, None, agency_id)
    return Target(partnership.region_id, partnership.id, agency_id)


def agencies_for(ctx: Context, permission: Permission) -> list[Agency]:
    """The partnership's agencies the person may do ``permission`` for (all of them in open
    mode; a respondent's own agency for answering)."""
    grants = state.actor().grants
    if grants is None:
        return list(ctx.agencies)
    return [a for a in ctx.agencies if decide(grants, permission, _target(ctx, a.id))]


def permitted(ctx: Context, permission: Permission, *, explain: bool = True) -> bool:
    """Whether the person may do ``permission`` in the chosen partnership (for at least one
    of its agencies, when the permission is an agency's: a respondent answers for their own).
    When not, and ``explain``, say so in plain words. Pages use this to hide forms the services
    would refuse anyway; open mode allows everything."""
    grants = state.actor().grants
    if grants is None:
        return True
    decision = decide(grants, permission, _target(ctx))
    if not decision and permission in AGENCY_SCOPED and agencies_for(ctx, permission):
        return True
    if not decision and explain:
        st.info(decision.because, icon=":material/lock:")
    return bool(decision)


def may(ctx: Context, permission: Permission, agency_id: str | None = None) -> bool:
    """Whether the person may do ``permission`` in the chosen partnership (for ``agency_id``,
    when given), saying nothing: for hiding one button among many. Open mode allows all."""
    grants = state.actor().grants
    return grants is None or bool(decide(grants, permission, _target(ctx, agency_id)))


def may_everywhere(permission: Permission) -> bool:
    """Whether the person holds ``permission`` for the whole tool (an administrator's, such as
    creating partnerships and regions or loading the demo); always in open mode. Pages use it
    to hide links and buttons the services would refuse."""
    grants = state.actor().grants
    return grants is None or bool(decide(grants, permission, Target()))


def _on_change(widget_key: str, name: str, resets: tuple[str, ...] = ()) -> Callable[[], None]:
    def apply() -> None:
        state.select(name, st.session_state.get(widget_key))
        for other in resets:
            state.select(other, None)

    return apply


def bound_choice(
    label: str,
    options: dict[str, str],
    *,
    name: str,
    key: str,
    where: DeltaGenerator | None = None,
    widget: str = "selectbox",
    resets: tuple[str, ...] = (),
    help: str | None = None,
) -> str:
    """A selectbox or radio whose choice lives in ``st.session_state[name]`` (not only in the
    widget, whose state Streamlit drops on page switches or when its options change).

    ``options`` maps ids to the words shown. Returns the chosen id.
    """
    current = state.selected(name)
    if current not in options:
        current = next(iter(options))
        state.select(name, current)
    st.session_state[key] = current
    target = where if where is not None else st.container()
    common: dict[str, Any] = {
        "options": list(options),
        "format_func": options.__getitem__,  # radio labels are Markdown: callers escape names
        "key": key,
        "on_change": _on_change(key, name, resets),
        "help": help,
    }
    if widget == "radio":
        target.radio(label, **common)
    else:
        target.selectbox(label, **common)
    return current


def _selectors(ctx: Context, where: DeltaGenerator, prefix: str) -> None:
    if not ctx.partnerships:
        return
    bound_choice(
        "Partnership",
        {p.id: p.name for p in ctx.partnerships},
        name=state.SEL_PARTNERSHIP,
        key=f"{prefix}.partnership",
        where=where,
        resets=(state.SEL_ROUND, state.SEL_AGENCY),
    )
    if ctx.rounds:
        bound_choice(
            "Assessment round",
            {r.id: r.label + (" (closed)" if r.status == "closed" else "") for r in ctx.rounds},
            name=state.SEL_ROUND,
            key=f"{prefix}.round",
            where=where,
        )


def need_partnership(ctx: Context) -> bool:
    """Tell the user what to do when there is no partnership or round yet; True when there is."""
    if ctx.partnership is None and not state.actor().open_mode:
        st.info(
            "You cannot see any partnership yet. Ask your partnership lead to invite you, or "
            "an administrator to give you a role."
        )
        return False
    if ctx.partnership is None:
        st.info("There are no partnerships yet. Set one up first, or load the demo data.")
        st.page_link(PAGE_SETUP, label="Set up a partnership", icon=":material/groups:")
        st.page_link(PAGE_HOME, label="Go to the home page", icon=":material/home:")
        return False
    if ctx.round is None:
        st.info(
            f"{user_text(ctx.partnership.name)} has no assessment round yet. Open one on "
            "the set-up page."
        )
        st.page_link(PAGE_SETUP, label="Open an assessment round", icon=":material/groups:")
        return False
    return True


def round_caption(ctx: Context) -> None:
    if ctx.partnership is None or ctx.round is None:
        return
    nation = ctx.partnership.nation.capitalize()
    status = "open" if ctx.round.status == "open" else "closed: answers can no longer change"
    st.caption(
        f"{user_text(ctx.partnership.name)} ({nation}) · round {user_text(ctx.round.label)} · "
        "assessment date "
        f"{ctx.round.as_of:%d %B %Y} · {status}"
    )
