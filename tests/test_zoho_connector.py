"""The ``zoho`` connector end to end over real HTTP against finance-serve (the embedded finance
application in the shape of the Zoho APIs): records, CRM ids, incremental pages, status
actions and figures, for each Zoho app."""
from __future__ import annotations

import datetime as dt

import pytest

from core.finance.base import FinanceService, NotFoundError, RejectedError, UnsupportedAction
from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org, served  # noqa: F401


def customer(zoho, crm="accounts:1", name="Acme Corp", **extra):
    return zoho.create("contacts", {"contact_name": name, "contact_type": "customer",
                                    "crm_id": crm, **extra})


def lines(*rates):
    return [{"name": f"Widget {i}", "quantity": "2", "rate": rate} for i, rate in enumerate(rates)]


def test_contact_create_get_update_and_find_by_crm_id(connect):
    zoho = connect("books")
    assert isinstance(zoho, FinanceService)
    made = customer(zoho, email="ap@acme.test")
    assert isinstance(made["id"], str) and made["crm_id"] == "accounts:1"
    assert made["outstanding_receivable_amount"] == "0.00" and made["last_modified_time"]
    changed = zoho.update("contacts", made["id"], {"contact_name": "Acme Corp", "email": "billing@acme.test"},
                          previous=made)
    # Zoho keeps a contact's email on its primary contact person (contacts.yml)
    assert [p["email"] for p in changed["contact_persons"]] == ["billing@acme.test"]
    assert changed["id"] == made["id"]
    assert [p["email"] for p in zoho.get("contacts", made["id"])["contact_persons"]] == ["billing@acme.test"]
    assert zoho.find_by_crm_id("contacts", "accounts:1")["id"] == made["id"]
    assert zoho.find_by_crm_id("contacts", "accounts:2") is None
    assert zoho.get("contacts", "987654") is None


def test_repeated_create_returns_the_one_record(connect):
    zoho = connect("books")
    first = customer(zoho, crm="accounts:7")
    again = customer(zoho, crm="accounts:7")
    assert again["id"] == first["id"]
    assert [r["id"] for r in zoho.list_changed("contacts", None)] == [first["id"]]


def test_list_changed_follows_pages_oldest_first_from_the_cursor(connect, finserve):
    app, _ = finserve
    zoho = connect("books", per_page=3)
    made = [customer(zoho, crm=f"accounts:{i}", name=f"Customer {i}") for i in range(7)]
    state = app.extensions["finance_serve"]
    before = state.calls
    everything = list(zoho.list_changed("contacts", None))
    assert [r["id"] for r in everything] == [r["id"] for r in made]
    assert state.calls - before == 3  # pages of 3, 3 and 1
    cursor = dt.datetime.fromisoformat(made[4]["last_modified_time"].replace("Z", "+00:00"))
    zoho.update("contacts", made[1]["id"], {"contact_name": "Customer 1", "phone": "555-0101"})
    recent = list(zoho.list_changed("contacts", cursor))
    assert [r["id"] for r in recent] == [made[i]["id"] for i in (4, 5, 6, 1)]
    naive = cursor.replace(tzinfo=None)  # naive times are UTC
    assert [r["id"] for r in zoho.list_changed("contacts", naive)] == [r["id"] for r in recent]


def test_invoice_numbers_totals_and_status_actions(connect):
    zoho = connect("books")
    acme = customer(zoho)
    invoice = zoho.create("invoices", {"customer_id": acme["id"], "line_items": lines("10.00", "4.99"),
                                       "crm_id": "invoices:1"})
    assert invoice["number"] == invoice["invoice_number"] and invoice["number"].startswith("INV-")
    assert (invoice["status"], invoice["total"], invoice["balance"]) == ("draft", "29.98", "29.98")
    sent = zoho.action("invoices", invoice["id"], "mark_sent")
    assert sent["status"] == "sent" and sent["id"] == invoice["id"]
    with pytest.raises(RejectedError, match="sent"):
        zoho.action("invoices", invoice["id"], "mark_sent")
    assert zoho.figures("contacts", acme["id"])["outstanding_receivable_amount"] == "29.98"
    assert zoho.action("invoices", invoice["id"], "mark_void")["status"] == "void"


