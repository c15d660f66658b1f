"""Upload a completed workbook: a filled-in questionnaire pack or an updated action plan.

The file is checked completely first. Problems are listed by sheet and cell and nothing is
saved; a valid file shows every change (old and new) and is saved only when the user confirms.
"""

from __future__ import annotations

import streamlit as st

from readiness.access.policy import Permission
from readiness.excel.importer import MAX_FILE_BYTES
from readiness.services import workbooks
from readiness.ui import frame, state
from readiness.ui.components.errors import error_summary
from readiness.ui.components.text import user_text

UPLOAD_GENERATION = "upload.generation"


def render() -> None:
    st.title("Upload a completed workbook")
    ctx = frame.context()
    if not frame.need_partnership(ctx) or ctx.round is None or ctx.partnership is None:
        return
    if not frame.permitted(ctx, Permission.IMPORT_AGENCY_PACK):  # the services refuse anyway
        return
    frame.round_caption(ctx)
    state.show_flash()
    st.markdown(
        "Upload a questionnaire you filled in offline, or an action plan with updated status, "
        "RAG, due dates, leads or notes. The file is checked first: nothing is saved until "
        "you have seen the changes and confirmed them."
    )
    if not ctx.round_is_open:
        st.info("This round is closed, so answers and actions can no longer be changed.")
        return
    generation = int(st.session_state.get(UPLOAD_GENERATION, 0))
    uploaded = st.file_uploader(
        "Choose the workbook (.xlsx)",
        type=["xlsx"],
        max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
        key=f"upload.file.{generation}",
    )
    if uploaded is None:
        return
    store = state.store()
    bundle = state.bundle()
    outcome = workbooks.preview(
        state.actor(),
        store,
        bundle,
        uploaded.getvalue(),
        expected_partnership=ctx.partnership.id,
        expected_round=ctx.round.id,
    )
    if outcome.problems:
        count = len(outcome.problems)
        error_summary([str(p) for p in outcome.problems[:20]])
        st.markdown(
            f"The workbook was not imported because it has {count} "
            f"problem{'s' if count != 1 else ''}. Nothing was changed. Fix "
            f"{'them' if count != 1 else 'it'} and upload the file again."
        )
        st.table(
            [
                # the sheet names and the values quoted come from the file: shown as text
                {
                    "Sheet": user_text(p.sheet or ""),
                    "Cell": user_text(p.cell or ""),
                    "What to fix": user_text(p.message),
                }
                for p in outcome.problems
            ],
            hide_index=True,
        )
        return
    changes = outcome.changes
    if changes is None or changes.is_empty:
        st.info("The workbook is valid, but it does not change anything.")
        return
    st.success(user_text(changes.summary()), icon=":material/fact_check:")
    st.subheader("Check the changes")
    st.table(
        [
            {
                "What": user_text(r.item),
                "Field": user_text(r.field),
                "Now": user_text(r.old),
                "After saving": user_text(r.new),
            }
            for r in changes.preview(bundle)
        ],
        hide_index=True,
    )
    if st.button("Save these changes", type="primary", key="upload.confirm"):
        result = workbooks.apply(state.actor(), store, bundle, changes)
        if result.ok:
            state.flash(result.summary())
            st.session_state[UPLOAD_GENERATION] = generation + 1
            st.rerun()
        error_summary(result.problems)


frame.run_page(render)
