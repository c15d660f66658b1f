"""Excel workbooks: action plans and offline questionnaire packs out, completed packs back in.

Everything here is pure (bytes in, bytes or models out): no database, no Streamlit, no clock.
The store-facing glue lives in :mod:`readiness.excel.service`, which takes a ``Store`` object
from its caller and never imports SQLite itself.

* :func:`readiness.excel.plan.build_action_plan` -> ``.xlsx`` bytes
* :func:`readiness.excel.pack.build_pack` -> ``.xlsx`` bytes
* :func:`readiness.excel.importer.open_workbook` and :func:`readiness.excel.importer.check_workbook`
  -> every problem (sheet, cell, what is expected) or a :class:`ChangeSet` to preview and apply
"""

from readiness.excel.importer import (
    ChangeSet,
    ImportOutcome,
    WorkbookProblem,
    check_workbook,
    open_workbook,
)
from readiness.excel.metadata import WorkbookKind, WorkbookMeta
from readiness.excel.pack import build_pack
from readiness.excel.plan import build_action_plan
from readiness.excel.source import WorkbookSource

__all__ = [
    "ChangeSet",
    "ImportOutcome",
    "WorkbookKind",
    "WorkbookMeta",
    "WorkbookProblem",
    "WorkbookSource",
    "build_action_plan",
    "build_pack",
    "check_workbook",
    "open_workbook",
]
