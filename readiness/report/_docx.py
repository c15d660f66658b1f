"""Small helpers over python-docx for accessible board reports.

Real Word headings (Title, Heading 1, Heading 2), tables with a header row that repeats on every
page and rows that do not split across pages, fixed column widths so long words wrap, pictures
with alt text, links, and A4 sections (portrait, or landscape only where a table needs it).
All text goes through :func:`clean`, which removes characters XML cannot hold; everything else
(formula-like "=SUM(...)", markup like "<b>") is written as plain text and shown as typed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

A4_SHORT = Mm(210)
A4_LONG = Mm(297)
MARGIN = Mm(20)
PORTRAIT_WIDTH_MM = 170
LANDSCAPE_WIDTH_MM = 257

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
HEADER_FILL = "D9E2F3"


def clean(value: object) -> str:
    """Text safe to put in the document: characters XML cannot hold are dropped."""
    text = "" if value is None else str(value)
    return _NOT_XML.sub("", text)


def new_document(
    *, title: str, subject: str, keywords: str, category: str, created: dt.datetime,
    comments: str = "",
) -> Any:
    """An A4 portrait document in Arial with its properties set."""
    doc = Document()
    props = doc.core_properties
    props.title = clean(title)[:250]
    props.subject = clean(subject)[:250]
    props.keywords = clean(keywords)[:250]
    props.category = clean(category)[:250]
    props.comments = clean(comments)[:250]
    props.author = "Serious Violence Duty readiness tool"
    props.last_modified_by = "Serious Violence Duty readiness tool"
    naive = created.replace(tzinfo=None)
    props.created = naive
    props.modified = naive
    props.revision = 1
    props.language = "en-GB"
    section = doc.sections[0]
    _portrait(section)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    _set_language(doc)
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13)):
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0B, 0x0C, 0x0C)
    return doc


def _set_language(doc: Any) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults"))
    if rpr is None:
        return
    run_defaults = rpr.find(qn("w:rPrDefault"))
    if run_defaults is None:
        return
    props = run_defaults.find(qn("w:rPr"))
    if props is None:
        return
    lang = props.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        props.append(lang)
    lang.set(qn("w:val"), "en-GB")


def _portrait(section: Any) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = A4_SHORT
    section.page_height = A4_LONG
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def landscape_section(doc: Any) -> None:
    """Start a new page in A4 landscape (for a wide table)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = A4_LONG
    section.page_height = A4_SHORT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def portrait_section(doc: Any) -> None:
    _portrait(doc.add_section(WD_SECTION.NEW_PAGE))


def heading(doc: Any, text: str, level: int = 1) -> Paragraph:
    paragraph: Paragraph = doc.add_heading(clean(text), level)
    return paragraph


def para(doc: Any, text: str = "", *, bold_lead: str = "", style: str | None = None) -> Paragraph:
    """A paragraph; ``bold_lead`` is written in bold before ``text``."""
    paragraph: Paragraph = doc.add_paragraph(style=style)
    if bold_lead:
        paragraph.add_run(clean(bold_lead)).bold = True
    if text:
        paragraph.add_run(clean(text))
    return paragraph


def bullets(doc: Any, items: Sequence[str]) -> None:
    for item in items:
        doc.add_paragraph(clean(item), style="List Bullet")


def link(paragraph: Paragraph, text: str, url: str) -> None:
    """Append a real hyperlink (blue, underlined) to ``paragraph``."""
    r_id = paragraph.part.relate_to(clean(url), RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1D70B8")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(colour)
    props.append(underline)
    run.append(props)
    text_el = OxmlElement("w:t")
    text_el.text = clean(text)
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def picture(doc: Any, png: bytes, *, width_mm: float, alt: str, title: str) -> None:
    """A picture with alt text (read out by screen readers) and a title."""
    shape = doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean(alt))
    doc_pr.set("title", clean(title))


def _shade(cell: Any, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _row_flags(row: Any, *, header: bool) -> None:
    props = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    props.append(cant)
    if header:
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        props.append(mark)


def _caption(table: Table, caption: str) -> None:
    props = table._tbl.tblPr
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), clean(caption)[:250])
    props.append(element)


def _write_cell(cell: Any, value: object, size: float, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(clean(value))
    run.font.size = Pt(size)
    run.bold = bold


def table(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    widths_mm: Sequence[float],
    caption: str,
    size: float = 9,
) -> Table:
    """A table with a repeating header row, fixed column widths and a caption for screen
    readers. Every value is written as text."""
    result: Table = doc.add_table(rows=1, cols=len(headers))
    result.style = "Table Grid"
    result.alignment = WD_TABLE_ALIGNMENT.LEFT
    result.autofit = False
    _caption(result, caption)
    widths = [Mm(w) for w in widths_mm]
    header = result.rows[0]
    _row_flags(header, header=True)
    for cell, text, width in zip(header.cells, headers, widths, strict=True):
        cell.width = width
        _write_cell(cell, text, size, bold=True)
        _shade(cell, HEADER_FILL)
    for values in rows:
        row = result.add_row()  # type: ignore[no-untyped-call]
        _row_flags(row, header=False)
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            _write_cell(cell, value, size)
    for column, width in zip(result.columns, widths, strict=True):
        column.width = width
    doc.add_paragraph()
    return result


def to_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
