"""Board reports in Word (and PDF through LibreOffice where the server has it).

:func:`build_partnership_report` and :func:`build_region_report` are pure: records and scoring
results in, ``.docx`` bytes out. :mod:`readiness.report.service` reads them from the store;
:mod:`readiness.report.pdf` converts a report to PDF.
"""

from readiness.report._docx import DOCX_MIME
from readiness.report.partnership import (
    PartnershipReportInput,
    PreviousRound,
    build_partnership_report,
)
from readiness.report.region import RegionReportInput, build_region_report

__all__ = [
    "DOCX_MIME",
    "PartnershipReportInput",
    "PreviousRound",
    "RegionReportInput",
    "build_partnership_report",
    "build_region_report",
]
