"""The strict importer for completed questionnaire packs and updated action plans.

Two steps, both pure:

1. :func:`open_workbook` checks the bytes before any XML is parsed (size, that it is a zip and
   an Excel workbook, no zip bomb), then parses it with openpyxl (which uses ``defusedxml``, so
   entity bombs are refused) and reads the hidden metadata sheet.
2. :func:`check_workbook` compares the metadata with the round it names (partnership, round,
   agency, questionnaire version, round still open), then reads every row and collects every
   problem with its sheet, cell and what is expected. When there is none it returns a
   :class:`ChangeSet`: each answer or action that would change, old and new.

Nothing is written here. The caller shows the change set and, once the user confirms, saves it
through the store (see :mod:`readiness.excel.service`).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from openpyxl import load_workbook
from pydantic import ValidationError

from readiness.bundle import ContentBundle
from readiness.excel.cells import (
    FRESH,
    Collector,
    OpenedWorkbook,
    problem,
)
from readiness.excel.changes import (
    ActionChange,
    AnswerChange,
    ChangeSet,
    ImportOutcome,
    WorkbookProblem,
)
from readiness.excel.metadata import (
    KIND_LABELS,
    WORKBOOK_VERSION,
    WorkbookMeta,
    read_metadata,
)
from readiness.excel.read_pack import pack_changes
from readiness.excel.read_plan import plan_changes
from readiness.excel.source import WorkbookSource
from readiness.uploads import (
    WORKBOOK_LIMITS,
    UploadError,
    encrypted_message,
    open_zip,
    read_member,
    sniff,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
#: The zip checks every workbook upload gets (shared with the evidence uploads).
LIMITS = WORKBOOK_LIMITS
MAX_MEMBERS = LIMITS.max_members
MAX_MEMBER_BYTES = LIMITS.max_member_bytes
MAX_TOTAL_BYTES = LIMITS.max_total_bytes
MAX_RATIO = LIMITS.max_ratio
THE_FILE = "The file"


# --------------------------------------------------------------------------- opening


def _sniff(data: bytes) -> str | None:
    """A problem with the bytes, found before any XML is parsed (None when they look fine)."""
    kind = sniff(data[: 64 * 1024], data[-64 * 1024 :])
    if kind == "empty":
        return "The file is empty. Choose the workbook you filled in and upload it again."
    if len(data) > MAX_FILE_BYTES:
        size = len(data) / (1024 * 1024)
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return (
            f"The file is {size:.1f} MB, which is too big. The limit is {limit} MB: upload the "
            "workbook downloaded from this tool, without pictures or extra sheets."
        )
    if kind == "encrypted_office":
        return encrypted_message(THE_FILE)
    if kind == "old_office":
        return (
            "The file is in the old Excel 97-2003 (.xls) format. Save it as an Excel Workbook "
            "(.xlsx) and upload it again."
        )
    if kind != "zip":
        head = data[:2000]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = ""
        if text and ("," in text or ";" in text or "\t" in text) and "\n" in text:
            return (
                "The file is a CSV (comma-separated text) file, not an Excel workbook, even if "
                "its name ends in .xlsx. Upload the .xlsx workbook downloaded from this tool."
            )
        return (
            "The file is not an Excel workbook (.xlsx). Upload the workbook downloaded from "
            "this tool."
        )
    return None


def _check_zip(data: bytes) -> str | None:
    """The shared zip checks (size, parts, compression, passwords, every part's CRC)."""
    try:
        archive = open_zip(data, name=THE_FILE, limits=LIMITS, what="workbook from this tool")
    except UploadError as exc:
        return f"{exc} {FRESH}" if "expands" in str(exc) or "holds" in str(exc) else str(exc)
    with archive:
        members = archive.infolist()
        names = {m.filename for m in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            return (
                "The file is a zip archive but not an Excel workbook (.xlsx). Upload the "
                "workbook downloaded from this tool."
            )
        try:  # a bad CRC or a corrupt part, found before openpyxl meets it
            for member in members:
                read_member(archive, member, name=THE_FILE)
        except UploadError as exc:
            return str(exc)
    return None


def open_workbook(data: bytes) -> tuple[OpenedWorkbook | None, list[WorkbookProblem]]:
    """Parse uploaded bytes safely and read the metadata, or say why it cannot be done."""
    message = _sniff(data) or _check_zip(data)
    if message:
        return None, [problem(message)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. Excel extensions openpyxl does not keep
            workbook = load_workbook(io.BytesIO(data), data_only=False, keep_links=False)
    except Exception as exc:
        if _refused_xml(exc):
            return None, [
                problem(
                    "The workbook contains XML definitions that are not allowed (they can be "
                    f"used to attack a server), so it was not opened. {FRESH}"
                )
            ]
        return None, [
            problem(
                "The file could not be read as an Excel workbook: it may be damaged. Save it "
                "again as .xlsx, or download a fresh copy from the tool."
            )
        ]
    meta = read_metadata(workbook)
    if meta is None:
        workbook.close()
        return None, [
            problem(
                "This workbook was not made by this tool, or its hidden information sheet has "
                "been removed or changed, so it cannot be matched to a partnership and round. "
                "Download an action plan or questionnaire pack from the tool, fill that in and "
                "upload it."
            )
        ]
    return OpenedWorkbook(workbook=workbook, meta=meta), []


def _refused_xml(exc: BaseException | None) -> bool:
    """Whether defusedxml refused the XML (entities, DTDs), anywhere in the exception chain."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


# --------------------------------------------------------------------------- metadata


@dataclass(frozen=True)
class Chosen:
    """The partnership and round the person is working on, by id and by name (an upload is
    checked against them; the messages name both by name)."""

    partnership_id: str
    partnership_name: str
    round_id: str
    round_label: str

    @classmethod
    def of(cls, source: WorkbookSource) -> Chosen:
        return cls(
            source.partnership.id, source.partnership.name, source.round.id, source.round.label
        )


def place(partnership_name: str, round_label: str) -> str:
    """How a partnership's round is named in the messages: "Demo: Ashby Vale, round 2026/27"."""
    return f"{partnership_name}, round {round_label}"


def mismatch_message(kind: str, meta: WorkbookMeta, chosen: Chosen) -> str:
    """The message for a workbook of another partnership or round than the one chosen."""
    return (
        f"This {kind} is for {place(meta.partnership_name, meta.round_label)}. You chose "
        f"{place(chosen.partnership_name, chosen.round_label)}. Download a workbook for the "
        "partnership and round you chose, or choose the workbook's own partnership and round "
        "to upload it."
    )


def check_metadata(
    meta: WorkbookMeta,
    bundle: ContentBundle,
    source: WorkbookSource,
    *,
    chosen: Chosen | None = None,
) -> list[WorkbookProblem]:
    """Problems with the workbook as a whole. ``source`` is the round the workbook names;
    ``chosen`` (by default that same round) is the one the person is working on."""
    problems: list[WorkbookProblem] = []
    kind = KIND_LABELS[meta.kind]
    wanted = chosen or Chosen.of(source)
    if meta.workbook_version != WORKBOOK_VERSION:
        problems.append(
            problem(
                f"This {kind} was made by a different version of the tool (format "
                f"{meta.workbook_version}; this version reads format {WORKBOOK_VERSION}). {FRESH}"
            )
        )
    if (meta.partnership_id, meta.round_id) != (wanted.partnership_id, wanted.round_id) or (
        meta.round_id != source.round.id
    ):
        problems.append(problem(mismatch_message(kind, meta, wanted)))
    q = bundle.questionnaire
    if (
        meta.questionnaire_id != q.id
        or meta.questionnaire_version != q.version
        or (source.round.questionnaire_version != meta.questionnaire_version)
    ):
        problems.append(
            problem(
                f"This {kind} was made for version {meta.questionnaire_version} of the "
                f"questionnaire, but round {source.round.label} uses version "
                f"{source.round.questionnaire_version}. The questions have changed, so it "
                f"cannot be imported. {FRESH}"
            )
        )
    if source.round.status == "closed":
        problems.append(
            problem(
                f"Round {source.round.label} of {source.partnership.name} is closed, so answers "
                "and actions can no longer be changed. Nothing was imported."
            )
        )
    if meta.agency_id is not None and source.agency(meta.agency_id) is None:
        problems.append(
            problem(
                f"This {kind} is for an agency that is no longer a member of "
                f"{source.partnership.name}. Download a workbook for a member agency."
            )
        )
    return problems


# --------------------------------------------------------------------------- entry point


def check_workbook(
    opened: OpenedWorkbook,
    bundle: ContentBundle,
    source: WorkbookSource,
    *,
    chosen: Chosen | None = None,
) -> ImportOutcome:
    """Every problem in the workbook, or the changes it would make when there are none.
    ``chosen`` is the partnership and round the person is working on (by default ``source``)."""
    meta = opened.meta
    problems = check_metadata(meta, bundle, source, chosen=chosen)
    if problems:
        return ImportOutcome(meta=meta, problems=problems)
    out = Collector()
    answers: list[AnswerChange] = []
    actions: list[ActionChange] = []
    try:
        if meta.kind == "questionnaire_pack":
            answers = pack_changes(opened, bundle, source, out)
        else:
            actions = plan_changes(opened, bundle, source, out)
    except (KeyError, ValueError, ValidationError) as exc:  # pragma: no cover - last resort
        out.add(None, None, f"The workbook could not be read ({exc}). {FRESH}")
    if out.problems:
        return ImportOutcome(meta=meta, problems=out.problems)
    return ImportOutcome(
        meta=meta,
        changes=ChangeSet(
            kind=meta.kind,
            partnership_id=meta.partnership_id,
            round_id=meta.round_id,
            agency_id=meta.agency_id,
            answers=answers,
            actions=actions,
        ),
    )


__all__ = [
    "LIMITS",
    "MAX_FILE_BYTES",
    "ActionChange",
    "AnswerChange",
    "ChangeSet",
    "Chosen",
    "ImportOutcome",
    "OpenedWorkbook",
    "WorkbookProblem",
    "check_metadata",
    "check_workbook",
    "mismatch_message",
    "open_workbook",
    "place",
]
