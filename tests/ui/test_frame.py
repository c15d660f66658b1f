"""No traceback ever reaches a user: unexpected errors become a short apology, and are logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.conftest import TIMEOUT, open_page, texts


def _page_that_breaks() -> None:
    from readiness.ui.frame import run_page

    def render() -> None:
        raise ZeroDivisionError("division by zero in a page")

    run_page(render)


def _page_with_a_store_problem() -> None:
    from readiness.store.errors import RoundClosedError
    from readiness.ui.frame import run_page

    def render() -> None:
        raise RoundClosedError("2025/26")

    run_page(render)


def test_an_unexpected_error_shows_an_apology_and_no_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    at = AppTest.from_function(_page_that_breaks, default_timeout=TIMEOUT).run()
    assert not at.exception
    [message] = texts(at.error)
    assert message.startswith("Sorry, there is a problem with the service. Your saved answers")
    assert "ZeroDivisionError" not in message
    assert "division by zero" not in message
    assert "Unexpected error on a page" in caplog.text


def test_a_store_problem_is_shown_in_its_own_plain_words() -> None:
    at = AppTest.from_function(_page_with_a_store_problem, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert texts(at.error) == [
        "This round (2025/26) is closed, so answers and actions can no longer be changed. "
        "Open a new round to carry on."
    ]


def test_broken_content_files_stop_the_app_with_a_plain_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: questionnaire\nid: x\n", encoding="utf-8")
    monkeypatch.setenv("READINESS_QUESTIONNAIRE", str(broken))
    at = open_page("setup")
    assert not at.exception
    assert texts(at.error) == [
        "The questionnaire files have problems, so the tool cannot start. "
        "Run `python -m readiness validate` to see them."
    ]
