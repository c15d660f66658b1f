"""No text from a person or a file renders as Markdown or HTML on any page (issue 18, point 1).

Every user field of a partnership carries a tracking image, a phishing link and an HTML image;
every page is opened and everything it sends that the browser reads as Markdown is checked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.pages import build, build_evidence, problems, seen_markers
from tests.ui.conftest import PAGES, no_exceptions, open_page


@pytest.mark.parametrize("page", list(PAGES))
def test_no_user_text_renders_as_markdown(page: str, ui_env: Path, mini_content: Path) -> None:
    build(ui_env)
    build_evidence(ui_env)
    at = open_page(page)
    no_exceptions(at)
    assert seen_markers(at), "the planted text is on the page (otherwise this proves nothing)"
    assert problems(at) == []


def test_names_inside_an_uploaded_workbook_are_shown_as_text(
    ui_env: Path, mini_content: Path
) -> None:
    from tests.excel.make_corpus import edit, pack_bytes, set_meta
    from tests.hostile.pages import IMAGE, LINK

    build(ui_env)

    def plant(wb: object) -> None:
        set_meta(wb, "partnership_name", f"Other {IMAGE} {LINK}")  # type: ignore[arg-type]
        set_meta(wb, "round_label", f"Round {IMAGE}")  # type: ignore[arg-type]

    workbook = edit(pack_bytes(), plant)  # type: ignore[arg-type]
    at = open_page("upload")
    at.file_uploader(key="upload.file.0").set_value(
        ("pack.xlsx", workbook, "application/vnd.ms-excel")
    ).run()
    no_exceptions(at)
    assert {"zqximg", "zqxlink"} <= seen_markers(at), "the workbook's names are quoted"
    assert problems(at) == []
