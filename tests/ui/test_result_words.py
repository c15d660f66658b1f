"""Results turned into words and tables: bands and levels as words, progress in plain terms,
and a chart whose data matches the table beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from readiness.bundle import ContentBundle
from readiness.loading import load_bundle
from readiness.models import Answer, PartnershipContext
from readiness.scoring import ScoringResult, score
from readiness.ui.components import progress
from readiness.ui.components import results as words
from readiness.ui.components.results_summary import summarise
from tests.ui.conftest import MINI


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_bundle(questionnaire=MINI)


@pytest.fixture(scope="module")
def result(bundle: ContentBundle) -> ScoringResult:
    answers = [
        Answer(agency="Anytown Police", role="police", question_id="gov.partnership", value=0),
        Answer(
            agency="Anytown Council",
            role="local_authority",
            question_id="gov.partnership",
            value=4,
            evidence="Signed agreement",
        ),
        Answer(
            agency="Anytown Council",
            role="local_authority",
            question_id="gov.strategy",
            value="yes",
        ),
    ]
    context = PartnershipContext(nation="england", as_of=dt.date(2026, 6, 1))
    return score(bundle, answers, context)


@pytest.mark.parametrize(
    ("maturity", "label", "shown"),
    [(None, "Not answered", "Not answered yet"), (2.44, "Developing", "2.4 (Developing)")],
    ids=["no score is said in words, never zero", "a score keeps its level name"],
)
def test_maturity_is_always_written_with_its_level(
    maturity: float | None, label: str, shown: str
) -> None:
    assert words.maturity_words(maturity, label) == shown


def test_the_chart_shows_the_same_domains_and_scores_as_its_table(result: ScoringResult) -> None:
    chart = words.domain_chart(result)
    assert chart is not None
    data = chart.data
    self_assessed = data[data["Kind"] == "Self-assessed"]
    table = words.domain_rows(result)
    assert list(self_assessed["Domain"]) == [
        row["Domain"] for row in table if row["Self-assessed maturity"] != "Not answered yet"
    ]
    for domain, row in zip(result.domains, table, strict=True):
        assert row["Self-assessed maturity"] == words.maturity_words(domain.maturity, domain.label)
    assert words.chart_alt_text(result).startswith(
        "Bar chart of maturity by domain on a scale of 0 to 4. Partnership and governance: "
    )


def test_the_consensus_agenda_names_who_said_what(result: ScoringResult) -> None:
    assert words.disagreement_rows(result) == [
        {
            "Question": "The specified authorities work together as a partnership",
            "Who said what": "Anytown Council: 4.0 (Embedded); Anytown Police: 0.0 (Not started)",
            "Levels apart": "4",
        }
    ]


@dataclass(frozen=True)
class _Agency:
    id: str
    name: str
    role_id: str


@dataclass(frozen=True)
class _Answer:
    agency_id: str
    question_id: str
    value: object
    na_reason: str = ""


def test_progress_is_counted_per_agency_and_per_domain(bundle: ContentBundle) -> None:
    agencies = [
        _Agency("p", "Anytown Police", "police"),
        _Agency("c", "Anytown Council", "local_authority"),
    ]
    answers = [
        _Answer("p", "gov.partnership", 2),
        _Answer("p", "gov.strategy", None, na_reason="Not ours"),
        _Answer("c", "gov.partnership", None),  # saved empty: not answered
    ]
    by_agency, by_domain = progress.progress_tables(bundle, "england", agencies, answers)
    assert by_agency == [
        {
            "Agency": "Anytown Police",
            "Questions answered": "2 of 6",
            "Domains complete": "1 of 2",
            "Next domain to finish": "Data and the Strategic Needs Assessment",
        },
        {
            "Agency": "Anytown Council",
            "Questions answered": "0 of 8",
            "Domains complete": "0 of 2",
            "Next domain to finish": "Partnership and governance",
        },
    ]
    assert by_domain[0] == {
        "Domain": "Partnership and governance",
        "Agencies complete": "1 of 2",
        "Agencies part way": "0",
        "Answers saved": "2",
    }


def test_the_summary_says_why_once_and_names_no_code(result: ScoringResult) -> None:
    approaching = result.compliance.model_copy(
        update={
            "band": "Approaching",
            "next_band": "Met",
            "summary": "Every legal duty is at least partly in place; 1 question stops the "
            "band 'Met'.",
        }
    )
    overall = result.overall.model_copy(update={"answered": 5, "applicable": 6})
    summary = summarise(
        result.model_copy(update={"compliance": approaching, "overall": overall}), {}
    )
    assert summary.why == (
        "Every legal duty is at least partly in place; 1 question stops the band 'Met'."
    )
    assert summary.maturity is not None
    assert "SVD-" not in summary.why + " ".join(m.text for m in summary.moves)
