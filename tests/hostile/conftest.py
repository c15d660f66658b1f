"""The page tests here use the AppTest harness of tests/ui (a fresh database per test)."""

from tests.ui.conftest import mini_content, ui_env

__all__ = ["mini_content", "ui_env"]
