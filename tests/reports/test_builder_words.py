"""B11: the report builder names every function, chart and date cut the engine takes, and every
operator of the filters has words (views, report pages, builder alike)."""
from __future__ import annotations

from core.reports.definition import BUCKETS, CHARTS, FUNCTIONS
from core.reports.filters import OPERATORS
from core.web.filter_words import OPERATOR_LABELS, sentence
from core.web.report_forms import BUCKET_LABELS, CHART_LABELS, FUNCTION_LABELS


def test_b11_the_builder_offers_what_the_engine_takes():
    assert set(FUNCTION_LABELS) == set(FUNCTIONS) and set(CHART_LABELS) == set(CHARTS)
    assert set(BUCKETS) < set(BUCKET_LABELS) and set(OPERATOR_LABELS) == set(OPERATORS)


def test_b10_b11_a_filter_reads_as_a_sentence(app):
    with app.test_request_context():
        assert sentence("Due date", "next_days", ["5"]) == "Due date is in the next 5 days"
        assert sentence("Total", "between", ["10", "20"]) == "Total is between 10 and 20"
        assert sentence("Status", "in", ["Sent", "Paid"]) == "Status is one of Sent, Paid"
        assert sentence("Account", "empty", []) == "Account is empty"
