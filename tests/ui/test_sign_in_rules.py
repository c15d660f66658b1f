"""Who may use the app, decided from what Streamlit reports (pure rules), and open mode."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from streamlit import config

from readiness.ui.identity import (
    OPEN_BANNER,
    Access,
    decide_access,
    host_name,
    is_this_computer,
    open_mode_allowed,
)
from tests.ui.conftest import PAGES, new_app, no_exceptions, open_page, texts

EVERY_INTERFACE = ".".join(["0"] * 4)  # what a server shared with the network listens on


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("localhost:8501", "localhost"),
        ("LOCALHOST", "localhost"),
        ("127.0.0.1:80", "127.0.0.1"),
        ("[::1]:8501", "::1"),
        ("::1", "::1"),
        ("readiness.council.gov.uk", "readiness.council.gov.uk"),
        ("", ""),
        (None, ""),
    ],
)
def test_the_host_is_read_without_its_port(host: str | None, name: str) -> None:
    assert host_name(host) == name


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.0.0.2:8501", True),
        ("::1", True),
        ("[::1]:8501", True),
        (EVERY_INTERFACE, False),  # every interface
        ("", False),  # Streamlit's default: every interface
        (None, False),
        ("192.168.1.20", False),
        ("readiness.council.gov.uk:443", False),
        ("localhost.evil.example", False),
    ],
)
def test_only_loopback_addresses_count_as_this_computer(host: str | None, local: bool) -> None:
    assert is_this_computer(host) is local


@pytest.mark.parametrize(
    ("address", "host", "allow", "allowed"),
    [
        ("localhost", "localhost:8501", False, True),
        ("127.0.0.1", None, False, True),  # no request headers (a test)
        ("localhost", "readiness.example.gov.uk", False, False),  # behind a proxy
        ("", "localhost:8501", False, False),  # listening on every interface
        (EVERY_INTERFACE, None, False, False),
        (EVERY_INTERFACE, "readiness.example.gov.uk", True, True),  # READINESS_ALLOW_OPEN=1
    ],
)
def test_open_mode_only_on_this_computer_unless_the_setting_allows_it(
    address: str, host: str | None, allow: bool, allowed: bool
) -> None:
    assert open_mode_allowed(address, host, allow) is allowed


def _decide(user: dict[str, Any], *, auth: bool = True, address: str = "localhost") -> Access:
    access, _, _ = decide_access(
        auth_configured=auth, user=user, server_address=address, host_header=None, allow_open=False
    )
    return access


@pytest.mark.parametrize(
    ("user", "access"),
    [
        ({}, Access.SIGNED_OUT),
        ({"is_logged_in": False}, Access.SIGNED_OUT),
        ({"email": "jo@x.gov.uk"}, Access.SIGNED_OUT),  # no is_logged_in: not signed in
        ({"is_logged_in": "true", "email": "jo@x.gov.uk"}, Access.SIGNED_OUT),
        ({"is_logged_in": True, "email": "jo@x.gov.uk"}, Access.SIGNED_IN),
        ({"is_logged_in": True, "email": "jo@x.gov.uk", "email_verified": True}, Access.SIGNED_IN),
        (
            {"is_logged_in": True, "email": "jo@x.gov.uk", "email_verified": False},
            Access.UNVERIFIED,
        ),
        (
            {"is_logged_in": True, "email": "jo@x.gov.uk", "email_verified": "false"},
            Access.UNVERIFIED,
        ),
        ({"is_logged_in": True, "email": " ", "name": "Jo"}, Access.NO_EMAIL),
        ({"is_logged_in": True, "name": "Jo"}, Access.NO_EMAIL),
    ],
)
def test_with_sign_in_set_up_a_person_is_known_by_a_verified_e_mail_address(
    user: dict[str, Any], access: Access
) -> None:
    assert _decide(user) is access


def test_without_sign_in_the_token_is_ignored_and_the_address_decides() -> None:
    person = {"is_logged_in": True, "email": "jo@x.gov.uk"}
    assert _decide(person, auth=False) is Access.OPEN
    assert _decide(person, auth=False, address=EVERY_INTERFACE) is Access.OPEN_REFUSED


def test_the_e_mail_address_and_name_come_from_the_token() -> None:
    assert decide_access(
        auth_configured=True,
        user={"is_logged_in": True, "email": " Jo@X.gov.uk ", "name": " Jo Bloggs "},
        server_address="localhost",
        host_header=None,
        allow_open=False,
    ) == (Access.SIGNED_IN, "Jo@X.gov.uk", "Jo Bloggs")


# --------------------------------------------------------------------------- the whole app


@pytest.fixture
def shared_address() -> Iterator[None]:
    """The server listening on every interface, as Streamlit does without the shipped config."""
    before = config.get_option("server.address")
    config.set_option("server.address", EVERY_INTERFACE)
    yield
    config.set_option("server.address", before)


def test_open_mode_on_this_computer_shows_the_banner_and_the_app() -> None:
    at = new_app().run()
    no_exceptions(at)
    assert texts(at.warning)[0] == OPEN_BANNER
    assert texts(at.title) == ["Serious Violence Duty readiness"]
    assert at.button(key="home.load_demo").label == "Load the demo data"
    assert not at.sidebar.button  # nobody to sign out


@pytest.mark.parametrize("page", [p for p in PAGES if p != "home"])
def test_open_mode_shows_the_banner_on_every_page(page: str) -> None:
    at = open_page(page)
    no_exceptions(at)
    assert texts(at.warning)[0] == OPEN_BANNER


@pytest.mark.usefixtures("shared_address")
def test_open_mode_on_a_shared_address_shows_nothing_and_says_what_to_set() -> None:
    at = new_app().run()
    no_exceptions(at)
    assert texts(at.title) == ["Sign-in is not set up"]
    [message] = texts(at.error)
    assert "READINESS_ALLOW_OPEN=1" in message
    assert 'server.address = "localhost"' in message
    assert not at.button  # no demo data to load, no forms


@pytest.mark.usefixtures("shared_address")
def test_the_setting_allows_open_mode_on_a_shared_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINESS_ALLOW_OPEN", "1")
    at = new_app().run()
    no_exceptions(at)
    assert texts(at.warning)[0] == OPEN_BANNER
    assert at.button(key="home.load_demo").label == "Load the demo data"


def test_a_setting_that_cannot_be_used_is_named_and_nothing_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("READINESS_ALLOW_OPEN", "perhaps")
    at = new_app().run()
    no_exceptions(at)
    [message] = texts(at.error)
    assert message.startswith("The setting READINESS_ALLOW_OPEN must be 1")
    assert not at.button
    assert not at.title


def test_the_shipped_config_listens_on_this_computer_only() -> None:
    assert config.get_option("server.address") == "localhost"
