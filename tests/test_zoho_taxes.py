"""Y7, B2: taxes on order lines as Zoho documents them. Sales-order and purchase-order lines take
a ``tax_id`` (sales-order.yml, purchase-order.yml; no ``tax_percentage``, which Zoho ignores
there), invoice and estimate lines both. The ``zoho`` connector sends each order line the
``tax_id`` of the organisation's tax of that percentage (taxes.yml: listed, created when none
matches as "Tax 20%"), cached per organisation in the process; finance-serve serves
``/settings/taxes`` and computes order taxes from ``tax_id`` only."""
from __future__ import annotations

import pytest

from core.finance.base import RejectedError
from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org  # noqa: F401

TAXED = [{"name": "Install", "quantity": "1", "rate": "100.00", "tax_percentage": "20"},
         {"name": "Advice", "quantity": "2", "rate": "10.00", "tax_percentage": "8.25"},
         {"name": "Travel", "quantity": "1", "rate": "5.00", "tax_percentage": "0"}]


def calls_of(finserve, block):
    log = finserve[0].extensions["finance_serve"].seen
    before = len(log)
    result = block()
    return result, list(log)[before:]


def parties(zoho) -> dict:
    return {"customer_id": zoho.create("contacts", {"contact_name": "Acme", "contact_type": "customer",
                                                    "crm_id": "accounts:1"})["id"],
            "vendor_id": zoho.create("contacts", {"contact_name": "Parts", "contact_type": "vendor",
                                                  "crm_id": "vendors:1"})["id"]}


def test_y7_finance_serve_serves_the_documented_taxes_api(connect):
    http = connect("books").http
    made = http.request("POST", "/settings/taxes", json={"tax_name": "VAT", "tax_percentage": "20",
                                                         "tax_type": "tax"})
    [tax] = made["tax"] if isinstance(made["tax"], list) else [made["tax"]]
    assert made["message"] == "The tax has been added."
    assert (tax["tax_name"], str(tax["tax_percentage"]), tax["tax_type"]) == ("VAT", "20", "tax")
    listed = http.request("GET", "/settings/taxes")["taxes"]
    assert [t["tax_id"] for t in listed] == [tax["tax_id"]]
    one = http.request("GET", f"/settings/taxes/{tax['tax_id']}")["tax"]
    assert (one if isinstance(one, dict) else one[0])["tax_name"] == "VAT"
    with pytest.raises(RejectedError, match="tax_percentage"):
        http.request("POST", "/settings/taxes", json={"tax_name": "Nothing"})
    assert connect("inventory").http.request("GET", "/settings/taxes")["taxes"] == listed  # one organisation


def test_y7_finance_serve_computes_order_taxes_from_tax_id_only(connect):
    zoho = connect("books")
    http, who = zoho.http, parties(zoho)
    tax = http.request("POST", "/settings/taxes", json={"tax_name": "VAT", "tax_percentage": "20"})["tax"]
    tax_id = (tax[0] if isinstance(tax, list) else tax)["tax_id"]
    line = {"name": "A", "quantity": "1", "rate": "100.00"}
    for path, key, party in (("/salesorders", "salesorder", "customer_id"),
                             ("/purchaseorders", "purchaseorder", "vendor_id")):
        ignored = http.request("POST", path, json={party: who[party], "line_items": [
            {**line, "tax_percentage": "20"}]})[key]
        assert (ignored["tax_total"], ignored["total"]) == ("0.00", "100.00"), path  # Zoho ignores it there
        taxed = http.request("POST", path, json={party: who[party], "line_items": [{**line, "tax_id": tax_id}]})[key]
        assert (taxed["tax_total"], taxed["total"]) == ("20.00", "120.00"), path
        assert taxed["line_items"][0]["tax_id"] == tax_id
    invoice = http.request("POST", "/invoices", json={"customer_id": who["customer_id"], "line_items": [
        {**line, "tax_percentage": "8.25"}, {**line, "tax_id": tax_id}]})["invoice"]
    assert invoice["tax_total"] == "28.25"  # invoices document both
    with pytest.raises(RejectedError, match="tax_id"):
        http.request("POST", "/salesorders", json={"customer_id": who["customer_id"],
                                                   "line_items": [{**line, "tax_id": "999999"}]})


def test_y7_order_lines_are_sent_with_the_tax_id_of_their_percentage(connect, finserve):
    zoho = connect("books")
    who = parties(zoho)
    order, calls = calls_of(finserve, lambda: zoho.create("salesorders", {
        "customer_id": who["customer_id"], "line_items": TAXED, "crm_id": "books/salesorders:1"}))
    assert (order["sub_total"], order["tax_total"], order["total"]) == ("125.00", "21.65", "146.65")
    assert [(c["method"], c["path"]) for c in calls] == [
        ("GET", "/books/v3/settings/taxes"), ("POST", "/books/v3/settings/taxes"),
        ("POST", "/books/v3/settings/taxes"), ("POST", "/books/v3/settings/taxes"), ("PUT", "/books/v3/salesorders")]
    assert [c["json"]["tax_name"] for c in calls[1:4]] == ["Tax 20%", "Tax 8.25%", "Tax 0%"]
    sent = calls[-1]["json"]["line_items"]
    assert all("tax_percentage" not in line and line["tax_id"] for line in sent)
    # the ids are the organisation's: cached in the process, for every connection to it
    again = connect("books")
    po, calls = calls_of(finserve, lambda: again.create("purchaseorders", {
        "vendor_id": who["vendor_id"], "line_items": TAXED, "crm_id": "books/purchaseorders:1"}))
    assert [(c["method"], c["path"]) for c in calls] == [("PUT", "/books/v3/purchaseorders")]
    assert po["total"] == "146.65"
    updated, calls = calls_of(finserve, lambda: zoho.update("salesorders", order["id"], {
        "customer_id": who["customer_id"], "line_items": TAXED[:1]}))
    assert len(calls) == 1 and updated["total"] == "120.00"
    # invoices and estimates document tax_percentage: sent as it is, no tax looked up
    invoice, calls = calls_of(finserve, lambda: zoho.create("invoices", {
        "customer_id": who["customer_id"], "line_items": TAXED, "crm_id": "books/invoices:1"}))
    assert len(calls) == 1 and invoice["total"] == "146.65"
    assert [line.get("tax_percentage") for line in calls[0]["json"]["line_items"]] == ["20", "8.25", "0"]


def test_y7_an_existing_tax_of_the_percentage_is_used(connect, finserve):
    zoho = connect("inventory")
    who = parties(zoho)
    existing = zoho.http.request("POST", "/settings/taxes", json={"tax_name": "VAT", "tax_percentage": "20.00"})
    tax_id = (existing["tax"][0] if isinstance(existing["tax"], list) else existing["tax"])["tax_id"]
    order, calls = calls_of(finserve, lambda: zoho.create("salesorders", {
        "customer_id": who["customer_id"], "line_items": TAXED[:1], "crm_id": "books/salesorders:1"}))
    assert [(c["method"], c["path"]) for c in calls] == [("GET", "/inventory/v1/settings/taxes"),
                                                         ("PUT", "/inventory/v1/salesorders")]
    assert calls[-1]["json"]["line_items"][0]["tax_id"] == tax_id and order["tax_total"] == "20.00"
