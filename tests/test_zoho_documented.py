"""Y7, Y8: the ``zoho`` connector and finance-serve use only what Zoho documents (Books v3's
published OpenAPI documents): creates are one upsert on the unique custom field
``cf_finsuite_crm_id``, lookups use documented filters, read every page and compare exactly,
status endpoints answer ``{code, message}``, statuses move only as documented, and finance-serve
ignores what Zoho ignores."""
from __future__ import annotations

import pytest

from core.finance.base import RejectedError, UnsupportedAction
from core.finance.zoho import CRM_FIELD, action_refusal
from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org  # noqa: F401

ACME = {"contact_name": "Acme Corp", "contact_type": "customer", "crm_id": "accounts:1"}
LINE = [{"name": "Work", "quantity": "2", "rate": "50.00"}]


def seen(finserve):
    """The API calls finance-serve received (method, path, query, headers)."""
    return finserve[0].extensions["finance_serve"].seen


def calls_of(finserve, block):
    log = seen(finserve)
    before = len(log)
    result = block()
    return result, list(log)[before:]


def test_y7_a_create_is_one_upsert_and_a_repeat_updates_the_same_record(connect, finserve):
    zoho = connect("books")
    zoho.http.refresh()
    made, calls = calls_of(finserve, lambda: zoho.create("contacts", ACME))
    [call] = calls
    assert (call["method"], call["path"]) == ("PUT", "/books/v3/contacts")
    assert (call["headers"]["X-Unique-Identifier-Key"], call["headers"]["X-Unique-Identifier-Value"],
            call["headers"]["X-Upsert"]) == (CRM_FIELD, "accounts:1", "true")
    assert made["crm_id"] == "accounts:1"
    assert [(f["api_name"], f["value"]) for f in made["custom_fields"]] == [(CRM_FIELD, "accounts:1")]
    again, calls = calls_of(finserve, lambda: zoho.create("contacts", {**ACME, "contact_name": "Acme Inc"}))
    assert len(calls) == 1 and again["id"] == made["id"] and again["contact_name"] == "Acme Inc"
    assert [c["id"] for c in zoho.list_changed("contacts", None)] == [made["id"]]


def test_y7_finance_serve_ignores_what_zoho_ignores(connect, finserve):
    zoho = connect("books")
    http = zoho.http
    plain = http.request("POST", "/contacts", json={"contact_name": "Plain", "contact_type": "customer",
                                                    "crm_id": "accounts:9", "zcrm_account_id": "42"})["contact"]
    assert "crm_id" not in plain and plain["custom_fields"] == []  # crm_id is no Zoho field
    zoho.create("contacts", ACME)
    listed = http.request("GET", "/contacts", {"crm_id": "accounts:1"})["contacts"]
    assert len(listed) == 2  # an unknown filter is ignored, not applied
    assert http.request("GET", "/contacts", {"zcrm_account_id": "42"})["contacts"] == []  # never set by us
    customer = zoho.find_by_crm_id("contacts", "accounts:1")["id"]
    order = http.request("POST", "/salesorders", json={"customer_id": customer, "line_items": [
        {"name": "A", "quantity": "1", "rate": "100.00", "discount_percent": "10"}]})["salesorder"]
    assert order["total"] == "100.00"  # discount_percent is no Zoho field
    vendor = zoho.create("contacts", {"contact_name": "Parts", "contact_type": "vendor", "crm_id": "vendors:1"})
    po = http.request("POST", "/purchaseorders", json={"vendor_id": vendor["id"], "line_items": [
        {"name": "A", "quantity": "1", "rate": "100.00", "discount": "10%"}]})["purchaseorder"]
    assert po["total"] == "100.00"  # Zoho documents no discount on a purchase order's lines


def test_b2_a_purchase_order_with_line_discounts_is_refused_before_it_is_sent(connect, finserve):
    zoho = connect("books")
    vendor = zoho.create("contacts", {"contact_name": "Parts", "contact_type": "vendor", "crm_id": "vendors:1"})
    lines = [{"name": "A", "quantity": "1", "rate": "100.00", "discount": "10%"}]
    with pytest.raises(RejectedError, match="discount") as info:
        calls_of(finserve, lambda: zoho.create("purchaseorders", {"vendor_id": vendor["id"], "line_items": lines,
                                                                  "crm_id": "books/purchaseorders:1"}))
    assert "purchase order" in info.value.message
    _, calls = calls_of(finserve, lambda: zoho.create("purchaseorders", {
        "vendor_id": vendor["id"], "crm_id": "books/purchaseorders:1", "discount_type": "item_level",
        "line_items": [{**lines[0], "discount": "0%"}]}))
    assert "discount" not in calls[-1]["json"]["line_items"][0] and "discount_type" not in calls[-1]["json"]


def test_y7_find_by_crm_id_reads_every_page_and_compares_exactly(connect, finserve):
    zoho = connect("books", per_page=2)
    acme = zoho.create("contacts", ACME)
    for i in (1, 12, 13, 14, 15):  # lists come newest first: the one looked for is on the last page
        zoho.create("salesorders", {"customer_id": acme["id"], "line_items": LINE, "crm_id": f"books/salesorders:{i}"})
    found, calls = calls_of(finserve, lambda: zoho.find_by_crm_id("salesorders", "books/salesorders:1"))
    assert found["crm_id"] == "books/salesorders:1" and len(calls) == 3  # pages of 2, 2 and 1
    assert zoho.find_by_crm_id("salesorders", "books/salesorders:2") is None
    for i in (12, 1):
        zoho.create("invoices", {"customer_id": acme["id"], "line_items": LINE, "crm_id": f"books/invoices:{i}"})
    found, calls = calls_of(finserve, lambda: zoho.find_by_crm_id("invoices", "books/invoices:1"))
    assert found["crm_id"] == "books/invoices:1" and [c["args"].get("custom_field") for c in calls] == [
        "books/invoices:1"]  # the documented filter
    # documented contact list entries carry no custom fields: each candidate is read
    assert zoho.find_by_crm_id("contacts", "accounts:1")["id"] == acme["id"]


