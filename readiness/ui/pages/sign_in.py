"""The only page a visitor sees until they may use the tool: sign in, or why they cannot go on.

Nothing here reads a partnership: a person who is not signed in, who has no role, or who
reached an open-mode copy from another computer sees no data at all.
"""

from __future__ import annotations

import streamlit as st

from readiness.ui import frame, identity
from readiness.ui.components.text import user_text

INTRO = (
    "This tool helps Serious Violence Duty partnerships check how ready they are: each member "
    "agency answers the questions for its role, and the tool shows whether the legal duties "
    "are met, how mature the partnership is, and what to do next."
)
SIGN_IN = "Sign in with your organisation's account"

TITLES = {
    identity.Access.SIGNED_OUT: "Serious Violence Duty readiness",
    identity.Access.NO_ROLE: "You do not have access to a partnership yet",
    identity.Access.UNVERIFIED: "Your e-mail address is not confirmed",
    identity.Access.NO_EMAIL: "Your account did not give an e-mail address",
    identity.Access.OPEN_REFUSED: "Sign-in is not set up",
}


def _who(visitor: identity.Visitor) -> str:
    email = user_text(visitor.email)
    if visitor.name and visitor.name.lower() != visitor.email.lower():
        return f"{user_text(visitor.name)} ({email})"
    return email


def _sign_out_button() -> None:
    if st.button("Sign out", key="sign_in.sign_out"):
        st.logout()
        st.stop()  # not st.rerun(), which could drop the redirect that signs out


def render() -> None:
    visitor = identity.current()
    st.title(TITLES.get(visitor.access, TITLES[identity.Access.SIGNED_OUT]))
    if visitor.access is identity.Access.OPEN_REFUSED:
        st.error(identity.open_refused_message())
        return
    if visitor.access is identity.Access.NO_ROLE:
        st.markdown(
            f"You are signed in as {_who(visitor)}, but you have no role in any partnership "
            "yet. Ask your partnership lead to invite you with this e-mail address: "
            f"{user_text(visitor.email)}."
        )
        _sign_out_button()
        return
    if visitor.access is identity.Access.UNVERIFIED:
        st.markdown(
            f"You are signed in as {_who(visitor)}, but your organisation's account has not "
            "confirmed that this e-mail address is yours, so this tool cannot tell who you "
            "are. Sign out and sign in with your work account, or ask your IT team to confirm "
            "the address."
        )
        _sign_out_button()
        return
    if visitor.access is identity.Access.NO_EMAIL:
        st.markdown(
            "You are signed in, but your organisation's account did not tell this tool your "
            "e-mail address, so it cannot tell which partnerships you belong to. Ask whoever "
            "runs this tool to include the e-mail address in the sign-in (the deployment guide "
            "says how)."
        )
        _sign_out_button()
        return
    st.markdown(INTRO)
    st.markdown(
        "Sign in with the account you use at work (for example your police, NHS or council "
        "account). You will see the partnerships your partnership lead has invited you to."
    )
    if st.button(SIGN_IN, key="sign_in.sign_in", type="primary"):
        st.login()


frame.run_page(render)
