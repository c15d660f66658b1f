"""Who is using the app: a person signed in with their organisation's account, or open mode.

* **Sign-in** is on when the secrets (``.streamlit/secrets.toml`` or ``--secrets.files``) have
  an ``[auth]`` section: Streamlit's own OpenID Connect support (``st.login``, ``st.user``,
  ``st.logout``) signs people in, and a person is identified by the verified e-mail address in
  their ID token. Their roles are read from the database on every run (one small query), so a
  role taken away takes effect at the person's next click.
* **Open mode** is what a single machine gets with no ``[auth]``: no sign-in, everything
  allowed. It is refused unless the app listens only on this computer (``server.address`` is
  ``localhost``, ``127.0.0.1`` or ``::1``, and the browser asked for such a host), or the
  ``READINESS_ALLOW_OPEN`` setting says so.

The decision is :func:`decide_access`, a pure function of what Streamlit reports, tested
without a server; :func:`begin_run` applies it once per run and keeps the result for
``state.actor()``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import streamlit as st

from readiness.errors import ReadinessError
from readiness.services import WEB_USER, Actor
from readiness.services.people import person_actor
from readiness.settings import ALLOW_OPEN_VAR, settings
from readiness.ui.components.text import user_text

#: Where the outcome of this run's sign-in check is kept (``begin_run``; read by ``state.actor``).
VISITOR_KEY = "identity.visitor"

OPEN_BANNER = (
    "**Sign-in is not set up.** Anyone who can open this page can see and change everything. "
    "Use this only on your own computer."
)


class Access(StrEnum):
    """What a visitor may do in this run."""

    OPEN = "open"  # no sign-in configured, on this computer: everything allowed
    OPEN_REFUSED = "open_refused"  # no sign-in configured, on a shared address: nothing shown
    SIGNED_OUT = "signed_out"  # sign-in configured, not signed in: only the sign-in page
    NO_EMAIL = "no_email"  # signed in, but the account gave no e-mail address
    UNVERIFIED = "unverified"  # signed in, but the e-mail address is not verified
    NO_ROLE = "no_role"  # signed in, holds no role anywhere
    SIGNED_IN = "signed_in"  # signed in with at least one role


class SignInNeededError(ReadinessError):
    """A page asked who is acting when nobody may act (signed out, or open mode refused)."""


@dataclass(frozen=True)
class Visitor:
    """The outcome of the sign-in check: what they may do and, when they may act, who they are."""

    access: Access
    actor: Actor | None = None
    email: str = ""
    name: str = ""

    @property
    def may_use_the_tool(self) -> bool:
        return self.access in (Access.OPEN, Access.SIGNED_IN)


# --------------------------------------------------------------------------- pure decisions


def host_name(host: str | None) -> str:
    """The host of a ``Host`` header or a server address, without port or brackets:
    ``localhost:8501`` -> ``localhost``, ``[::1]:8501`` -> ``::1``."""
    text = (host or "").strip().lower()
    if text.startswith("["):
        return text[1:].partition("]")[0]
    if text.count(":") == 1:  # a name or IPv4 address with a port
        return text.partition(":")[0]
    return text


def is_this_computer(host: str | None) -> bool:
    """Whether ``host`` (a server address or a ``Host`` header) can only be reached from this
    computer. An empty server address means every interface: not only this computer."""
    name = host_name(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def open_mode_allowed(server_address: str | None, host_header: str | None, allow: bool) -> bool:
    """Open mode only on this computer: the server listens on a loopback address and the
    browser asked for a loopback host (when it said which), or the setting allows it."""
    if allow:
        return True
    asked_local = not host_header or is_this_computer(host_header)
    return is_this_computer(server_address) and asked_local


def _flag_is_false(value: object) -> bool:
    """``email_verified`` as providers send it: a boolean, or the text "false"."""
    if isinstance(value, str):
        return value.strip().lower() in {"false", "0", "no"}
    return value is False or value == 0


def decide_access(
    *,
    auth_configured: bool,
    user: Mapping[str, Any],
    server_address: str | None,
    host_header: str | None,
    allow_open: bool,
) -> tuple[Access, str, str]:
    """What this visitor may do, before their roles are read: the access, and the e-mail
    address and name from the ID token (empty unless signed in)."""
    if not auth_configured:
        if open_mode_allowed(server_address, host_header, allow_open):
            return Access.OPEN, "", ""
        return Access.OPEN_REFUSED, "", ""
    if user.get("is_logged_in") is not True:
        return Access.SIGNED_OUT, "", ""
    email = str(user.get("email") or "").strip()
    name = str(user.get("name") or "").strip()
    if not email:
        return Access.NO_EMAIL, "", name
    if "email_verified" in user and _flag_is_false(user.get("email_verified")):
        return Access.UNVERIFIED, email, name
    return Access.SIGNED_IN, email, name


# --------------------------------------------------------------------------- Streamlit glue


def auth_configured() -> bool:
    """Whether the secrets have an ``[auth]`` section; no secrets file at all means no."""
    secrets = st.secrets
    try:
        return secrets.load_if_toml_exists() and "auth" in secrets
    except (OSError, ValueError):  # an unreadable secrets file: Streamlit logs it itself
        return False


def _host_header() -> str | None:
    try:
        return st.context.headers.get("Host")
    except (AttributeError, RuntimeError):  # no request (a test without a browser)
        return None


def visitor() -> Visitor:
    """Check who is using this session now: reads Streamlit's user, the server address, the
    settings and (when signed in) the person's roles from the database."""
    from readiness.ui import state  # noqa: PLC0415 - state imports this module for actor()

    found = settings()
    access, email, name = decide_access(
        auth_configured=auth_configured(),
        user=st.user.to_dict(),
        server_address=st.get_option("server.address"),
        host_header=_host_header(),
        allow_open=found.allow_open,
    )
    if access is Access.OPEN:
        return Visitor(access, WEB_USER)
    if access is not Access.SIGNED_IN:
        return Visitor(access, None, email, name)
    actor = person_actor(state.store(), email, name or email, found.admins)
    if not actor.grants:
        return Visitor(Access.NO_ROLE, None, actor.email or email, name)
    return Visitor(access, actor, actor.email or email, name)


