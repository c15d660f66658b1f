"""The hidden sheet that lets a workbook be recognised when it comes back.

It holds who and what the workbook is for (partnership, round, agency filter, questionnaire id
and version, workbook kind and version, when it was made) and, for every editable row, the
revision it showed and a fingerprint of its editable cells. On import the fingerprint tells an
untouched row from an edited one, and the revision tells whether someone changed the answer
in the tool after the workbook was downloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Literal

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from readiness.excel.safe import set_text

META_SHEET = "WorkbookInfo"
FORMAT = "svd-readiness-workbook"
WORKBOOK_VERSION = 1
ROWS_START = 20  # row of the header of the per-row fingerprints

WorkbookKind = Literal["action_plan", "questionnaire_pack"]
KIND_LABELS: dict[str, str] = {
    "action_plan": "action plan",
    "questionnaire_pack": "offline questionnaire pack",
}
_FIELDS = (
    "format",
    "kind",
    "workbook_version",
    "partnership_id",
    "partnership_name",
    "round_id",
    "round_label",
    "agency_id",
    "questionnaire_id",
    "questionnaire_version",
    "nation",
    "generated_at",
)


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RowStamp(Frozen):
    """What one editable row held when the workbook was made."""

    sheet: str
    key: str
    revision: int | None = None
    fingerprint: str
    fixed: str = ""  # fingerprint of the cells that must not be changed


class WorkbookMeta(Frozen):
    format: Literal["svd-readiness-workbook"] = "svd-readiness-workbook"
    kind: WorkbookKind
    workbook_version: int = WORKBOOK_VERSION
    partnership_id: str
    partnership_name: str
    round_id: str
    round_label: str
    agency_id: str | None = None
    questionnaire_id: str
    questionnaire_version: str
    nation: str
    generated_at: dt.datetime
    rows: list[RowStamp] = Field(default_factory=list)

    def stamps(self, sheet: str) -> dict[str, RowStamp]:
        return {r.key: r for r in self.rows if r.sheet == sheet}


def fingerprint(*parts: object) -> str:
    """A short, stable digest of some values (JSON with sorted keys)."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def write_metadata(wb: Workbook, meta: WorkbookMeta) -> Worksheet:
    """Add the very hidden metadata sheet."""
    ws: Worksheet = wb.create_sheet(META_SHEET)
    data = meta.model_dump(mode="json")
    set_text(ws.cell(row=1, column=1), "field")
    set_text(ws.cell(row=1, column=2), "value")
    for index, name in enumerate(_FIELDS, start=2):
        set_text(ws.cell(row=index, column=1), name)
        value = data[name]
        set_text(ws.cell(row=index, column=2), "" if value is None else str(value))
    headers = ("sheet", "key", "revision", "fingerprint", "fixed")
    for column, text in enumerate(headers, start=1):
        set_text(ws.cell(row=ROWS_START, column=column), text)
    for offset, stamp in enumerate(meta.rows, start=1):
        row = ROWS_START + offset
        set_text(ws.cell(row=row, column=1), stamp.sheet)
        set_text(ws.cell(row=row, column=2), stamp.key)
        set_text(ws.cell(row=row, column=3), "" if stamp.revision is None else str(stamp.revision))
        set_text(ws.cell(row=row, column=4), stamp.fingerprint)
        set_text(ws.cell(row=row, column=5), stamp.fixed)
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
    return ws


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_metadata(wb: Workbook) -> WorkbookMeta | None:
    """The metadata, or None when the sheet is missing or has been tampered with."""
    if META_SHEET not in wb.sheetnames:
        return None
    ws = wb[META_SHEET]
    found: dict[str, object] = {}
    for row in ws.iter_rows(min_row=2, max_row=ROWS_START - 1, max_col=2, values_only=True):
        name, value = _text(row[0]), _text(row[1])
        if name in _FIELDS:
            found[name] = value
    if found.get("agency_id") == "":
        found["agency_id"] = None
    rows: list[dict[str, object]] = []
    for row in ws.iter_rows(min_row=ROWS_START + 1, max_col=5, values_only=True):
        sheet, key, revision, digest, fixed = (_text(v) for v in row)
        if not sheet and not key:
            continue
        rows.append(
            {
                "sheet": sheet,
                "key": key,
                "revision": int(revision) if revision.isdigit() else None,
                "fingerprint": digest,
                "fixed": fixed,
            }
        )
    found["rows"] = rows
    try:
        return WorkbookMeta.model_validate(found)
    except ValidationError:
        return None