def test_estimates_accept_and_decline(connect):
    zoho = connect("invoice")  # Zoho Invoice: organisation in a header
    acme = customer(zoho)
    one, two = (zoho.create("estimates", {"customer_id": acme["id"], "line_items": lines("5.00"),
                                          "crm_id": f"quotes:{i}"}) for i in (1, 2))
    assert one["number"].startswith("EST-")
    assert zoho.action("estimates", one["id"], "mark_sent")["status"] == "sent"
    assert zoho.action("estimates", one["id"], "mark_accepted")["status"] == "accepted"
    zoho.action("estimates", two["id"], "mark_sent")  # Zoho accepts or declines only a sent estimate
    assert zoho.action("estimates", two["id"], "mark_declined")["status"] == "declined"
    assert zoho.get("estimates", two["id"])["status"] == "declined"


def test_sales_and_purchase_orders_and_the_actions_zoho_lacks(connect):
    zoho = connect("inventory")
    acme = customer(zoho)
    parts = zoho.create("contacts", {"contact_name": "Parts Ltd", "contact_type": "vendor",
                                     "crm_id": "vendors:1"})
    order = zoho.create("salesorders", {"customer_id": acme["id"], "line_items": lines("3.00"),
                                        "crm_id": "salesorders:1"})
    assert order["number"].startswith("SO-") and order["status"] == "draft"
    assert zoho.action("salesorders", order["id"], "convert_to_open")["status"] == "open"
    with pytest.raises(UnsupportedAction, match="close a sales order"):
        zoho.action("salesorders", order["id"], "mark_closed")
    with pytest.raises(UnsupportedAction, match="reopen"):  # no endpoint: nothing to send
        zoho.action("salesorders", order["id"], "reopen")
    assert zoho.action("salesorders", order["id"], "mark_void")["status"] == "void"
    assert zoho.get("salesorders", order["id"])["status"] == "void"
    po = zoho.create("purchaseorders", {"vendor_id": parts["id"], "line_items": lines("7.50"),
                                        "crm_id": "purchaseorders:1"})
    assert po["number"].startswith("PO-")
    assert zoho.action("purchaseorders", po["id"], "convert_to_open")["status"] == "open"
    with pytest.raises(UnsupportedAction):
        zoho.action("purchaseorders", po["id"], "mark_closed")
    assert zoho.action("purchaseorders", po["id"], "mark_cancelled")["status"] == "cancelled"
    with pytest.raises(UnsupportedAction):
        zoho.action("purchaseorders", po["id"], "reopen")
    with pytest.raises(RejectedError, match="no action"):
        zoho.action("purchaseorders", po["id"], "mark_paid")


def test_expense_reports_move_through_approval(connect):
    zoho = connect("expense")
    expense = zoho.create("expenses", {"date": "2024-05-02", "account_name": "Travel",
                                       "amount": "120.50", "merchant": "Rail", "crm_id": "expenses:1"})
    assert expense["amount"] == "120.50" and expense["status"]
    report = zoho.create("expense_reports", {"report_name": "May trip", "expense_ids": [expense["id"]],
                                             "crm_id": "expense_reports:1"})
    assert report["id"] == report["report_id"] and report["total"] == "120.50"
    for action, status in (("submit", "submitted"), ("reject", "rejected"), ("submit", "submitted"),
                           ("approve", "approved"), ("reimburse", "reimbursed")):
        assert zoho.action("expense_reports", report["id"], action)["status"] == status


