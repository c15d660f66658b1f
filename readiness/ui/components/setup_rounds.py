"""The set-up page's "Assessment rounds" tab: the rounds, the open round's dates, closing it,
and starting the next round (carrying forward or not)."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.services import rounds as round_service
from readiness.store.records import Round
from readiness.ui import frame, state
from readiness.ui.components.errors import field_error
from readiness.ui.components.setup_forms import (
    EARLIEST,
    LATEST,
    dates_widgets,
    read_dates,
    show_errors,
)
from readiness.ui.components.text import user_text
from readiness.ui.forms import check_round


def rounds_tab(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    st.header("Assessment rounds")
    if ctx.rounds:
        st.table(
            [
                {
                    "Round": user_text(r.label),
                    "Assessment date": f"{r.as_of:%d %B %Y}",
                    "Status": "Open" if r.status == "open" else "Closed",
                    "Carried forward from": user_text(
                        _label_of(ctx.rounds, r.carried_from_round_id)
                    ),
                }
                for r in ctx.rounds
            ],
            hide_index=True,
        )
    if ctx.round is not None and ctx.round.status == "open":
        _edit_round(ctx.round)
    _new_round(ctx)


def _label_of(rounds: list[Round], round_id: str | None) -> str:
    if round_id is None:
        return "None"
    return next((r.label for r in rounds if r.id == round_id), round_id)


def _edit_round(round_: Round) -> None:
    st.subheader(f"Round {user_text(round_.label)}")
    prefix = f"round.{round_.id}"
    slots: dict[str, DeltaGenerator] = {}
    if f"{prefix}.as_of" not in st.session_state:
        st.session_state[f"{prefix}.as_of"] = round_.as_of
    with st.form(f"setup.round.{round_.id}", enter_to_submit=False):
        summary = st.empty()
        slots["as_of"] = st.empty()
        st.date_input(
            "Assessment date",
            min_value=EARLIEST,
            max_value=LATEST,
            format="DD/MM/YYYY",
            key=f"{prefix}.as_of",
        )
        dates_widgets(f"{prefix}.dates", round_.dates)
        submitted = st.form_submit_button("Save round dates", key="setup.round.submit")
    if submitted:
        as_of = st.session_state.get(f"{prefix}.as_of")
        errors = check_round(label=round_.label, as_of=as_of)
        if not show_errors(errors, summary, slots) and as_of is not None:
            round_service.update_dates(
                state.actor(),
                state.store(),
                round_.id,
                as_of=as_of,
                dates=read_dates(f"{prefix}.dates"),
            )
            state.flash(f"The dates for round {round_.label} have been saved.")
            st.rerun()
    with st.expander("Close this round"):
        st.markdown(
            "Closing a round freezes it: nobody can change its answers or actions afterwards. "
            "Do this when the assessment has gone to the board."
        )
        sure = st.checkbox(f"I want to close round {user_text(round_.label)}", key=f"{prefix}.sure")
        if st.button("Close round", key="setup.close_round"):
            if not sure:
                field_error(f"Tick the box to confirm you want to close round {round_.label}")
            else:
                round_service.close_round(state.actor(), state.store(), round_.id)
                state.flash(f"Round {round_.label} is closed.")
                st.rerun()


def _new_round_fields(latest: Round | None, slots: dict[str, DeltaGenerator]) -> None:
    slots["label"] = st.empty()
    st.text_input("Round label, for example 2027/28", key="next.label", max_chars=40)
    slots["as_of"] = st.empty()
    st.date_input(
        "Assessment date",
        value=None,
        min_value=EARLIEST,
        max_value=LATEST,
        format="DD/MM/YYYY",
        key="next.as_of",
    )
    if latest is not None:
        st.checkbox(
            f"Carry forward the answers and actions from round {user_text(latest.label)} (each "
            "answer is marked to re-confirm)",
            key="next.carry",
        )
        if latest.status == "open":
            st.checkbox(f"Close round {user_text(latest.label)} at the same time", key="next.close")


def _new_round(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    st.subheader("Start a new round")
    latest = ctx.rounds[-1] if ctx.rounds else None
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"setup.new_round.{partnership.id}", enter_to_submit=False):
        summary = st.empty()
        _new_round_fields(latest, slots)
        submitted = st.form_submit_button("Start round", key="setup.new_round.submit")
    if not submitted:
        return
    get = st.session_state.get
    label = str(get("next.label") or "").strip()
    as_of: dt.date | None = get("next.as_of")
    errors = check_round(label=label, as_of=as_of, taken_labels=[r.label for r in ctx.rounds])
    if show_errors(errors, summary, slots) or as_of is None:
        return
    round_ = round_service.start_next_round(
        state.actor(),
        state.store(),
        ctx.bundle,
        partnership.id,
        label=label,
        as_of=as_of,
        carry_from=latest if latest is not None and get("next.carry") else None,
        close_previous=latest if latest is not None and get("next.close") else None,
    )
    for key in ("next.label", "next.as_of", "next.carry", "next.close"):
        st.session_state.pop(key, None)
    state.select(state.SEL_ROUND, round_.id)
    state.flash(f"Round {round_.label} has started.")
    st.rerun()
