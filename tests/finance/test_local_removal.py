"""Deleting in the embedded finance application (docs/sync.md "Deletions"): drafts and open
records go, and the figures they counted in with them; what money or goods moved through stays."""
from __future__ import annotations

import pytest

from core.finance.base import NotFoundError, RejectedError

from .conftest import customer, document, item, vendor

LINE = [{"name": "Work", "quantity": "1", "rate": "100.00"}]


def test_a_sent_invoice_without_payments_goes_and_the_receivable_with_it(fin):
    acme = customer(fin)
    invoice = document(fin, "invoices", acme, LINE)
    fin.action("invoices", invoice["id"], "mark_sent")
    assert fin.figures("contacts", acme["id"])["outstanding_receivable_amount"] == "100.00"
    fin.delete("invoices", invoice["id"])
    assert fin.get("invoices", invoice["id"]) is None
    assert fin.figures("contacts", acme["id"])["outstanding_receivable_amount"] == "0.00"
    with pytest.raises(NotFoundError):
        fin.delete("invoices", invoice["id"])


def test_an_open_sales_order_goes_and_frees_the_stock_it_committed(fin):
    acme, widget = customer(fin), item(fin)
    fin.adjust_stock(widget["id"], "20")
    order = document(fin, "salesorders", acme, [{"item_id": widget["id"], "quantity": "5"}])
    fin.action("salesorders", order["id"], "convert_to_open")
    assert fin.figures("items", widget["id"])["committed_stock"] == "5.00"
    fin.delete("salesorders", order["id"])
    assert fin.figures("items", widget["id"])["committed_stock"] == "0.00"


@pytest.mark.parametrize("kind, move, reason", [
    ("invoices", lambda fin, doc: (fin.action("invoices", doc, "mark_sent"), fin.record_payment(doc, "10.00")),
     "payments have been recorded"),
    ("estimates", lambda fin, doc: (fin.action("estimates", doc, "mark_sent"), fin.convert_estimate(doc)),
     "converted to an invoice"),
    ("purchaseorders", lambda fin, doc: (fin.action("purchaseorders", doc, "convert_to_open"),
                                         fin.bill_purchaseorder(doc)), "has been billed"),
    ("salesorders", lambda fin, doc: (fin.action("salesorders", doc, "convert_to_open"), fin.create_package(doc)),
     "has packages"),
])
def test_what_money_or_goods_moved_through_stays(fin, kind, move, reason):
    widget = item(fin)
    fin.adjust_stock(widget["id"], "10")
    party = vendor(fin) if kind == "purchaseorders" else customer(fin)
    doc = document(fin, kind, party, [{"item_id": widget["id"], "quantity": "1", "rate": "100.00"}])
    move(fin, doc["id"])
    with pytest.raises(RejectedError, match=reason):
        fin.delete(kind, doc["id"])
    assert fin.get(kind, doc["id"]) is not None


def test_expenses_go_from_an_open_report_and_stay_in_a_submitted_one(fin):
    made = [fin.create("expenses", {"date": "2024-03-01", "account_name": "Travel", "amount": amount,
                                    "crm_id": f"expenses:{amount}"}) for amount in ("40.00", "12.00", "8.00")]
    report = fin.create("expense_reports", {"report_name": "March", "expense_ids": [e["id"] for e in made[:2]],
                                            "crm_id": "expense_reports:1"})
    fin.delete("expenses", made[0]["id"])
    assert fin.get("expense_reports", report["id"])["total"] == "12.00"
    fin.action("expense_reports", report["id"], "submit")
    with pytest.raises(RejectedError, match="submitted"):
        fin.delete("expenses", made[1]["id"])
    with pytest.raises(RejectedError, match="submitted"):
        fin.delete("expense_reports", report["id"])
    fin.action("expense_reports", report["id"], "reject")
    fin.delete("expense_reports", report["id"])
    assert fin.get("expenses", made[1]["id"])["status"] == "unreported"


def test_contacts_and_items_are_not_deleted_through_the_api(fin):
    acme = customer(fin)
    with pytest.raises(RejectedError, match="cannot be deleted"):
        fin.delete("contacts", acme["id"])
    assert fin.get("contacts", acme["id"]) is not None


def test_a_billed_subscription_stays_and_an_unbilled_one_goes(fin):
    import datetime as dt
    acme = customer(fin)
    plan = {"plan_code": "PRO", "name": "Pro", "price": "10.00", "interval": 1, "interval_unit": "months"}
    past = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    billed = fin.create("subscriptions", {"customer_id": acme["id"], "plan": plan, "starts_at": past,
                                          "crm_id": "subscriptions:1"})
    assert fin.bill_subscription(billed["id"]) is not None
    with pytest.raises(RejectedError, match="has been billed: cancel it instead"):
        fin.delete("subscriptions", billed["id"])
    fresh = fin.create("subscriptions", {"customer_id": acme["id"], "plan": plan, "crm_id": "subscriptions:2"})
    fin.delete("subscriptions", fresh["id"])
    assert fin.get("subscriptions", fresh["id"]) is None
