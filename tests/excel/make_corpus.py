"""Generate the bad-workbook corpus in ``tests/excel/bad/``.

Run ``.venv/bin/python -m tests.excel.make_corpus`` after changing the workbook format. Every
file is made from the fixed round in :mod:`tests.excel.factory`, then broken in one way.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from readiness.excel import build_action_plan, build_pack
from readiness.excel import layout as L
from readiness.excel.metadata import META_SHEET
from tests.excel import factory as F

BAD = Path(__file__).resolve().parent / "bad"


def pack_bytes(**source_changes: object) -> bytes:
    source = F.source()
    if source_changes:
        source = source.model_copy(update=source_changes)
    return build_pack(F.bundle(), source, generated_at=F.GENERATED)


def plan_bytes() -> bytes:
    return build_action_plan(F.bundle(), F.source(), F.result(), generated_at=F.GENERATED)


def edit(data: bytes, change: Callable[[Workbook], None]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(ws: Worksheet, question_type: str) -> int:
    """The Questions row of the first question of this type."""
    for row in range(2, ws.max_row + 1):
        qid = ws.cell(row=row, column=L.Q_REF).value
        if F.bundle().questions[str(qid)].type == question_type:
            return row
    raise LookupError(question_type)


def set_meta(wb: Workbook, name: str, value: str) -> None:
    ws = wb[META_SHEET]
    for row in range(2, 20):
        if ws.cell(row=row, column=1).value == name:
            ws.cell(row=row, column=2).value = value
            return
    raise LookupError(name)


def questions(change: Callable[[Worksheet], None]) -> Callable[[Workbook], None]:
    return lambda wb: change(wb[L.QUESTIONS])


def _answer(question_type: str, value: object) -> Callable[[Worksheet], None]:
    def change(ws: Worksheet) -> None:
        ws.cell(row=row_of(ws, question_type), column=L.Q_ANSWER).value = value

    return change


def _plan_cell(column: int, value: object) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb[L.PLAN].cell(row=3, column=column).value = value

    return change


def _merge(ws: Worksheet) -> None:
    ws.merge_cells("I3:K3")


def _extra_column(ws: Worksheet) -> None:
    ws["M1"] = "My notes"
    ws["M4"] = "Ask Sam"


def _delete_row(ws: Worksheet) -> None:
    ws.delete_rows(5)


def _rename(wb: Workbook) -> None:
    wb[L.QUESTIONS].title = "Answers"


def _remove_choices(wb: Workbook) -> None:
    del wb[L.CHOICES]


def _bad_tick(wb: Workbook) -> None:
    wb[L.CHOICES]["E2"] = "Maybe"


def _add_plan_row(wb: Workbook) -> None:
    ws = wb[L.PLAN]
    row = ws.max_row + 1
    ws.cell(row=row, column=1).value = "my-new-action"
    ws.cell(row=row, column=5).value = "Hold a summit"


def _no_metadata(wb: Workbook) -> None:
    del wb[META_SHEET]


def _xml_bomb(data: bytes) -> bytes:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
            for i in range(1, 10)
        )
        + ']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    return _replace_member(data, "xl/worksheets/sheet2.xml", bomb.encode())


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item))
    return out.getvalue()


def _zip_bomb(data: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/media/huge.bin", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("answers.txt", "police: 3\n")
    return out.getvalue()


def very_large() -> bytes:
    """Over the 5 MB limit (made in the test, not committed)."""
    return pack_bytes() + b"\0" * (6 * 1024 * 1024)


def libreoffice_made(tmp: Path) -> bytes | None:
    """A workbook saved by LibreOffice from scratch (not by this tool), or None without it."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    csv = tmp / "answers.csv"
    csv.write_text("Question,Answer\nleadership.partnership_agreed,3 - Established\n")
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp}/profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(tmp),
            str(csv),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp / "answers.xlsx").read_bytes()


def corpus() -> dict[str, bytes]:
    pack = pack_bytes()
    plan = plan_bytes()
    other = F.partnership().model_copy(update={"id": "other-csp", "name": "Otherton CSP"})
    other_round = F.round_().model_copy(update={"id": "test-csp-2025", "label": "2025/26"})
    return {
        "not-a-workbook.xlsx": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "corrupt-zip.xlsx": pack[: len(pack) // 2],
        "csv-renamed.xlsx": b"Question,Answer\nleadership.partnership_agreed,3\n",
        "empty.xlsx": b"",
        "old-xls-format.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        "zip-not-a-workbook.xlsx": _plain_zip(),
        "xml-bomb.xlsx": _xml_bomb(pack),
        "zip-bomb.xlsx": _zip_bomb(pack),
        "no-metadata.xlsx": edit(pack, _no_metadata),
        "other-partnership.xlsx": pack_bytes(partnership=other),
        "other-round.xlsx": pack_bytes(round=other_round),
        "older-questionnaire.xlsx": edit(
            pack, lambda wb: set_meta(wb, "questionnaire_version", "0.9")
        ),
        "closed-round.xlsx": edit(pack, questions(_answer("scale", "4 - Embedded"))),
        "missing-sheet.xlsx": edit(pack, _remove_choices),
        "renamed-sheet.xlsx": edit(pack, _rename),
        "typed-over-dropdown.xlsx": edit(pack, questions(_answer("scale", "Quite good"))),
        "formula-in-answer.xlsx": edit(pack, questions(_answer("scale", "=1+1"))),
        "date-as-text.xlsx": edit(pack, questions(_answer("date", "next March"))),
        "number-as-words.xlsx": edit(pack, questions(_answer("yes_partly_no", "Definitely"))),
        "merged-cells.xlsx": edit(pack, questions(_merge)),
        "extra-column.xlsx": edit(pack, questions(_extra_column)),
        "deleted-row.xlsx": edit(pack, questions(_delete_row)),
        "bad-tick.xlsx": edit(pack, _bad_tick),
        "plan-status-typed.xlsx": edit(plan, _plan_cell(L.P_STATUS, "Done")),
        "plan-rag-typed.xlsx": edit(plan, _plan_cell(L.P_RAG, "Purple")),
        "plan-date-as-text.xlsx": edit(plan, _plan_cell(L.P_DUE, "end of March")),
        "plan-action-text-changed.xlsx": edit(plan, _plan_cell(L.P_ACTION, "Do less")),
        "plan-added-row.xlsx": edit(plan, _add_plan_row),
    }


def main() -> None:
    BAD.mkdir(exist_ok=True)
    for name, data in corpus().items():
        (BAD / name).write_bytes(data)
    with tempfile.TemporaryDirectory() as tmp:
        made = libreoffice_made(Path(tmp))
        if made is not None:
            (BAD / "libreoffice-made.xlsx").write_bytes(made)
    print(f"Wrote {len(list(BAD.glob('*.xlsx')))} files to {BAD}")


if __name__ == "__main__":
    main()