def test_y7_status_endpoints_answer_code_and_message_and_an_action_is_one_call(connect, finserve):
    zoho = connect("books")
    acme = zoho.create("contacts", ACME)
    invoice = zoho.create("invoices", {"customer_id": acme["id"], "line_items": LINE, "crm_id": "books/invoices:1"})
    answer = zoho.http.request("POST", f"/estimates/{zoho.create('estimates', {'customer_id': acme['id'], 'line_items': LINE, 'crm_id': 'books/estimates:1'})['id']}/status/sent")
    assert answer == {"code": 0, "message": "Estimate status has been changed to Sent"}
    done, calls = calls_of(finserve, lambda: zoho.action("invoices", invoice["id"], "mark_sent"))
    assert done == {"id": invoice["id"], "status": "sent"} and len(calls) == 1
    assert zoho.get("invoices", invoice["id"])["status"] == "sent"


def test_y7_statuses_move_only_as_zoho_documents(connect):
    zoho = connect("books")
    acme = zoho.create("contacts", ACME)
    http = zoho.http
    order = zoho.create("salesorders", {"customer_id": acme["id"], "line_items": LINE, "crm_id": "so:1"})
    zoho.action("salesorders", order["id"], "mark_void")
    with pytest.raises(RejectedError, match="draft"):  # "Mark a draft sales order as open"
        http.request("POST", f"/salesorders/{order['id']}/status/open")
    estimate = zoho.create("estimates", {"customer_id": acme["id"], "line_items": LINE, "crm_id": "est:1"})
    with pytest.raises(RejectedError, match="sent"):  # "Mark a sent estimate as accepted"
        zoho.action("estimates", estimate["id"], "mark_accepted")
    zoho.action("estimates", estimate["id"], "mark_sent")
    assert zoho.action("estimates", estimate["id"], "mark_declined")["status"] == "declined"
    with pytest.raises(RejectedError):
        http.request("POST", f"/salesorders/{order['id']}/status/closed")  # no such endpoint


def test_y7_reopen_and_close_have_no_endpoint_so_nothing_is_sent(connect, finserve):
    zoho = connect("inventory")
    acme = zoho.create("contacts", ACME)
    order = zoho.create("salesorders", {"customer_id": acme["id"], "line_items": LINE, "crm_id": "so:1"})
    for doc_type, action in (("salesorders", "reopen"), ("salesorders", "mark_closed"),
                             ("purchaseorders", "reopen"), ("purchaseorders", "mark_closed")):
        with pytest.raises(UnsupportedAction):
            _, calls = calls_of(finserve, lambda: zoho.action(doc_type, order["id"], action))
    assert not [c for c in seen(finserve) if "/status/" in c["path"]]


def test_y7_action_refusal_names_what_zoho_can_never_do():
    assert "void sales order" in action_refusal("salesorders", "reopen", "void")
    assert "cancelled purchase order" in action_refusal("purchaseorders", "reopen", "cancelled")
    assert "sent first" in action_refusal("estimates", "mark_accepted", "draft")
    assert "sent first" in action_refusal("estimates", "mark_declined", "draft")
    for allowed in (("salesorders", "reopen", "closed"), ("purchaseorders", "reopen", "closed"),
                    ("estimates", "mark_accepted", "sent"), ("invoices", "mark_sent", "draft"),
                    ("salesorders", "mark_closed", "open")):
        assert action_refusal(*allowed) is None, allowed


def test_y7_the_zoho_connector_spec_carries_its_refusals(registry):
    assert registry.connectors["zoho"].action_refusal("salesorders", "reopen", "void")
    assert registry.connectors["local"].action_refusal is None


def test_y7_required_fields_are_refused_on_update_as_on_create(connect):
    zoho = connect("books")
    acme = zoho.create("contacts", ACME)
    with pytest.raises(RejectedError, match="contact_name"):
        zoho.update("contacts", acme["id"], {"email": "x@acme.test"})
    invoice = zoho.create("invoices", {"customer_id": acme["id"], "line_items": LINE, "crm_id": "inv:1"})
    with pytest.raises(RejectedError, match="line_items"):
        zoho.update("invoices", invoice["id"], {"customer_id": acme["id"], "notes": "x"})


def test_y7_the_upsert_is_refused_without_its_headers_or_a_unique_field(connect):
    http = connect("books").http
    with pytest.raises(RejectedError, match="X-Unique-Identifier"):
        http.request("PUT", "/contacts", json=ACME)
    with pytest.raises(RejectedError, match="cf_other"):
        http.request("PUT", "/contacts", json=ACME, headers={"X-Unique-Identifier-Key": "cf_other",
                                                              "X-Unique-Identifier-Value": "1"})
    with pytest.raises(RejectedError, match="does not exist"):  # no X-Upsert: update only
        http.request("PUT", "/contacts", json=ACME, headers={"X-Unique-Identifier-Key": CRM_FIELD,
                                                              "X-Unique-Identifier-Value": "accounts:404"})
