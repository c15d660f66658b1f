"""The partnership's serious violence definition: checked like a form, kept per partnership,
used by the profile, the annex and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from readiness.evidence.definition import (
    DEFAULT_DEFINITION,
    SeriousViolenceDefinition,
    definition_from_form,
    describe_definition,
)
from readiness.evidence.export import export_workbook
from readiness.evidence.files import SourceFile
from readiness.evidence.police import read_police_files
from readiness.evidence.report import build_report
from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import CITY, street_paths

WHEN = dt.datetime(2025, 3, 1, 10, 0, tzinfo=dt.UTC)
FORM: dict[str, Any] = {
    "name": "Knife and youth violence",
    "description": "Our SNA's definition.",
    "categories": ["homicide", "violence_with_injury", "robbery"],
    "offence_codes": "5D, 8N 105A",
    "police_uk_categories": ["Robbery", "Possession of weapons"],
    "include_serious_weapon_flag": True,
    "weapon_only": False,
    "under_25_only": False,
    "include_domestic_abuse": True,
    "version": 1,
}


def test_a_good_form_makes_the_partnerships_own_definition() -> None:
    definition, errors = definition_from_form(**FORM)
    assert errors == {}
    assert definition is not None
    assert definition.id == "local"
    assert definition.offence_codes == {"5D", "8N", "105A"}
    assert definition.police_uk_categories == {"Robbery", "Possession of weapons"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "Enter a name for the definition"),
        ({"name": "x" * 81}, "name", "The name must be 80 characters or fewer"),
        (
            {"offence_codes": "5D, knife, 99999"},
            "offence_codes",
            "99999, KNIFE are not Home Office offence codes: use codes like 1, 4.10, 5D or 105A",
        ),
        ({"offence_codes": "5 D"}, "offence_codes", "D is not a Home Office offence code"),
        (
            {"police_uk_categories": []},
            "police_uk_categories",
            "Choose at least one data.police.uk crime type",
        ),
        (
            {"categories": [], "offence_codes": ""},
            "categories",
            "Choose at least one category or enter at least one Home Office offence code",
        ),
        ({"categories": ["shoplifting"]}, "categories", "Unknown categories: shoplifting"),
    ],
    ids=[
        "no name",
        "a long name",
        "codes that are not codes",
        "a code split by a space",
        "no police.uk crime type",
        "nothing to count in force extracts",
        "an unknown category",
    ],
)
def test_a_bad_form_says_what_to_fix(change: dict[str, Any], field: str, message: str) -> None:
    definition, errors = definition_from_form(**{**FORM, **change})
    assert definition is None
    assert message in errors[field]


def test_every_problem_is_listed_in_the_order_of_the_form() -> None:
    _, errors = definition_from_form(
        **{**FORM, "name": "", "offence_codes": "zz", "police_uk_categories": []}
    )
    assert list(errors) == ["name", "offence_codes", "police_uk_categories"]


def test_the_default_is_described_in_words() -> None:
    described = dict(describe_definition(DEFAULT_DEFINITION))
    assert described["Name"] == "Core serious violence (default) (version 1)"
    assert described["Home Office offence codes"].startswith("1, 2, 4.1,")
    categories = described["Categories (force extracts without codes)"]
    assert categories == "Homicide, Violence with injury, Robbery, Possession of weapons"
    assert described["data.police.uk crime types (a proxy)"] == (
        "Possession of weapons, Robbery, Violence and sexual offences"
    )
    assert "knife, firearm or corrosive" in described["Other rules"]


def test_each_partnership_keeps_its_own_definition_with_a_version(tmp_path: Path) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    assert store.definition("city") is None
    own, _ = definition_from_form(**FORM)
    assert own is not None
    first = store.save_definition("city", own, saved_by="analyst@city", saved_at=WHEN)
    second = store.save_definition("city", own, saved_by="analyst@city", saved_at=WHEN)
    assert (first.version, second.version) == (1, 2)
    saved = IncidentStore(tmp_path / "incidents.db").definition("city")
    assert saved is not None
    assert saved.definition == second
    assert (saved.saved_by, saved.saved_at) == ("analyst@city", WHEN.isoformat())
    assert not saved.is_default
    assert store.definition("other") is None
    store.save_definition("city", None, saved_by="lead@city", saved_at=WHEN)
    back = store.definition("city")
    assert back is not None
    assert back.is_default
    assert back.definition == DEFAULT_DEFINITION


def _police() -> Any:
    files = [SourceFile.from_bytes(p.name, p.read_bytes()) for p in street_paths()[:3]]
    return read_police_files(files, area=CITY)


def test_the_profile_and_the_annex_use_and_show_the_partnerships_definition() -> None:
    own, _ = definition_from_form(**FORM)
    assert own is not None
    police = _police()
    default = build_report(police)
    report = build_report(police, definition=own)
    assert report.police is not None
    assert default.police is not None
    assert report.police.serious_violence < default.police.serious_violence
    assert report.police.definition_name == "Knife and youth violence"
    book = load_workbook(io.BytesIO(export_workbook(report)))
    assert book.sheetnames == ["Police", "Definition", "Data quality"]
    rows = {r[0].value: r[1].value for r in book["Definition"].iter_rows(min_row=3)}
    assert rows["Name"] == "Knife and youth violence (version 1)"
    assert rows["Home Office offence codes"] == "5D, 8N, 105A"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "readiness", "profile", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_line_takes_a_definition_file(tmp_path: Path) -> None:
    definition = tmp_path / "definition.yaml"
    definition.write_text(
        "name: Robbery and weapons\npolice_uk_categories: [Robbery, "
        "Possession of weapons]\noffence_codes: ['34A', '34B']\n"
        "categories: [robbery]\n",
        encoding="utf-8",
    )
    paths = [str(p) for p in street_paths()[:2]]
    narrow = _cli(*paths, "--json", "--definition", str(definition))
    wide = _cli(*paths, "--json")
    assert narrow.returncode == wide.returncode == 0, narrow.stderr + wide.stderr
    narrow_data, wide_data = json.loads(narrow.stdout), json.loads(wide.stdout)
    assert narrow_data["definition"]["name"] == "Robbery and weapons"
    assert narrow_data["police"]["serious_violence"] < wide_data["police"]["serious_violence"]
    assert "Serious violence definition" in _cli(*paths, "--definition", str(definition)).stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [unclosed", "is not valid YAML or JSON"),
        ("- a list", "should hold the definition's fields"),
        (
            "name: X\npolice_uk_categories: [Robbery]\noffence_codes: [knife]\n",
            "offence_codes: KNIFE is not a Home Office offence code",
        ),
        ("name: X\npolice_uk_categories: [Robbery]\ncolour: blue\n", "colour: Extra inputs"),
    ],
    ids=["broken YAML", "not a mapping", "a bad code", "a misspelt field"],
)
def test_a_bad_definition_file_gets_a_clear_message(
    tmp_path: Path, text: str, message: str
) -> None:
    definition = tmp_path / "definition.yaml"
    definition.write_text(text, encoding="utf-8")
    result = _cli(str(street_paths()[0]), "--definition", str(definition))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_definition_that_cannot_be_saved_is_never_built() -> None:
    with pytest.raises(ValueError, match="Choose at least one category"):
        SeriousViolenceDefinition(name="Nothing", categories=frozenset(), offence_codes=frozenset())
