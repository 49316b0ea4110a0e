"""What happens on the finance side: payments and receivables, bills and payables, stock,
packages and shipments, subscriptions billed, expense reports; every changed row is touched."""
from __future__ import annotations

import datetime as dt

import pytest

from core.finance.base import NotFoundError, RejectedError

from .conftest import customer, document, item, vendor

TODAY = dt.date.today()


def _sent_invoice(fin, acme, rate="100", **extra):
    invoice = document(fin, "invoices", acme, [{"name": "Work", "quantity": "1", "rate": rate}], **extra)
    return fin.action("invoices", invoice["id"], "mark_sent")


def test_payments_move_the_invoice_and_the_customers_receivable(fin):
    acme = customer(fin)
    invoice = _sent_invoice(fin, acme, due_date=(TODAY + dt.timedelta(days=30)).isoformat())
    before = fin.get("contacts", acme["id"])
    assert before["outstanding_receivable_amount"] == "100.00"
    payment = fin.record_payment(invoice["id"], "40.00")
    assert (payment["amount"], payment["invoice_id"], payment["customer_id"]) == ("40.00", invoice["id"], acme["id"])
    after = fin.get("invoices", invoice["id"])
    assert (after["status"], after["balance"]) == ("partially_paid", "60.00")
    contact = fin.get("contacts", acme["id"])
    assert contact["outstanding_receivable_amount"] == "60.00"
    assert contact["last_modified_time"] > before["last_modified_time"]
    fin.record_payment(invoice["id"], "60")
    assert fin.get("invoices", invoice["id"])["status"] == "paid"
    assert fin.figures("contacts", acme["id"])["outstanding_receivable_amount"] == "0.00"
    assert [p["amount"] for p in fin.list_changed("payments", None)] == ["40.00", "60.00"]


def test_refused_payments(fin):
    acme = customer(fin)
    draft = document(fin, "invoices", acme, [{"name": "Work", "quantity": "1", "rate": "10"}])
    with pytest.raises(RejectedError, match="is draft"):
        fin.record_payment(draft["id"], "5")
    sent = fin.action("invoices", draft["id"], "mark_sent")
    with pytest.raises(RejectedError, match="more than the invoice's balance"):
        fin.record_payment(sent["id"], "10.01")
    with pytest.raises(RejectedError, match="greater than zero"):
        fin.record_payment(sent["id"], "0")
    with pytest.raises(NotFoundError):
        fin.record_payment("123456789", "1")


def test_partial_payment_of_an_overdue_invoice_keeps_it_overdue(fin):
    acme = customer(fin)
    invoice = _sent_invoice(fin, acme, date=(TODAY - dt.timedelta(days=40)).isoformat(),
                            due_date=(TODAY - dt.timedelta(days=10)).isoformat())
    assert invoice["status"] == "overdue"
    fin.record_payment(invoice["id"], "30")
    assert fin.get("invoices", invoice["id"])["status"] == "overdue"
    assert fin.figures("contacts", acme["id"])["overdue_receivable_amount"] == "70.00"


def test_billing_a_purchase_order_makes_a_payable_and_receives_stock(fin):
    parts, bolt = vendor(fin), item(fin, "Bolt", "2.00")
    order = document(fin, "purchaseorders", parts, [{"item_id": bolt["id"], "quantity": "50", "rate": "1.50"}])
    with pytest.raises(RejectedError, match="is draft"):
        fin.bill_purchaseorder(order["id"])
    fin.action("purchaseorders", order["id"], "convert_to_open")
    bill = fin.bill_purchaseorder(order["id"])
    assert (bill["bill_number"], bill["status"], bill["total"], bill["purchaseorder_id"]) == \
        ("BILL-000001", "open", "75.00", order["id"])
    assert fin.get("purchaseorders", order["id"])["status"] == "billed"
    assert fin.figures("contacts", parts["id"])["outstanding_payable_amount"] == "75.00"
    assert fin.figures("items", bolt["id"])["stock_on_hand"] == "50.00"
    fin.pay_bill(bill["id"], "75")
    assert fin.figures("contacts", parts["id"])["outstanding_payable_amount"] == "0.00"
    with pytest.raises(RejectedError, match="is billed"):
        fin.bill_purchaseorder(order["id"])


