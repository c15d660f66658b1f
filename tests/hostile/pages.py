"""Hostile text planted in every field a person or a file can fill, and a walk over what the
pages send to the browser, looking for any of it that Streamlit would read as Markdown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from readiness.store import Store
from readiness.store.records import Agency, AnswerInput, Partnership, Region

USER = "test"
ROUND = "hostile-round"
#: A tracking image and a phishing link; each carries a marker word to find it again.
IMAGE = "![zqximg](http://127.0.0.1:9/x.png)"
LINK = "[Sign in again zqxlink](https://example.invalid)"
HTML = '<img src="http://127.0.0.1:9/y.png" alt="zqxhtml">'
MARKERS = ("zqximg", "zqxlink", "zqxhtml")


def hostile(name: str) -> str:
    """A value for one field: a readable name, then the image, the link and some HTML."""
    return f"{name} {IMAGE} {LINK} {HTML}"


def build(db: Path) -> Store:
    """A partnership in which every user field carries the hostile text."""
    store = Store(db)
    store.save_region(Region(id="north", name=hostile("Region")), user=USER)
    agencies = [
        ("h-police", "Police", "police"),
        ("h-council", "Council", "local_authority"),
        ("h-icb", "Health", "icb"),
    ]
    for agency_id, name, role in agencies:
        store.save_agency(Agency(id=agency_id, name=hostile(name), role_id=role), user=USER)
    store.save_partnership(
        Partnership(
            id="hostile",
            name=hostile("Partnership"),
            region_id="north",
            nation="england",
            local_government_areas=[hostile("Area")],
            lead_agency_id="h-council",
        ),
        user=USER,
    )
    for agency_id, _, _ in agencies:
        store.add_member("hostile", agency_id, user=USER)
    store.create_round(
        "hostile",
        hostile("Round"),
        dt.date(2026, 6, 1),
        questionnaire_id="ui-mini",
        questionnaire_version="1.0",
        user=USER,
        round_id=ROUND,
    )
    for agency_id in ("h-police", "h-council"):
        result = store.save_answers(
            ROUND,
            agency_id,
            [
                AnswerInput(
                    question_id="gov.partnership",
                    value=1,
                    evidence=hostile("Evidence"),
                    comment=hostile("Comment"),
                ),
            ],
            user=USER,
        )
        assert result.ok
    store.add_manual_action(
        ROUND,
        text=hostile("Action"),
        user=USER,
        owner_agency_id="h-police",
        lead_person=hostile("Lead"),
        notes=hostile("Notes"),
    )
    return store


# --------------------------------------------------------------------------- the walk

#: Fields Streamlit shows as plain text: the value of a text field, the options of a select
#: box, the cells of a data frame (an Arrow table drawn on a canvas), code and plain text.
PLAIN_FIELDS = {
    "default",
    "value",
    "placeholder",
    "id",
    "form_id",
    "icon",
    "url",
    "page",
    "page_script_hash",
    "format",
    "mime",
    "file_name",
}
PLAIN_ELEMENTS = {
    "selectbox",
    "multiselect",
    "text_input",
    "text_area",
    "code",
    "text",
    "dataframe",
    "arrow_data_frame",
    "vega_lite_chart",
    "arrow_vega_lite_chart",
    "empty",
    "json",
    "exception",
}
#: Radio and button-group options are drawn as Markdown.
MARKDOWN_OPTIONS = {"radio", "button_group"}


def _strings(message: Message, element: str, path: str) -> Iterator[tuple[str, str, str]]:
    for field, value in message.ListFields():
        where = f"{path}.{field.name}"
        repeated = bool(getattr(field, "is_repeated", False))
        if field.message_type is not None:
            for item in value if repeated else [value]:
                if isinstance(item, Message):
                    yield from _strings(item, element, where)
            continue
        if field.type != field.TYPE_STRING or field.name in PLAIN_FIELDS:
            continue
        if field.name == "options" and element not in MARKDOWN_OPTIONS:
            continue
        for item in value if repeated else [value]:
            yield element, where, str(item)


def _table_cells(frame: Any) -> Iterator[tuple[str, str, str]]:
    """``st.table`` draws its cells and headings as Markdown."""
    for name in [*frame.columns, *frame.index.names, *frame.index]:
        yield "table", "table.heading", str(name)
    for row in frame.itertuples(index=False):
        for cell in row:
            if isinstance(cell, str):
                yield "table", "table.cell", cell


def rendered_strings(at: AppTest) -> list[tuple[str, str, str]]:
    """Every string the page sends that the browser reads as Markdown (or HTML, for st.html)."""
    out: list[tuple[str, str, str]] = []

    def visit(node: Any) -> None:
        element = str(getattr(node, "type", type(node).__name__.lower()))
        proto = getattr(node, "proto", None)
        if element == "table":
            out.extend(_table_cells(node.value))
        elif element not in PLAIN_ELEMENTS and isinstance(proto, Message):
            out.extend(_strings(proto, element, element))
        for child in getattr(node, "children", {}).values():
            visit(child)

    visit(at._tree)
    return out


_ESCAPED = re.compile(r"\\.")


def live_markup(text: str) -> list[str]:
    """What in ``text`` Markdown would turn into an image, a link or HTML."""
    bare = _ESCAPED.sub("_", text)  # an escaped character is shown as itself
    found = [p for p in ("![", "](", "<img", "<a ") if p in bare]
    # bare addresses become links even when escaped (GitHub's autolinks work on the text)
    found += re.findall(r"(?i)https?://|www\.|@[-\w]", bare)
    return found


def problems(at: AppTest) -> list[str]:
    """Each planted string the page would render as Markdown, with where it is."""
    out = []
    for element, where, text in rendered_strings(at):
        if not any(m in text for m in MARKERS):
            continue
        if element == "html":
            if "<img" in text.replace("&lt;img", ""):
                out.append(f"{where}: {text[:120]!r}")
            continue
        if live_markup(text):
            out.append(f"{where}: {text[:160]!r}")
    return out


def seen_markers(at: AppTest) -> set[str]:
    """Which markers reached the page at all (to prove the walk looked at the user text)."""
    return {m for _, _, text in rendered_strings(at) for m in MARKERS if m in text}


def build_evidence(db: Path) -> None:
    """Evidence uploaded by someone with a hostile name, from a file whose name, locations and
    areas carry the hostile text, and a definition whose name and description do."""
    from readiness.evidence.definition import DEFAULT_DEFINITION, LOCAL_ID
    from readiness.evidence.files import SourceFile
    from readiness.evidence.police import read_police_files
    from readiness.store.incidents import IncidentStore

    header = (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context\n"
    )
    location = hostile("On or near").replace(",", " ").replace('"', "")
    rows = "".join(
        f"id{i},2024-0{1 + i % 3},Hostile Police,Hostile Police,-0.09,51.51,{location},"
        f"E0100000{i % 2},Hostile 00{i % 2}A,Violence and sexual offences,"
        f"Under investigation,\n"
        for i in range(30)
    )
    name = f"2024-01-hostile-street.csv {IMAGE} {LINK}"
    ingest = read_police_files([SourceFile.from_bytes(name, (header + rows).encode())])
    incidents = IncidentStore(db)
    when = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    incidents.save("hostile", ingest, uploaded_by=hostile("Analyst"), uploaded_at=when)
    definition = type(DEFAULT_DEFINITION).model_validate(
        {
            **DEFAULT_DEFINITION.model_dump(),
            "id": LOCAL_ID,
            "name": f"D {IMAGE}",
            "description": hostile("Description"),
        }
    )
    incidents.save_definition("hostile", definition, saved_by=hostile("Who"), saved_at=when)
