"""One settings object, read from the environment on each call (so monkeypatch just works)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.settings import MB, Settings, SettingsError, settings
from readiness.store import Store, default_db_path


def test_defaults() -> None:
    assert settings({}) == Settings(
        db_path=Path("data/readiness.db"),
        questionnaire_path=None,
        workbook_max_bytes=5 * MB,
        evidence_max_bytes=200 * MB,
    )


def test_every_setting_is_read_from_the_environment() -> None:
    found = settings(
        {
            "READINESS_DB": "/srv/x.db",
            "READINESS_QUESTIONNAIRE": "q.yaml",
            "READINESS_WORKBOOK_MAX_MB": "7",
            "READINESS_EVIDENCE_MAX_MB": " 50 ",
        }
    )
    assert found == Settings(Path("/srv/x.db"), Path("q.yaml"), 7 * MB, 50 * MB)


@pytest.mark.parametrize("value", ["0", "-3", "5.5", "lots"])
def test_a_bad_upload_limit_is_named_in_a_plain_message(value: str) -> None:
    with pytest.raises(SettingsError, match="READINESS_WORKBOOK_MAX_MB must be a whole number"):
        settings({"READINESS_WORKBOOK_MAX_MB": value})


def test_each_test_sees_its_own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINESS_DB", str(tmp_path / "one.db"))
    assert default_db_path() == tmp_path / "one.db"
    assert Store().path == tmp_path / "one.db"
    monkeypatch.setenv("READINESS_DB", str(tmp_path / "two.db"))
    assert settings().db_path == tmp_path / "two.db"
    assert Store().path == tmp_path / "two.db"


@pytest.mark.parametrize(
    ("value", "allowed"),
    [("", False), ("0", False), ("no", False), ("1", True), (" TRUE ", True), ("yes", True)],
)
def test_open_mode_on_a_shared_address_is_off_unless_the_setting_says_so(
    value: str, allowed: bool
) -> None:
    assert settings({}).allow_open is False
    assert settings({"READINESS_ALLOW_OPEN": value}).allow_open is allowed


def test_a_muddled_allow_open_setting_is_named_and_refused() -> None:
    with pytest.raises(SettingsError, match="READINESS_ALLOW_OPEN must be 1") as caught:
        settings({"READINESS_ALLOW_OPEN": "maybe"})
    assert "'maybe'" in str(caught.value)
