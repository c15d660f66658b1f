"""Settings read from the environment: one frozen object, read afresh on each call.

``settings()`` reads ``os.environ`` every time it is called (a handful of look-ups), so a test
that sets ``READINESS_DB`` with ``monkeypatch`` sees its own database with nothing to reset.
Callers that need a stable value for a whole operation read it once and pass it on.

| Variable | Meaning | Default |
|---|---|---|
| ``READINESS_DB`` | the SQLite database file | ``data/readiness.db`` |
| ``READINESS_QUESTIONNAIRE`` | another questionnaire file (YAML) | the shipped one |
| ``READINESS_WORKBOOK_MAX_MB`` | largest workbook upload, in MB | 5 |
| ``READINESS_EVIDENCE_MAX_MB`` | largest evidence upload, in MB | 200 |
| ``READINESS_ADMINS`` | administrators' e-mail addresses, comma-separated | none |
| ``READINESS_ALLOW_OPEN`` | ``1``: open mode (no sign-in) on a shared address | ``0`` |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import ReadinessError

DEFAULT_DB_PATH = Path("data") / "readiness.db"
DB_VAR = "READINESS_DB"
QUESTIONNAIRE_VAR = "READINESS_QUESTIONNAIRE"
WORKBOOK_MAX_VAR = "READINESS_WORKBOOK_MAX_MB"
EVIDENCE_MAX_VAR = "READINESS_EVIDENCE_MAX_MB"
ADMINS_VAR = "READINESS_ADMINS"
ALLOW_OPEN_VAR = "READINESS_ALLOW_OPEN"
MB = 1024 * 1024
DEFAULT_WORKBOOK_MAX_MB = 5
DEFAULT_EVIDENCE_MAX_MB = 200


class SettingsError(ReadinessError):
    """A setting in the environment that cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    """Where the data is and how large an upload may be."""

    db_path: Path = DEFAULT_DB_PATH
    #: another questionnaire file, or None for the shipped one
    questionnaire_path: Path | None = None
    workbook_max_bytes: int = DEFAULT_WORKBOOK_MAX_MB * MB
    evidence_max_bytes: int = DEFAULT_EVIDENCE_MAX_MB * MB
    #: administrators named in the environment (e-mail addresses, lower case)
    admins: tuple[str, ...] = ()
    #: open mode (no sign-in) allowed on an address other than this computer's
    allow_open: bool = False


def _megabytes(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default * MB
    if not text.isdigit() or int(text) < 1:
        raise SettingsError(
            f"The setting {name} must be a whole number of megabytes, 1 or more, not {text!r}."
        )
    return int(text) * MB


def _admins(environ: Mapping[str, str]) -> tuple[str, ...]:
    from readiness.access.policy import administrators_from  # noqa: PLC0415 - pydantic, later

    try:
        return tuple(grant.email for grant in administrators_from(environ.get(ADMINS_VAR, "")))
    except ValueError as exc:
        raise SettingsError(
            f"The setting {ADMINS_VAR} must be e-mail addresses separated by commas, such as "
            f"lead@council.gov.uk,analyst@police.uk; it holds something else: "
            f"{environ.get(ADMINS_VAR, '')!r}."
        ) from exc


_YES = frozenset({"1", "true", "yes"})
_NO = frozenset({"", "0", "false", "no"})


def _allow_open(environ: Mapping[str, str]) -> bool:
    text = environ.get(ALLOW_OPEN_VAR, "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise SettingsError(
        f"The setting {ALLOW_OPEN_VAR} must be 1 (let anyone who can reach this address use "
        f"the tool without signing in) or 0, not {environ.get(ALLOW_OPEN_VAR)!r}."
    )


def settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``environ`` (``os.environ`` by default), read now."""
    env = os.environ if environ is None else environ
    questionnaire = env.get(QUESTIONNAIRE_VAR, "").strip()
    return Settings(
        db_path=Path(env.get(DB_VAR) or DEFAULT_DB_PATH),
        questionnaire_path=Path(questionnaire) if questionnaire else None,
        workbook_max_bytes=_megabytes(env, WORKBOOK_MAX_VAR, DEFAULT_WORKBOOK_MAX_MB),
        evidence_max_bytes=_megabytes(env, EVIDENCE_MAX_VAR, DEFAULT_EVIDENCE_MAX_MB),
        admins=_admins(env),
        allow_open=_allow_open(env),
    )
