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
import struct
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
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
    *,
    title: str,
    subject: str,
    keywords: str,
    category: str,
    created: dt.datetime,
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


def picture(
    doc: Any, png: bytes, *, width_mm: float, alt: str, title: str, max_height_mm: float = 225
) -> None:
    """A picture with alt text (read out by screen readers) and a title, narrowed if needed
    so that it fits on one page."""
    pixels_wide, pixels_high = struct.unpack(">II", png[16:24])  # the PNG IHDR chunk
    height_mm = width_mm * pixels_high / max(1, pixels_wide)
    if height_mm > max_height_mm:
        width_mm *= max_height_mm / height_mm
    shape = doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", clean(alt))
    doc_pr.set("title", clean(title))


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _cell_xml(value: object, width: int, size: float, *, header: bool) -> str:
    text = escape(clean(value))
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/>' if header else ""
    bold = "<w:b/>" if header else ""
    half_points = round(size * 2)
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
        '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
        f'<w:r><w:rPr>{bold}<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
        f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    )


def _row_xml(values: Sequence[object], widths: Sequence[int], size: float, *, header: bool) -> str:
    flags = "<w:cantSplit/><w:tblHeader/>" if header else "<w:cantSplit/>"
    cells = "".join(
        _cell_xml(v, w, size, header=header) for v, w in zip(values, widths, strict=True)
    )
    return f"<w:tr><w:trPr>{flags}</w:trPr>{cells}</w:tr>"


def table(
    doc: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    widths_mm: Sequence[float],
    caption: str,
    size: float = 9,
) -> Any:
    """A table with a header row that repeats on every page, rows that do not split, fixed
    column widths (long words wrap) and a caption for screen readers. Every value is written
    as text. Built as one piece of XML: thousands of cells take milliseconds, not seconds."""
    widths = [_twips(w) for w in widths_mm]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = _row_xml(headers, widths, size, header=True) + "".join(
        _row_xml(values, widths, size, header=False) for values in rows
    )
    xml = (
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="left"/>'
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
        f"<w:tblCaption w:val={quoteattr(clean(caption)[:250])}/></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )
    element = parse_xml(xml)
    after = doc.add_paragraph()  # a small gap after the table (and between two tables)
    after.paragraph_format.space_after = Pt(0)
    after.paragraph_format.line_spacing = Pt(8)
    after._p.addprevious(element)
    return element


def to_bytes(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