def test_committed_and_available_stock_follow_open_sales_orders_and_packages(fin):
    acme, widget = customer(fin), item(fin)
    touched = fin.adjust_stock(widget["id"], "20")
    assert touched["stock_on_hand"] == "20.00" and touched["last_modified_time"] > widget["last_modified_time"]
    order = document(fin, "salesorders", acme, [{"item_id": widget["id"], "quantity": "5"}])
    assert fin.figures("items", widget["id"])["committed_stock"] == "0.00"  # a draft commits nothing
    fin.action("salesorders", order["id"], "convert_to_open")
    assert fin.figures("items", widget["id"]) == {"stock_on_hand": "20.00", "committed_stock": "5.00",
                                                  "available_stock": "15.00"}
    fin.update("salesorders", order["id"], {"line_items": [{"item_id": widget["id"], "quantity": "8"}]})
    assert fin.figures("items", widget["id"])["committed_stock"] == "8.00"
    fin.action("salesorders", order["id"], "mark_void")
    assert fin.figures("items", widget["id"])["committed_stock"] == "0.00"
    fin.action("salesorders", order["id"], "reopen")
    package = fin.create_package(order["id"])
    assert (package["package_number"], package["status"], package["salesorder_id"]) == \
        ("PKG-000001", "not_shipped", order["id"])
    assert fin.figures("items", widget["id"]) == {"stock_on_hand": "12.00", "committed_stock": "0.00",
                                                  "available_stock": "12.00"}
    with pytest.raises(RejectedError, match="nothing left to pack"):
        fin.create_package(order["id"])
    with pytest.raises(RejectedError, match="line_items"):
        fin.update("salesorders", order["id"], {"line_items": [{"item_id": widget["id"], "quantity": "1"}]})
    with pytest.raises(RejectedError, match="negative"):
        fin.adjust_stock(widget["id"], "-13")


def test_packages_are_shipped_then_delivered(fin):
    acme, widget = customer(fin), item(fin)
    order = document(fin, "salesorders", acme, [{"item_id": widget["id"], "quantity": "1"}])
    with pytest.raises(RejectedError, match="is draft"):
        fin.create_package(order["id"])
    fin.action("salesorders", order["id"], "convert_to_open")
    package = fin.create_package(order["id"])
    with pytest.raises(RejectedError, match="is not_shipped"):
        fin.deliver_package(package["id"])
    shipped = fin.ship_package(package["id"], "UPS", "1Z999")
    assert (shipped["status"], shipped["carrier"], shipped["tracking_number"]) == ("shipped", "UPS", "1Z999")
    with pytest.raises(RejectedError, match="is shipped"):
        fin.ship_package(package["id"], "DHL", "x")
    assert fin.deliver_package(package["id"])["status"] == "delivered"
    assert [p["status"] for p in fin.list_changed("packages", None)] == ["delivered"]


def test_subscriptions_are_billed_each_interval(fin):
    acme = customer(fin)
    sub = fin.create("subscriptions", {"customer_id": acme["id"], "plan_code": "PRO", "plan_name": "Pro plan",
                                       "quantity": "3", "price": "25.50", "interval_unit": "months",
                                       "starts_at": "2024-01-31", "crm_id": "subscriptions:1"})
    assert (sub["subscription_number"], sub["status"], sub["next_billing_at"]) == ("SUB-000001", "live", "2024-01-31")
    invoice = fin.bill_subscription(sub["id"], dt.date(2024, 1, 31))
    assert (invoice["total"], invoice["date"], invoice["subscription_id"]) == ("76.50", "2024-01-31", sub["id"])
    assert fin.get("subscriptions", sub["id"])["next_billing_at"] == "2024-02-29"
    with pytest.raises(RejectedError, match="not due"):
        fin.bill_subscription(sub["id"], dt.date(2024, 2, 1))
    fin.bill_subscription(sub["id"], dt.date(2024, 3, 1))
    assert len(fin.get("subscriptions", sub["id"])["invoices"]) == 2
    assert fin.action("subscriptions", sub["id"], "cancel_at_end")["status"] == "non_renewing"
    assert fin.bill_subscription(sub["id"], dt.date(2024, 3, 29)) is None
    ended = fin.get("subscriptions", sub["id"])
    assert (ended["status"], ended["next_billing_at"]) == ("cancelled", None)


def test_expense_reports_total_their_expenses_and_carry_their_status(fin):
    first = fin.create("expenses", {"date": "2024-03-01", "account_name": "Travel", "amount": "40.10",
                                    "tax_amount": "4.01", "crm_id": "expenses:1"})
    second = fin.create("expenses", {"date": "2024-03-02", "account_name": "Meals", "amount": "12.00",
                                     "crm_id": "expenses:2"})
    assert first["status"] == "unreported"
    report = fin.create("expense_reports", {"report_name": "March", "expense_ids": [first["id"], second["id"]],
                                            "crm_id": "expense_reports:1"})
    assert (report["report_number"], report["total"], report["status"]) == ("ER-000001", "56.11", "draft")
    fin.action("expense_reports", report["id"], "submit")
    assert fin.get("expenses", first["id"])["status"] == "submitted"
    fin.update("expenses", second["id"], {"amount": "20"})
    assert fin.get("expense_reports", report["id"])["total"] == "64.11"
    with pytest.raises(RejectedError, match="already in another report"):
        fin.create("expense_reports", {"report_name": "Again", "expense_ids": [first["id"]],
                                       "crm_id": "expense_reports:2"})
    with pytest.raises(RejectedError, match="expense_ids"):
        fin.create("expense_reports", {"report_name": "None", "expense_ids": [], "crm_id": "expense_reports:3"})
