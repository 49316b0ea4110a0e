"""B14 (issue 17, item 11) in the embedded finance application: an invoice created naming the
estimate or sales order it is made from (``estimate_id`` / ``salesorder_id``, read on create
only) is linked to it; the estimate becomes invoiced, the order stays open. An unknown source,
another organisation's, or both at once are refused, and nothing is made."""
from __future__ import annotations

import pytest

from core.finance.base import RejectedError

from .conftest import customer, document

LINE = [{"name": "Work", "quantity": "2", "rate": "50"}]


def test_b14_an_invoice_made_from_an_estimate_invoices_it(fin):
    acme = customer(fin)
    estimate = document(fin, "estimates", acme, LINE)
    fin.action("estimates", estimate["id"], "mark_accepted")
    invoice = document(fin, "invoices", acme, LINE, estimate_id=estimate["id"])
    assert (invoice["estimate_id"], invoice["salesorder_id"], invoice["status"]) == (estimate["id"], None, "draft")
    assert fin.get("estimates", estimate["id"])["status"] == "invoiced"
    fin.update("invoices", invoice["id"], {"notes": "edited", "estimate_id": "999"})  # read on create only
    assert fin.get("invoices", invoice["id"])["estimate_id"] == estimate["id"]


def test_b14_an_invoice_made_from_a_sales_order_leaves_it_open(fin):
    acme = customer(fin)
    order = document(fin, "salesorders", acme, LINE)
    fin.action("salesorders", order["id"], "convert_to_open")
    invoice = document(fin, "invoices", acme, LINE, salesorder_id=order["id"])
    assert (invoice["salesorder_id"], invoice["estimate_id"]) == (order["id"], None)
    assert fin.get("salesorders", order["id"])["status"] == "open"


def test_b14_a_source_that_is_not_there_is_refused(fin, make_fin):
    acme = customer(fin)
    order = document(fin, "salesorders", acme, LINE)
    estimate = document(fin, "estimates", acme, LINE)
    other = make_fin("other")
    elsewhere = document(other, "estimates", customer(other), LINE)
    for fields, message in (({"estimate_id": order["id"]}, "estimate_id: estimate"),
                            ({"estimate_id": elsewhere["id"]}, "estimate_id: estimate"),
                            ({"salesorder_id": "abc"}, "salesorder_id"),
                            ({"estimate_id": estimate["id"], "salesorder_id": order["id"]}, "one of them")):
        with pytest.raises(RejectedError, match=message):
            document(fin, "invoices", acme, LINE, **fields)
    assert list(fin.list_changed("invoices", None)) == []
    assert fin.get("estimates", estimate["id"])["status"] == "draft"
