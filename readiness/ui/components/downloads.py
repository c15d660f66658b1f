"""Download buttons for the Excel workbooks, for the results and action-plan pages.

The workbook is built only when the button is pressed (``data`` is a callable), so drawing a
page costs nothing. Call after the page has synced the round's actions (the action-plan page
does); the plan here is built from the saved actions without changing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.excel import service
from readiness.services import rounds, workbooks
from readiness.store import Store
from readiness.store.records import Round
from readiness.ui import state


def _file_name(kind: str, round_: Round, agency_id: str | None) -> str:
    parts = [kind, round_.partnership_id, round_.label, agency_id or ""]
    slug = "-".join(p for p in parts if p)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in slug)
    return f"{safe}.xlsx"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def excel_download_button(label: str, build: Callable[[], bytes], file_name: str, key: str) -> None:
    """A download button for a workbook that ``build`` makes when the button is pressed;
    pressing it does not rerun the page."""
    st.download_button(
        label,
        data=build,
        file_name=file_name,
        mime=service.XLSX_MIME,
        on_click="ignore",
        key=key,
        icon=":material/download:",
    )


def plan_download_button(
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    agency_id: str | None = None,
    *,
    key: str = "download.plan",
) -> None:
    """ "Download the action plan (Excel)": the round's plan, or one agency's actions."""
    actor = state.actor()  # now: the workbook is built outside the page's run (no sign-in there)
    round_ = rounds.get(actor, store, round_id)

    def build() -> bytes:
        return workbooks.plan_workbook(
            actor,
            store,
            bundle,
            round_id,
            generated_at=_now(),
            agency_id=agency_id,
            sync=False,
        )

    excel_download_button(
        "Download the action plan (Excel)", build, _file_name("action-plan", round_, agency_id), key
    )


def pack_download_button(
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    agency_id: str | None = None,
    *,
    key: str = "download.pack",
) -> None:
    """ "Download the questionnaire to fill in offline (Excel)" for one agency or all."""
    actor = state.actor()  # now: the workbook is built outside the page's run (no sign-in there)
    round_ = rounds.get(actor, store, round_id)

    def build() -> bytes:
        return workbooks.pack_workbook(
            actor, store, bundle, round_id, generated_at=_now(), agency_id=agency_id
        )

    excel_download_button(
        "Download the questionnaire to fill in offline (Excel)",
        build,
        _file_name("questionnaire", round_, agency_id),
        key,
    )