def test_subscriptions_customers_and_cancellation(connect):
    zoho = connect("subscriptions")
    bob = zoho.create("contacts", {"contact_name": "Bob Stone", "crm_id": "contacts:9"})
    assert bob["contact_name"] == "Bob Stone" and bob["id"] == bob["customer_id"]
    assert zoho.find_by_crm_id("contacts", "contacts:9")["id"] == bob["id"]
    sub = zoho.create("subscriptions", {"customer_id": bob["id"], "plan_code": "GOLD",
                                        "price": "9.99", "crm_id": "subscriptions:1"})
    assert sub["number"].startswith("SUB-") and sub["status"] == "live"
    assert zoho.action("subscriptions", sub["id"], "cancel_at_end")["status"] == "non_renewing"
    assert zoho.action("subscriptions", sub["id"], "reactivate")["status"] == "live"
    assert zoho.action("subscriptions", sub["id"], "cancel")["status"] == "cancelled"


def test_s1_subscription_invoices_are_listed_through_zoho_billing(connect, org, finance_bound):
    """The Subscriptions app's pull reads a subscription's invoices from Billing's /invoices."""
    zoho = connect("subscriptions")
    ann = zoho.create("contacts", {"contact_name": "Ann Lee", "crm_id": "contacts:10"})
    sub = zoho.create("subscriptions", {"customer_id": ann["id"], "plan_code": "SILVER", "price": "20.00",
                                        "crm_id": "subscriptions:2"})
    billed = served(org, "subscriptions").bill_subscription(sub["id"], dt.date.today())
    listed = [i for i in zoho.list_changed("invoices", None) if i.get("subscription_id") == sub["id"]]
    assert [i["id"] for i in listed] == [billed["id"]] and listed[0]["total"] == "20.00"


def test_item_figures_show_stock_kept_on_the_finance_side(connect, org):
    zoho = connect("inventory")
    item = zoho.create("items", {"name": "Widget", "rate": "10.00", "crm_id": "products:1"})
    assert zoho.figures("items", item["id"]) == {"stock_on_hand": "0.00", "committed_stock": "0.00",
                                                 "available_stock": "0.00"}
    served(org, "inventory").adjust_stock(item["id"], 12, "count")
    acme = customer(zoho)
    order = zoho.create("salesorders", {"customer_id": acme["id"], "crm_id": "salesorders:5",
                                        "line_items": [{"item_id": item["id"], "name": "Widget",
                                                        "quantity": "5", "rate": "10.00"}]})
    zoho.action("salesorders", order["id"], "convert_to_open")
    assert zoho.figures("items", item["id"]) == {"stock_on_hand": "12.00", "committed_stock": "5.00",
                                                 "available_stock": "7.00"}


def test_organisations_and_apps_are_kept_apart(connect, org):
    books, invoice = connect("books"), connect("invoice", organization_id=org + "-invoice")
    customer(books, crm="accounts:3")
    assert invoice.find_by_crm_id("contacts", "accounts:3") is None
    with pytest.raises(RejectedError, match="no invoices"):
        connect("expense").create("invoices", {"crm_id": "invoices:9"})
    with pytest.raises(RejectedError, match="made by the finance application"):
        connect("inventory").create("packages", {"crm_id": "packages:1"})


def test_delete_removes_the_record_and_a_second_delete_is_not_found(connect):
    zoho = connect("books")
    buyer = customer(zoho)
    invoice = zoho.create("invoices", {"customer_id": buyer["id"], "crm_id": "books/invoices:1",
                                       "line_items": lines("10.00")})
    zoho.delete("invoices", invoice["id"])
    assert zoho.get("invoices", invoice["id"]) is None
    with pytest.raises(NotFoundError):
        zoho.delete("invoices", invoice["id"])
    with pytest.raises(NotFoundError):  # a payment may be deleted (customerpayments.yml): none is there
        zoho.delete("payments", "999999")
    with pytest.raises(RejectedError, match="made by the finance application"):
        connect("inventory").delete("packages", "1")


