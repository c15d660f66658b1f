"""Comparing partnerships across a region: pure functions over scored results.

Gather :class:`ScoredRound` records (see :mod:`readiness.comparison.load` for the store; each
holds the :class:`ResultSummary` of a scoring result), decide what is comparable with
:func:`build_comparison`, then build the tables in :mod:`readiness.comparison.tables` and the
anonymised :func:`benchmark`.
"""

from readiness.comparison.benchmark import MIN_CONTRIBUTORS, Benchmark, benchmark
from readiness.comparison.records import LeftOut, PartnershipInfo, RoundInfo, ScoredRound
from readiness.comparison.summary import ResultSummary, summarise
from readiness.comparison.tables import (
    cell_text,
    change_matrix,
    changes,
    common_gaps,
    common_requirement_gaps,
    compliance_table,
    domain_distribution,
    maturity_matrix,
    ranking,
)
from readiness.comparison.view import (
    Comparison,
    build_comparison,
    filter_partnerships,
    pick_rounds,
    round_labels,
)

__all__ = [
    "MIN_CONTRIBUTORS",
    "Benchmark",
    "Comparison",
    "LeftOut",
    "PartnershipInfo",
    "ResultSummary",
    "RoundInfo",
    "ScoredRound",
    "benchmark",
    "build_comparison",
    "cell_text",
    "change_matrix",
    "changes",
    "common_gaps",
    "common_requirement_gaps",
    "compliance_table",
    "domain_distribution",
    "filter_partnerships",
    "maturity_matrix",
    "pick_rounds",
    "ranking",
    "round_labels",
    "summarise",
]
