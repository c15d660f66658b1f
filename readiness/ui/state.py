"""Shared state for the pages: the content bundle, the store, and the current selection.

* The content (questionnaire, requirements, roles) and the store are process-wide resources
  (``st.cache_resource``), keyed by their path so tests with their own database get their own.
* The selection (partnership, round, agency) lives in ``st.session_state`` under ``sel.*`` and
  is mirrored into the address bar (``?partnership=…&round=…``) so a browser reload or a shared
  link comes back to the same place. Nothing else of importance lives in the session: answers
  are saved to the database when submitted.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.runtime import tune_garbage_collector
from readiness.scoring import ScoringResult
from readiness.services import Actor
from readiness.services.content import load_content
from readiness.services.results import score_round as _score_round
from readiness.settings import Settings, settings
from readiness.store import Store
from readiness.ui.components.text import user_text

tune_garbage_collector()  # once per server process (see readiness.runtime)


SEL_PARTNERSHIP = "sel.partnership"
SEL_ROUND = "sel.round"
SEL_AGENCY = "sel.agency"
FLASH = "flash"


def db_path() -> Path:
    """The database file: the ``READINESS_DB`` setting (``readiness.settings``)."""
    return settings().db_path


def questionnaire_path() -> str:
    """``READINESS_QUESTIONNAIRE`` (another questionnaire file) or "" for the shipped one."""
    path = settings().questionnaire_path
    return str(path) if path is not None else ""


@st.cache_resource(show_spinner=False)
def _bundle(path: str) -> ContentBundle:
    return load_content(Settings(questionnaire_path=Path(path) if path else None))


@st.cache_resource(show_spinner=False)
def _store(path: str) -> Store:
    # Keeps a few read connections open: a page run reads 5 or 6 times (issue 19).
    return Store(path, keep_readers=4)


def bundle() -> ContentBundle:
    return _bundle(questionnaire_path())


def store() -> Store:
    return _store(str(db_path()))


# --------------------------------------------------------------------------- selection


def selected(name: str) -> str | None:
    value = st.session_state.get(name)
    return value if isinstance(value, str) and value else None


def select(name: str, value: str | None) -> None:
    if value:
        st.session_state[name] = value
    else:
        st.session_state.pop(name, None)


def restore_from_address_bar() -> None:
    """After a browser reload the session is new: take the selection from the address bar."""
    params = st.query_params
    for name, param in ((SEL_PARTNERSHIP, "partnership"), (SEL_ROUND, "round")):
        if selected(name) is None and params.get(param):
            st.session_state[name] = params[param]


def mirror_to_address_bar() -> None:
    for name, param in ((SEL_PARTNERSHIP, "partnership"), (SEL_ROUND, "round")):
        value = selected(name)
        if value and st.query_params.get(param) != value:
            st.query_params[param] = value
        elif not value and param in st.query_params:
            del st.query_params[param]


def flash(message: str) -> None:
    """A message for the next run (after ``st.rerun``), e.g. "Your answers have been saved"."""
    st.session_state[FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(user_text(message), icon=":material/check_circle:")  # it may quote names


# --------------------------------------------------------------------------- who is acting


def actor() -> Actor:
    """The person using this session, checked by every service call the page makes: the
    signed-in person with their roles (read once per run), or "Web user" in open mode."""
    from readiness.ui import identity  # noqa: PLC0415 - identity reads the store through here

    return identity.current_actor()


# --------------------------------------------------------------------------- scoring


def score_round(round_id: str) -> ScoringResult:
    """Score a stored round with the current content (``services.results.score_round``)."""
    return _score_round(actor(), store(), bundle(), round_id)
