"""B2, Y7: the embedded finance application computes a document's totals by its own rules, written
from Zoho's documentation (a line's ``discount`` is ``"12.5%"`` or an amount, ``discount_type:
item_level``, ``is_discount_before_tax: true``), not by importing the CRM's; both agree."""
from __future__ import annotations

import ast
import pathlib
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings, strategies as st

from core.documents.totals import document_totals, line_amounts
from core.finance.base import RejectedError
from core.finance.local import totals

from .conftest import customer, document, vendor

LOCAL = pathlib.Path(totals.__file__).parent


def test_b2_the_embedded_application_does_not_import_the_crms_totals():
    for path in LOCAL.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert "documents" not in (node.module or "") or node.level == 1, f"{path.name}: {node.module}"


def test_b2_a_line_discount_is_a_percentage_or_an_amount_as_documented(fin):
    invoice = document(fin, "invoices", customer(fin), [
        {"name": "A", "quantity": "3", "rate": "19.99", "discount": "10%", "tax_percentage": "8.25"},
        {"name": "B", "quantity": "2", "rate": "50.00", "discount": "12.5", "tax_percentage": "20"},
        {"name": "C", "quantity": "1", "rate": "9.99", "discount": "0"},
    ], discount_type="item_level", is_discount_before_tax=True)
    # A: 59.97 less 10 % (5.997) = 53.973 -> 53.97, tax 8.25 % = 4.4525 -> 4.45
    # B: 100.00 less 12.50 = 87.50, tax 20 % = 17.50;  C: 9.99, no tax
    lines = [(li["discount"], li["discount_amount"], li["item_total"], li["tax_amount"])
             for li in invoice["line_items"]]
    assert lines == [("10%", "6.00", "53.97", "4.45"), ("12.50", "12.50", "87.50", "17.50"),
                     ("0", "0.00", "9.99", "0.00")]
    assert (invoice["sub_total"], invoice["tax_total"], invoice["total"]) == ("151.46", "21.95", "173.41")
    assert (invoice["discount_type"], invoice["is_discount_before_tax"]) == ("item_level", True)


def test_b2_discount_percent_is_no_field_of_the_finance_application(fin):
    order = document(fin, "salesorders", customer(fin), [
        {"name": "A", "quantity": "1", "rate": "100.00", "discount_percent": "10"}])
    assert order["total"] == "100.00"


def test_b2_the_embedded_purchase_order_keeps_line_discounts(fin):
    """Zoho documents no discount on purchase order lines; the embedded application's Python API
    takes them (the ``local`` connector syncs them), finance-serve drops them as Zoho would."""
    order = document(fin, "purchaseorders", vendor(fin), [
        {"name": "A", "quantity": "1", "rate": "100.00", "discount": "10%", "tax_percentage": "20"}])
    assert (order["sub_total"], order["tax_total"], order["total"]) == ("90.00", "18.00", "108.00")


@pytest.mark.parametrize("line, message", [
    ({"discount": "101%"}, "discount"),
    ({"discount": "-1%"}, "discount"),
    ({"discount": "ten"}, "discount"),
    ({"discount": "100.01"}, "more than"),  # an amount above quantity x rate
])
def test_b2_a_discount_out_of_bounds_is_refused_naming_it(fin, line, message):
    with pytest.raises(RejectedError, match=message):
        document(fin, "invoices", customer(fin), [{"name": "A", "quantity": "1", "rate": "100.00", **line}])


@pytest.mark.parametrize("extra, field", [({"discount_type": "entity_level"}, "discount_type"),
                                          ({"is_discount_before_tax": False}, "is_discount_before_tax")])
def test_b2_only_line_discounts_before_tax_are_kept(fin, extra, field):
    """The organisation the embedded application stands for discounts lines, before tax; a
    document asking otherwise is refused rather than computed another way."""
    with pytest.raises(RejectedError, match=field):
        document(fin, "invoices", customer(fin), [{"name": "A", "quantity": "1", "rate": "1"}], **extra)


quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("500"), places=3)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=3)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.tuples(quantities, rates, percents, percents), min_size=1, max_size=8))
def test_y7_the_crm_and_the_embedded_application_compute_the_same_totals(lines):
    """Two computations written separately (core/documents/totals.py, core/finance/local/totals.py)."""
    crm = document_totals([line_amounts(q, r, d, t) for q, r, d, t in lines])
    here = [totals.line_totals(q, r, totals.parse_discount(f"{d}%", "discount"), t) for q, r, d, t in lines]
    sub_total, tax_total, total = totals.document_totals(here)
    assert (sub_total, tax_total, total) == (crm.sub_total, crm.tax_total, crm.total)
    for (q, r, d, t), line in zip(lines, here):
        assert line.item_total == (q * r * (1 - d / 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
