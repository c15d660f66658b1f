"""What the results page draws from a result is worked out once per result object."""

from __future__ import annotations

from readiness.loading import load_default_bundle
from readiness.scoring import ScoringResult, score
from readiness.scoring.samples import sample_answer_set
from readiness.ui.components import results as words


def _result() -> ScoringResult:
    bundle = load_default_bundle()
    answer_set = sample_answer_set(bundle, "developing", agency_count=3)
    return score(bundle, answer_set.answers, answer_set.context())


def test_a_result_is_built_from_once_per_object_and_name() -> None:
    result = _result()
    calls: list[int] = []

    def build(r: ScoringResult) -> int:
        calls.append(1)
        return len(r.domains)

    assert words.per_result(result, "test-count", build) == len(result.domains)
    assert words.per_result(result, "test-count", build) == len(result.domains)
    assert len(calls) == 1
    equal_copy = result.model_copy()  # an equal result that is another object: built again
    words.per_result(equal_copy, "test-count", build)
    assert len(calls) == 2


def test_the_chart_spec_is_the_altair_chart_as_vega_lite() -> None:
    result = _result()
    spec = words.domain_chart_spec(result)
    chart = words.domain_chart(result)
    assert chart is not None
    assert spec == chart.to_dict()
    assert words.domain_chart_spec(result) is spec


def test_tables_hold_the_rows_in_order_and_slices() -> None:
    result = _result()
    rows = words.domain_rows(result)
    assert words.table(result, words.domain_rows).to_pylist() == rows
    assert words.table(result, words.domain_rows, 1).to_pylist() == rows[1:]
    assert words.table(result, words.domain_rows, 0, 2).to_pylist() == rows[:2]
    assert words.table(result, words.domain_rows) is words.table(result, words.domain_rows)
