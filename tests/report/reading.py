"""Re-read a .docx report with python-docx: headings, paragraphs, tables, pictures, sections."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import docx
from docx.oxml.ns import qn


@dataclass
class Read:
    doc: Any
    headings: list[tuple[str, str]]  # (style, text) for Title and Heading styles
    text: str  # every paragraph and table cell, one per line
    tables: list[list[list[str]]]

    def table_after(self, caption: str) -> list[list[str]]:
        """The table whose caption (w:tblCaption) is ``caption``."""
        for table, rows in zip(self.doc.tables, self.tables, strict=True):
            element = table._tbl.tblPr.find(qn("w:tblCaption"))
            if element is not None and element.get(qn("w:val")) == caption:
                return rows
        raise AssertionError(f"no table captioned {caption!r}")

    def captions(self) -> list[str]:
        out = []
        for table in self.doc.tables:
            element = table._tbl.tblPr.find(qn("w:tblCaption"))
            out.append("" if element is None else element.get(qn("w:val")))
        return out

    def alt_texts(self) -> list[str]:
        return [shape._inline.docPr.get("descr") for shape in self.doc.inline_shapes]


def read(data: bytes) -> Read:
    doc = docx.Document(io.BytesIO(data))
    headings = [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in doc.tables]
    lines = [p.text for p in doc.paragraphs]
    lines += [cell for t in tables for row in t for cell in row]
    return Read(doc=doc, headings=headings, text="\n".join(lines), tables=tables)


def header_rows_repeat(doc: Any) -> bool:
    """Every table's first row is marked as a header row repeated on each page."""
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        if tr_pr is None or tr_pr.find(qn("w:tblHeader")) is None:
            return False
    return True
