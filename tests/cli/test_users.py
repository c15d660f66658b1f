"""python -m readiness users add / remove / list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readiness.cli import main
from readiness.store import Store
from tests.store.sample import COUNCIL, PARTNERSHIP, POLICE, REGION, add_partnership, ticking_clock

JO = "jo@police.example.gov.uk"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "users.db"
    store = Store(path, clock=ticking_clock())
    add_partnership(store)
    store.remove_member(PARTNERSHIP, COUNCIL, user="setup")  # an agency that is not a member
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _listed(capsys: pytest.CaptureFixture[str], db: str) -> list[dict[str, str | None]]:
    code, out, _ = _run(capsys, "users", "list", "--json", "--db", db)
    assert code == 0
    rows: list[dict[str, str | None]] = json.loads(out)
    return rows


def test_add_then_list_as_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "users", "add", "Jo@Police.example.gov.uk", "--role", "respondent",
        "--partnership", PARTNERSHIP, "--agency", POLICE, "--db", db,
    )  # fmt: skip
    assert code == 0
    assert out == (
        f"{JO} is now Respondent for an agency (partnership {PARTNERSHIP}, agency {POLICE}).\n"
    )
    code, out, _ = _run(capsys, "users", "add", "lead@vru.gov.uk", "--role", "region_lead",
                        "--region", REGION, "--db", db)  # fmt: skip
    assert code == 0
    assert _listed(capsys, db) == [
        {
            "email": JO,
            "role": "respondent",
            "region_id": None,
            "partnership_id": PARTNERSHIP,
            "agency_id": POLICE,
        },
        {
            "email": "lead@vru.gov.uk",
            "role": "region_lead",
            "region_id": REGION,
            "partnership_id": None,
            "agency_id": None,
        },
    ]
    audit = Store(db).audit_log(entity="grant")
    assert [e.user for e in audit] == ["command line", "command line"]


def test_adding_twice_says_nothing_changed(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("users", "add", "a@b.gov.uk", "--role", "viewer", "--partnership", PARTNERSHIP)
    assert _run(capsys, *args, "--db", db)[0] == 0
    code, out, _ = _run(capsys, *args, "--db", db)
    assert code == 0
    assert "is already Viewer" in out
    assert "Nothing was changed." in out
    assert len(_listed(capsys, db)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "superuser"], "There is no role called 'superuser'. The roles are: "),
        (
            ["--role", "viewer", "--partnership", "p-nowhere"],
            "no partnership with the id p-nowhere",
        ),
        (["--role", "region_lead", "--region", "r-nowhere"], "no region with the id r-nowhere"),
        (
            ["--role", "respondent", "--partnership", PARTNERSHIP, "--agency", "a-nowhere"],
            "no agency with the id a-nowhere",
        ),
        (
            ["--role", "respondent", "--partnership", PARTNERSHIP, "--agency", COUNCIL],
            f"The agency {COUNCIL} is not a member of the partnership {PARTNERSHIP}",
        ),
        (["--role", "respondent", "--partnership", PARTNERSHIP], "must name an agency"),
        (["--role", "administrator", "--region", REGION], "does not take a region"),
    ],
)
def test_bad_adds_are_refused_with_a_message_and_change_nothing(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, "users", "add", "a@b.gov.uk", *args, "--db", db)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert out == ""
    assert _listed(capsys, db) == []


def test_a_malformed_address_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "users", "add", "not-an-address", "--role", "administrator",
                        "--db", db)  # fmt: skip
    assert code == 1
    assert "is not an e-mail address" in err


def test_remove_takes_only_the_roles_named(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "users", "add", JO, "--role", "viewer", "--partnership", PARTNERSHIP, "--db", db)
    _run(capsys, "users", "add", JO, "--role", "analyst", "--partnership", PARTNERSHIP, "--db", db)
    _run(capsys, "users", "add", JO, "--role", "administrator", "--db", db)
    code, out, _ = _run(capsys, "users", "remove", JO.upper(), "--role", "viewer",
                        "--role", "Analyst", "--db", db)  # fmt: skip
    assert code == 0
    assert out.count("is no longer") == 2
    assert [r["role"] for r in _listed(capsys, db)] == ["administrator"]
    code, out, _ = _run(capsys, "users", "remove", JO, "--db", db)
    assert (code, out) == (0, f"{JO} is no longer Administrator.\n")
    assert _listed(capsys, db) == []


def test_removing_what_is_not_held_is_an_error(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "users", "remove", "nobody@b.gov.uk", "--db", db)
    assert code == 1
    assert "nobody@b.gov.uk does not hold any role" in err
    code, _, err = _run(capsys, "users", "remove", "nobody@b.gov.uk", "--role", "boss", "--db", db)
    assert code == 1
    assert "There is no role called 'boss'" in err


def test_list_shows_the_administrators_of_the_setting(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(capsys, "users", "list", "--db", db)
    assert code == 0
    assert "No one holds a role yet" in out
    monkeypatch.setenv("READINESS_ADMINS", "First@Admin.gov.uk")
    _run(capsys, "users", "add", JO, "--role", "viewer", "--partnership", PARTNERSHIP, "--db", db)
    code, out, _ = _run(capsys, "users", "list", "--db", db)
    assert code == 0
    first, second = out.splitlines()
    assert first == "first@admin.gov.uk: Administrator (from the setting READINESS_ADMINS)"
    assert re.fullmatch(
        rf"{JO}: Viewer \(for example a board member\) \(partnership {PARTNERSHIP}\), "
        r"given by command line on \d{4}-\d{2}-\d{2}",
        second,
    )
    assert _listed(capsys, db)[0]["email"] == JO  # JSON lists the stored grants only


def test_a_bad_admins_setting_is_named(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_ADMINS", "first@admin.gov.uk, not an address")
    code, _, err = _run(capsys, "users", "list", "--db", db)
    assert code == 1
    assert "READINESS_ADMINS" in err
