"""Partnership set-up: the partnership, its member agencies and its assessment rounds."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.bundle import ContentBundle
from readiness.models import RecordedDates
from readiness.store.records import PARTNERSHIP_TYPE_LABELS, Agency, Partnership, Region, Round
from readiness.ui import frame, state
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.forms import (
    MAX_AGENCY_ROWS,
    AgencyRow,
    check_agencies,
    check_new_member,
    check_partnership,
    check_round,
    slug,
    split_lines,
)

NATIONS = {"england": "England", "wales": "Wales"}
DATE_FIELDS = {
    "strategy_published": "Strategy first published",
    "strategy_last_reviewed": "Strategy last reviewed",
    "sna_completed": "Latest Strategic Needs Assessment completed",
    "definition_agreed": "Local definition of serious violence agreed",
    "partnership_agreement_signed": "Partnership agreement signed",
}
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2100, 12, 31)


def render() -> None:
    st.title("Partnership set-up")
    ctx = frame.context()
    state.show_flash()
    if ctx.partnership is None:
        st.markdown("Set up your partnership: its area, its member agencies and the first "
                    "assessment round.")
        _create(ctx.bundle, [p.name for p in ctx.partnerships])
        return
    details, rounds, new = st.tabs(
        ["Details and members", "Assessment rounds", "Set up another partnership"]
    )
    with details:
        _details(ctx)
        _members(ctx)
    with rounds:
        _rounds(ctx)
    with new:
        _create(ctx.bundle, [p.name for p in ctx.partnerships])


# --------------------------------------------------------------------------- helpers


def _dates_widgets(prefix: str, dates: RecordedDates | None) -> None:
    for name, label in DATE_FIELDS.items():
        key = f"{prefix}.{name}"
        if key not in st.session_state:
            st.session_state[key] = getattr(dates, name) if dates is not None else None
        st.date_input(
            f"{label} (optional)",
            value=None,
            min_value=EARLIEST,
            max_value=LATEST,
            format="DD/MM/YYYY",
            key=key,
        )


def _read_dates(prefix: str) -> RecordedDates:
    return RecordedDates(**{name: st.session_state.get(f"{prefix}.{name}") for name in DATE_FIELDS})


def _show_errors(
    errors: dict[str, str], summary: DeltaGenerator, slots: dict[str, DeltaGenerator]
) -> bool:
    if not errors:
        return False
    error_summary(list(errors.values()), summary)
    for field, message in errors.items():
        if field in slots:
            field_error(message, slots[field])
    return True


def _role_options(bundle: ContentBundle) -> dict[str, str]:
    return {role.id: role.name for role in bundle.roles.roles}


# --------------------------------------------------------------------------- create


def _create(bundle: ContentBundle, taken: list[str]) -> None:
    st.header("Set up a partnership")
    roles = _role_options(bundle)
    slots: dict[str, DeltaGenerator] = {}
    with st.form("setup.create", enter_to_submit=False):
        summary = st.empty()
        slots["name"] = st.empty()
        st.text_input("Partnership name", key="new.name", max_chars=200)
        slots["region"] = st.empty()
        st.text_input(
            "Region (the Violence Reduction Unit or Network area)",
            key="new.region",
            max_chars=200,
            help="Type the name of an existing region to add the partnership to it.",
        )
        slots["areas"] = st.empty()
        st.text_area("Local government areas (one a line)", key="new.areas", height=90)
        slots["nation"] = st.empty()
        st.radio(
            "England or Wales",
            options=list(NATIONS),
            format_func=NATIONS.__getitem__,
            index=None,
            key="new.nation",
            horizontal=True,
        )
        st.selectbox(
            "Kind of partnership",
            options=list(PARTNERSHIP_TYPE_LABELS),
            format_func=PARTNERSHIP_TYPE_LABELS.__getitem__,
            key="new.type",
        )
        st.subheader("Member agencies")
        st.markdown("The first agency is the lead. Leave the rows you do not need empty; you "
                    "can add more agencies later.")
        for number in range(1, MAX_AGENCY_ROWS + 1):
            who = "Lead agency" if number == 1 else f"Agency {number}"
            left, right = st.columns(2)
            slots[f"agency.{number}.name"] = left.empty()
            left.text_input(f"{who} name", key=f"new.agency.{number}.name", max_chars=200)
            slots[f"agency.{number}.role"] = right.empty()
            right.selectbox(
                f"{who} role",
                options=list(roles),
                format_func=roles.__getitem__,
                index=None,
                placeholder="Select a role",
                key=f"new.agency.{number}.role",
            )
        st.subheader("First assessment round")
        slots["label"] = st.empty()
        st.text_input("Round label, for example 2026/27", key="new.round.label", max_chars=40)
        slots["as_of"] = st.empty()
        st.date_input(
            "Assessment date",
            value=None,
            min_value=EARLIEST,
            max_value=LATEST,
            format="DD/MM/YYYY",
            key="new.round.as_of",
        )
        with st.expander("Recorded dates (optional)"):
            _dates_widgets("new.dates", None)
        submitted = st.form_submit_button(
            "Create partnership", type="primary", key="setup.create.submit"
        )
    if not submitted:
        return
    get = st.session_state.get
    name = str(get("new.name") or "").strip()
    region_name = str(get("new.region") or "").strip()
    areas = split_lines(str(get("new.areas") or ""))
    nation = get("new.nation")
    rows = [
        AgencyRow(str(get(f"new.agency.{n}.name") or "").strip(), get(f"new.agency.{n}.role"))
        for n in range(1, MAX_AGENCY_ROWS + 1)
    ]
    label = str(get("new.round.label") or "").strip()
    as_of: dt.date | None = get("new.round.as_of")
    errors = check_partnership(
        name=name, region=region_name, areas=areas, nation=nation, taken_names=taken
    )
    errors.update(check_agencies(rows, nation, bundle.roles))
    errors.update(check_round(label=label, as_of=as_of))
    if _show_errors(errors, summary, slots) or as_of is None:
        return
    store = state.store()
    region = next(
        (r for r in store.list_regions() if r.name.lower() == region_name.lower()), None
    )
    if region is None:
        region = store.save_region(Region(id=slug(region_name), name=region_name),
                                   user=state.USER)
    existing = {a.name.lower(): a for a in store.list_agencies()}
    members: list[Agency] = []
    for row in rows:
        if not row.name:
            continue
        agency = existing.get(row.name.lower())
        if agency is None and row.role_id is not None:
            agency = store.save_agency(
                Agency(id=_free_id(slug(row.name), {a.id for a in existing.values()}),
                       name=row.name, role_id=row.role_id),
                user=state.USER,
            )
            existing[agency.name.lower()] = agency
        if agency is not None:
            members.append(agency)
    partnership_id = _free_id(slug(name), {p.id for p in store.list_partnerships()})
    partnership = store.save_partnership(
        Partnership(
            id=partnership_id,
            name=name,
            region_id=region.id,
            nation=nation,
            local_government_areas=areas,
            partnership_type=get("new.type") or "csp",
            lead_agency_id=members[0].id,
        ),
        user=state.USER,
    )
    for agency in members:
        store.add_member(partnership.id, agency.id, user=state.USER)
    round_ = store.create_round(
        partnership.id,
        label,
        as_of,
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=bundle.questionnaire.version,
        dates=_read_dates("new.dates"),
        user=state.USER,
    )
    for key in [k for k in st.session_state if str(k).startswith("new.")]:
        del st.session_state[key]
    state.select(state.SEL_PARTNERSHIP, partnership.id)
    state.select(state.SEL_ROUND, round_.id)
    state.select(state.SEL_AGENCY, None)
    state.flash(
        f"{partnership.name} has been set up with {len(members)} member agencies and round "
        f"{round_.label}. Each agency can now answer the questionnaire."
    )
    st.rerun()


def _free_id(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# --------------------------------------------------------------------------- edit


def _details(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    st.header(partnership.name)
    prefix = f"edit.{partnership.id}"
    members = {a.id: a.name for a in ctx.agencies}
    slots: dict[str, DeltaGenerator] = {}
    if f"{prefix}.name" not in st.session_state:
        st.session_state[f"{prefix}.name"] = partnership.name
        st.session_state[f"{prefix}.areas"] = "\n".join(partnership.local_government_areas)
        st.session_state[f"{prefix}.nation"] = partnership.nation
        st.session_state[f"{prefix}.lead"] = partnership.lead_agency_id
    with st.form(f"setup.details.{partnership.id}", enter_to_submit=False):
        summary = st.empty()
        slots["name"] = st.empty()
        st.text_input("Partnership name", key=f"{prefix}.name", max_chars=200)
        slots["areas"] = st.empty()
        st.text_area("Local government areas (one a line)", key=f"{prefix}.areas", height=90)
        slots["nation"] = st.empty()
        st.radio(
            "England or Wales",
            options=list(NATIONS),
            format_func=NATIONS.__getitem__,
            key=f"{prefix}.nation",
            horizontal=True,
        )
        if members:
            st.selectbox(
                "Lead agency",
                options=list(members),
                format_func=members.__getitem__,
                index=None,
                placeholder="Select the lead agency",
                key=f"{prefix}.lead",
            )
        submitted = st.form_submit_button("Save details", key="setup.details.submit")
    if not submitted:
        return
    get = st.session_state.get
    name = str(get(f"{prefix}.name") or "").strip()
    areas = split_lines(str(get(f"{prefix}.areas") or ""))
    nation = get(f"{prefix}.nation")
    others = [p.name for p in ctx.partnerships if p.id != partnership.id]
    errors = check_partnership(
        name=name, region="-", areas=areas, nation=nation, taken_names=others
    )
    if _show_errors(errors, summary, slots):
        return
    state.store().save_partnership(
        partnership.model_copy(
            update={
                "name": name,
                "local_government_areas": areas,
                "nation": nation,
                "lead_agency_id": get(f"{prefix}.lead") or partnership.lead_agency_id,
            }
        ),
        user=state.USER,
    )
    for field in ("name", "areas", "nation", "lead"):
        st.session_state.pop(f"{prefix}.{field}", None)
    state.flash("The partnership's details have been saved.")
    st.rerun()


def _members(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    roles = _role_options(ctx.bundle)
    st.subheader("Member agencies")
    if ctx.agencies:
        st.table(
            [
                {
                    "Agency": a.name,
                    "Role": roles.get(a.role_id, a.role_id),
                    "Lead": "Yes" if a.id == partnership.lead_agency_id else "No",
                }
                for a in ctx.agencies
            ],
            hide_index=True,
        )
    else:
        st.info("No member agencies yet.")
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"setup.add_agency.{partnership.id}", enter_to_submit=False):
        st.markdown("**Add a member agency**")
        summary = st.empty()
        slots["name"] = st.empty()
        st.text_input("Agency name", key="add.agency.name", max_chars=200)
        slots["role"] = st.empty()
        st.selectbox(
            "Agency role",
            options=list(roles),
            format_func=roles.__getitem__,
            index=None,
            placeholder="Select a role",
            key="add.agency.role",
        )
        submitted = st.form_submit_button("Add agency", key="setup.add_agency.submit")
    if submitted:
        name = str(st.session_state.get("add.agency.name") or "").strip()
        role = st.session_state.get("add.agency.role")
        errors = check_new_member(
            name, role, partnership.nation, ctx.bundle.roles, [a.name for a in ctx.agencies]
        )
        if not _show_errors(errors, summary, slots):
            store = state.store()
            agency = next(
                (a for a in store.list_agencies() if a.name.lower() == name.lower()), None
            )
            if agency is None:
                agency = store.save_agency(
                    Agency(
                        id=_free_id(slug(name), {a.id for a in store.list_agencies()}),
                        name=name,
                        role_id=role,
                    ),
                    user=state.USER,
                )
            store.add_member(partnership.id, agency.id, user=state.USER)
            for key in ("add.agency.name", "add.agency.role"):
                st.session_state.pop(key, None)
            state.flash(f"{agency.name} is now a member of {partnership.name}.")
            st.rerun()
    if ctx.agencies:
        names = {a.id: a.name for a in ctx.agencies}
        with st.expander("Remove a member agency"):
            st.markdown("Its saved answers are kept and come back if it rejoins.")
            chosen = st.selectbox(
                "Agency to remove",
                options=list(names),
                format_func=names.__getitem__,
                index=None,
                placeholder="Select an agency",
                key="remove.agency",
            )
            if st.button("Remove agency", key="setup.remove_agency"):
                if chosen is None:
                    field_error("Select the agency to remove")
                else:
                    state.store().remove_member(partnership.id, chosen, user=state.USER)
                    state.flash(f"{names[chosen]} has been removed from {partnership.name}.")
                    st.rerun()


def _rounds(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    st.header("Assessment rounds")
    if ctx.rounds:
        st.table(
            [
                {
                    "Round": r.label,
                    "Assessment date": f"{r.as_of:%d %B %Y}",
                    "Status": "Open" if r.status == "open" else "Closed",
                    "Carried forward from": _label_of(ctx.rounds, r.carried_from_round_id),
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
    st.subheader(f"Round {round_.label}")
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
        _dates_widgets(f"{prefix}.dates", round_.dates)
        submitted = st.form_submit_button("Save round dates", key="setup.round.submit")
    if submitted:
        as_of = st.session_state.get(f"{prefix}.as_of")
        errors = check_round(label=round_.label, as_of=as_of)
        if not _show_errors(errors, summary, slots):
            state.store().update_round(
                round_.id, as_of=as_of, dates=_read_dates(f"{prefix}.dates"), user=state.USER
            )
            state.flash(f"The dates for round {round_.label} have been saved.")
            st.rerun()
    with st.expander("Close this round"):
        st.markdown(
            "Closing a round freezes it: nobody can change its answers or actions afterwards. "
            "Do this when the assessment has gone to the board."
        )
        sure = st.checkbox(f"I want to close round {round_.label}", key=f"{prefix}.sure")
        if st.button("Close round", key="setup.close_round"):
            if not sure:
                field_error(f"Tick the box to confirm you want to close round {round_.label}")
            else:
                state.store().close_round(round_.id, user=state.USER)
                state.flash(f"Round {round_.label} is closed.")
                st.rerun()


def _new_round(ctx: frame.Context) -> None:
    partnership = ctx.partnership
    if partnership is None:
        return
    st.subheader("Start a new round")
    latest = ctx.rounds[-1] if ctx.rounds else None
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"setup.new_round.{partnership.id}", enter_to_submit=False):
        summary = st.empty()
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
                f"Carry forward the answers and actions from round {latest.label} (each "
                "answer is marked to re-confirm)",
                key="next.carry",
            )
            if latest.status == "open":
                st.checkbox(f"Close round {latest.label} at the same time", key="next.close")
        submitted = st.form_submit_button("Start round", key="setup.new_round.submit")
    if not submitted:
        return
    get = st.session_state.get
    label = str(get("next.label") or "").strip()
    as_of: dt.date | None = get("next.as_of")
    errors = check_round(label=label, as_of=as_of, taken_labels=[r.label for r in ctx.rounds])
    if _show_errors(errors, summary, slots) or as_of is None:
        return
    store = state.store()
    bundle = ctx.bundle
    if latest is not None and get("next.carry"):
        round_ = store.carry_forward(
            latest.id,
            label,
            as_of,
            dates=latest.dates,
            questionnaire_version=bundle.questionnaire.version,
            close_previous=bool(get("next.close")),
            user=state.USER,
        )
    else:
        if latest is not None and get("next.close") and latest.status == "open":
            store.close_round(latest.id, user=state.USER)
        round_ = store.create_round(
            partnership.id,
            label,
            as_of,
            questionnaire_id=bundle.questionnaire.id,
            questionnaire_version=bundle.questionnaire.version,
            user=state.USER,
        )
    for key in ("next.label", "next.as_of", "next.carry", "next.close"):
        st.session_state.pop(key, None)
    state.select(state.SEL_ROUND, round_.id)
    state.flash(f"Round {round_.label} has started.")
    st.rerun()


frame.run_page(render)
