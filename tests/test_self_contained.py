"""A clone of the repository has everything its app, tests, benchmarks and docs need.

Nothing may refer to a path outside the repository: a folder beside the clone (such as the team's
reference shelf, a folder named ``shared``), a parent folder reached with ``parents[N]``, or an
absolute path in someone's home folder or on a development machine. A fresh clone in an empty
folder has none of those, so such a reference works on our machines and fails for everyone else.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: What a reference to a path outside the repository looks like, with why it is refused.
OUTSIDE = {
    "a folder beside the repository (the shelf beside the clone)": re.compile(r"\.\./shared\b"),
    "a parent folder's 'shared' reached from code": re.compile(
        r"""parents?\s*(\[\s*\d+\s*\])?\s*/\s*["']shared["']"""
    ),
    "an absolute path in a home folder": re.compile(r"(?<![\w.])/(home|Users)/[A-Za-z_]"),
    "an absolute path under /root": re.compile(r"(?<![\w.])/root/"),
    "an absolute path on a development machine (/work/...)": re.compile(r"(?<![\w.])/work/"),
    "a Windows home folder": re.compile(r"[A-Za-z]:\\+Users\\+", re.IGNORECASE),
}
#: The shelf's folder name, quoted as code would quote it.
SHELF = '"' + "shared" + '"'
#: Binary files are not read; everything else the repository holds is.
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".xlsx", ".xls", ".docx", ".pdf", ".db", ".zip"}


def repository_files() -> list[Path]:
    """Every file a clone would hold: tracked files plus new files not yet committed."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the files of a clone cannot be listed")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    return [ROOT / name for name in listed.split("\0") if name]


def outside_references(text: str) -> list[tuple[int, str, str]]:
    """(line number, what kind of reference, the line) for every path outside the repository."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        for kind, pattern in OUTSIDE.items():
            if pattern.search(line):
                found.append((number, kind, line.strip()))
    return found


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        # Built from pieces so that this file itself refers to nothing outside the repository.
        ("FIXTURES = ROOT.parent / " + SHELF + ' / "fixtures"', "a parent folder's 'shared'"),
        ("FIXTURES = Path(__file__).parents[3] / " + SHELF, "a parent folder's 'shared'"),
        ("# See " + ".." + "/shared/engineering/notes.md", "a folder beside the repository"),
        ("open('/home/alice/data.csv')", "an absolute path in a home folder"),
        ("cd /work/main && pytest", "an absolute path on a development machine"),
        (r"C:\Users\bob\Documents\plan.xlsx", "a Windows home folder"),
    ],
)
def test_each_kind_of_outside_reference_is_caught(line: str, kind: str) -> None:
    found = outside_references(line)
    assert found, f"not caught: {line}"
    assert found[0][1].startswith(kind)


@pytest.mark.parametrize(
    "line",
    [
        'executable_path="/usr/bin/chromium"',
        "shared_platform: a shared dataset",
        "tests/fixtures/police-uk/city-of-london/2024-01-city-of-london-street.csv",
        'ROOT / "tests" / "fixtures"',
    ],
)
def test_paths_inside_the_repository_or_the_system_are_fine(line: str) -> None:
    assert outside_references(line) == []


def test_no_file_in_the_repository_refers_to_a_path_outside_it() -> None:
    problems = []
    for path in repository_files():
        if path.suffix.lower() in BINARY_SUFFIXES or not path.is_file():
            continue
        if path.resolve() == Path(__file__).resolve():
            continue  # this file spells out the patterns it looks for, as examples
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary content under another name
        for number, kind, line in outside_references(text):
            problems.append(f"{path.relative_to(ROOT)}:{number}: {kind}: {line}")
    assert not problems, "Paths outside the repository:\n" + "\n".join(problems)


def test_the_police_fixtures_the_evidence_tests_use_are_in_the_repository() -> None:
    folder = ROOT / "tests" / "fixtures" / "police-uk" / "city-of-london"
    months = sorted(p.name[:7] for p in folder.glob("2024-*-city-of-london-street.csv"))
    assert months == [f"2024-{m:02d}" for m in range(1, 13)]
    attribution = (folder.parent / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in attribution
