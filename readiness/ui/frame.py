"""The frame every page runs in: a heading, the demo banner, and a last-resort error handler.

No traceback ever reaches a user: an unexpected exception is logged on the server with its
traceback and the user sees a short apology with a reference they can quote.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

import streamlit as st

from readiness.store.errors import StoreError

LOG = logging.getLogger("readiness.ui")

APOLOGY = (
    "Sorry, there is a problem with the service. Your saved answers are safe. "
    "Try again, or go back to the home page. If it keeps happening, quote reference {ref}."
)


def run_page(render: Callable[[], None]) -> None:
    """Run one page's ``render`` function, turning any error into a plain-English message.

    Streamlit's own control flow (``st.rerun``, ``st.switch_page``, ``st.stop``) raises
    ``BaseException`` subclasses, which pass through untouched.
    """
    try:
        render()
    except StoreError as exc:  # expected problems carry a message written for users
        st.error(str(exc))
    except Exception:
        ref = uuid.uuid4().hex[:8]
        LOG.exception("Unexpected error on a page (reference %s)", ref)
        st.error(APOLOGY.format(ref=ref))
