"""The partnership's serious violence definition on the evidence page: what it is, who set it,
and a form to change it (an error summary at the top, a message beside each field)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from readiness.evidence.definition import (
    CATEGORY_LABELS,
    DEFAULT_DEFINITION,
    POLICE_UK_CRIME_TYPES,
    SeriousViolenceDefinition,
    definition_from_form,
    describe_definition,
)
from readiness.services import evidence as evidence_service
from readiness.store.incidents import IncidentStore
from readiness.ui import state
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.text import user_text

KEY = "evidence-definition"
LABELS = {
    "name": "Name of the definition",
    "description": "What it covers, in a sentence or two",
    "categories": "Categories counted in force extracts that have no offence codes",
    "offence_codes": "Home Office offence codes counted (separated by commas or spaces)",
    "police_uk_categories": "data.police.uk crime types counted (a proxy: 14 broad types)",
}


def render_definition(
    store: IncidentStore, partnership_id: str, who_default: str = ""
) -> SeriousViolenceDefinition:
    """Show the definition in use and the form to change it; return the definition to use."""
    saved = evidence_service.definition(state.actor(), state.store(), store, partnership_id)
    current = saved.definition if saved is not None else DEFAULT_DEFINITION
    st.header("Serious violence definition")
    if saved is None or saved.is_default:
        st.markdown(
            "The partnership uses the default definition. Each partnership decides what "
            "counts as serious violence in its area; change it below if yours differs."
        )
    else:
        when = saved.saved_at[:10]
        st.markdown(
            f"The partnership's own definition, saved by {user_text(saved.saved_by)} on {when}."
        )
    lines = [(what, user_text(value)) for what, value in describe_definition(current)]
    st.table(pd.DataFrame(lines, columns=["", "Definition"]).set_index(""))
    with st.expander("Change the definition"):
        _form(
            store, partnership_id, current, saved is not None and not saved.is_default, who_default
        )
    return current


def _form(
    store: IncidentStore,
    partnership_id: str,
    current: SeriousViolenceDefinition,
    is_own: bool,
    who_default: str,
) -> None:
    summary = st.container()
    slots: dict[str, DeltaGenerator] = {}
    with st.form(f"{KEY}.form"):
        name = st.text_input(LABELS["name"], value=current.name, key=f"{KEY}.name")
        slots["name"] = st.empty()
        description = st.text_area(
            LABELS["description"], value=current.description, key=f"{KEY}.description"
        )
        categories = st.multiselect(
            LABELS["categories"],
            list(CATEGORY_LABELS),
            default=[c for c in CATEGORY_LABELS if c in current.categories],
            format_func=CATEGORY_LABELS.__getitem__,
            key=f"{KEY}.categories",
        )
        slots["categories"] = st.empty()
        codes = st.text_area(
            LABELS["offence_codes"],
            value=", ".join(sorted(current.offence_codes)),
            key=f"{KEY}.offence_codes",
            help="Codes from the Home Office Counting Rules, for example 5D "
            "(assault with intent to cause serious harm) or 34A "
            "(robbery of business property).",
        )
        slots["offence_codes"] = st.empty()
        police_uk = st.multiselect(
            LABELS["police_uk_categories"],
            list(POLICE_UK_CRIME_TYPES),
            default=[t for t in POLICE_UK_CRIME_TYPES if t in current.police_uk_categories],
            key=f"{KEY}.police_uk_categories",
        )
        slots["police_uk_categories"] = st.empty()
        weapon_flag = st.checkbox(
            "Also count any offence involving a knife, firearm or corrosive substance",
            value=current.include_serious_weapon_flag,
            key=f"{KEY}.weapon_flag",
        )
        weapon_only = st.checkbox(
            "Only count offences involving a weapon",
            value=current.weapon_only,
            key=f"{KEY}.weapon_only",
        )
        under_25 = st.checkbox(
            "Only count offences where the victim or suspect is under 25",
            value=current.under_25_only,
            key=f"{KEY}.under_25",
        )
        domestic = st.checkbox(
            "Include domestic abuse offences",
            value=current.include_domestic_abuse,
            key=f"{KEY}.domestic",
        )
        who = st.text_input(
            "Your name or email (recorded with the change)", value=who_default, key=f"{KEY}.who"
        )
        slots["who"] = st.empty()
        save = st.form_submit_button("Save the definition", type="primary")
        reset = is_own and st.form_submit_button("Go back to the default definition")
    if not save and not reset:
        return
    if not who.strip():
        message = "Enter your name or email, so others can see who changed the definition"
        error_summary([message], summary)
        field_error(message, slots["who"])
        return
    if reset:
        _save(store, partnership_id, None, who.strip())
    definition, errors = definition_from_form(
        name=name,
        description=description,
        categories=categories,
        offence_codes=codes,
        police_uk_categories=police_uk,
        include_serious_weapon_flag=weapon_flag,
        weapon_only=weapon_only,
        under_25_only=under_25,
        include_domestic_abuse=domestic,
        version=current.version,
    )
    if errors or definition is None:
        error_summary(list(errors.values()), summary)
        for field, message in errors.items():
            field_error(message, slots.get(field, summary))
        return
    _save(store, partnership_id, definition, who.strip())


def _save(
    store: IncidentStore,
    partnership_id: str,
    definition: SeriousViolenceDefinition | None,
    who: str,
) -> None:
    saved = evidence_service.save_definition(
        state.actor(), store, partnership_id, definition, saved_by=who
    )
    state.flash(
        f"The serious violence definition has been saved: the profile below now uses {saved.name}."
        if definition is not None
        else "The partnership now uses the default serious violence definition."
    )
    st.rerun()