def test_c4_a_crm_payment_reaches_zoho_as_one_payment_applied_to_its_invoices(connect):
    """customerpayments.yml: ``POST /customerpayments`` with ``invoices: [{invoice_id,
    amount_applied}]``; our id in its custom field; changed with ``PUT``, removed with ``DELETE``."""
    zoho = connect("books")
    buyer = customer(zoho)
    first, second = (zoho.create("invoices", {"customer_id": buyer["id"], "crm_id": f"books/invoices:{n}",
                                              "line_items": lines(rate)}) for n, rate in ((1, "50.00"), (2, "25.00")))
    for invoice in (first, second):
        zoho.action("invoices", invoice["id"], "mark_sent")
    payment = zoho.create("payments", {
        "crm_id": "payments/payments:1", "customer_id": buyer["id"], "amount": "150.00", "date": "2026-12-01",
        "payment_mode": "banktransfer", "reference_number": "Wire 7",
        "invoices": [{"invoice_id": first["id"], "amount_applied": "100.00"},
                     {"invoice_id": second["id"], "amount_applied": "20.00"}]})
    assert payment["crm_id"] == "payments/payments:1" and payment["number"].startswith("PAY-")
    assert [(a["invoice_id"], a["amount_applied"]) for a in payment["invoices"]] == [
        (first["id"], "100.00"), (second["id"], "20.00")]
    assert (payment["unused_amount"], payment["payment_mode"]) == ("30.00", "banktransfer")
    assert [(zoho.get("invoices", i["id"])["status"], zoho.get("invoices", i["id"])["balance"])
            for i in (first, second)] == [("paid", "0.00"), ("partially_paid", "30.00")]
    again = zoho.create("payments", {"crm_id": "payments/payments:1", "customer_id": buyer["id"], "amount": "150.00",
                                     "invoices": [{"invoice_id": first["id"], "amount_applied": "100.00"}]})
    assert again["id"] == payment["id"]  # the upsert on our id: never a second payment
    assert zoho.get("invoices", second["id"])["balance"] == "50.00"
    assert zoho.find_by_crm_id("payments", "payments/payments:1")["id"] == payment["id"]
    zoho.delete("payments", payment["id"])
    assert zoho.get("invoices", first["id"])["status"] == "sent" and zoho.get("payments", payment["id"]) is None


def test_c4_zoho_refuses_a_payment_above_the_invoice_balance(connect):
    zoho = connect("books")
    buyer = customer(zoho)
    invoice = zoho.create("invoices", {"customer_id": buyer["id"], "crm_id": "books/invoices:1",
                                       "line_items": lines("10.00")})
    zoho.action("invoices", invoice["id"], "mark_sent")
    with pytest.raises(RejectedError, match="more than the invoice's balance 20.00"):
        zoho.create("payments", {"crm_id": "payments/payments:2", "customer_id": buyer["id"], "amount": "30.00",
                                 "invoices": [{"invoice_id": invoice["id"], "amount_applied": "30.00"}]})
    assert zoho.get("invoices", invoice["id"])["balance"] == "20.00"


def test_c4_a_plugin_kind_goes_to_the_zoho_resource_it_names(connect, finserve):
    """A plugin's ``FinanceDocType.remote["zoho"]`` tells the connector where to send it; a kind
    that names none is refused before any call. Zoho has no vouchers: its stand-in answers the
    request as Zoho answers an unknown URL, and the record fails with that answer."""
    from core.finance.local.builtin_types import builtin_doc_types
    from core.finance.local.doc_types import install
    from tests.fake_plugins import vouchers
    zoho, state = connect("books"), finserve[0].extensions["finance_serve"]
    with pytest.raises(RejectedError, match="Zoho books has no vouchers"):
        zoho.create("vouchers", {"crm_id": "vouchers/vouchers:1", "amount": "5.00"})
    install([*builtin_doc_types(), *vouchers.register_finance_doc_types()])
    try:
        before = state.calls
        with pytest.raises((RejectedError, NotFoundError), match="Invalid URL Passed"):
            zoho.create("vouchers", {"crm_id": "vouchers/vouchers:1", "amount": "5.00"})
        assert state.calls == before + 1
    finally:
        install(builtin_doc_types())