def begin_run() -> Visitor:
    """Check the visitor once at the start of a run and keep the outcome for ``current``."""
    found = visitor()
    st.session_state[VISITOR_KEY] = found
    return found


def current() -> Visitor:
    """This run's visitor (checked by :func:`begin_run`, or now if the page runs on its own)."""
    kept = st.session_state.get(VISITOR_KEY)
    return kept if isinstance(kept, Visitor) else visitor()


def current_actor() -> Actor:
    """The person acting in this run; refused when nobody may act."""
    found = current()
    if found.actor is None:
        raise SignInNeededError("Sign in with your organisation's account to use this tool.")
    return found.actor


def open_refused_message() -> str:
    return (
        "This copy of the tool has no sign-in set up, and it can be reached from other "
        "computers, so it shows nothing: anyone could see and change everything. "
        "Whoever runs it can either set up sign-in (an [auth] section in the secrets file, "
        "as the deployment guide describes), or make it listen on this computer only "
        '(server.address = "localhost" in .streamlit/config.toml, as shipped). To allow '
        f"open mode on a shared address anyway, set {ALLOW_OPEN_VAR}=1."
    )


def signed_in_sidebar(visitor: Visitor) -> None:
    """Who is signed in, and a way to sign out, at the top of the sidebar on every page."""
    shown = user_text(visitor.email)
    if visitor.name and visitor.name.lower() != visitor.email.lower():
        shown = f"{user_text(visitor.name)} ({shown})"
    st.sidebar.markdown(f"Signed in as {shown}")
    if st.sidebar.button("Sign out", key="identity.sign_out"):
        st.logout()
        # Draw nothing more. Not st.rerun(): a new run empties the queue of messages to the
        # browser, and could drop the redirect that completes the sign-out.
        st.stop()
