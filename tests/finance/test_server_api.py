"""finance-serve through Flask's test client: OAuth, organisation ids, the envelope, lists,
errors, status endpoints, finance-side endpoints, rate limit and injected faults."""
from __future__ import annotations

import pytest

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS

from .conftest import new_org

CREDS = {"grant_type": "refresh_token", "refresh_token": DEFAULTS["REFRESH_TOKEN"],
         "client_id": DEFAULTS["CLIENT_ID"], "client_secret": DEFAULTS["CLIENT_SECRET"]}


class Zoho:
    """A tiny client over the test client: the token and organisation set the Zoho way."""

    def __init__(self, app, org):
        self.app, self.client, self.org = app, app.test_client(), org
        self.token = self.client.post("/oauth/v2/token", query_string=CREDS).get_json()["access_token"]

    def call(self, method, path, json=None, query=None, token=True):
        headers, query = {}, dict(query or {})
        if token:
            headers["Authorization"] = f"Zoho-oauthtoken {self.token}"
        api = path.split("/")[1]
        header = {"invoice": "X-com-zoho-invoice-organizationid", "expense": "X-com-zoho-expense-organizationid",
                  "billing": "X-com-zoho-subscriptions-organizationid"}.get(api)
        if header:
            headers[header] = self.org
        else:
            query["organization_id"] = self.org
        return self.client.open(path, method=method, json=json, query_string=query, headers=headers)


@pytest.fixture
def server():
    return create_finance_server({"RATE_LIMIT": 10000})


@pytest.fixture
def zoho(server):
    return Zoho(server, new_org("http"))


def cf(crm_id):
    """Our id as Zoho takes it: the custom field with unique values ``cf_finsuite_crm_id``."""
    return {"custom_fields": [{"api_name": "cf_finsuite_crm_id", "value": crm_id}]}


def _customer(zoho, name="Acme", crm_id="accounts:1"):
    resp = zoho.call("POST", "/books/v3/contacts", {"contact_name": name, "contact_type": "customer", **cf(crm_id)})
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["contact"]


def test_token_endpoint_answers_as_zoho(server):
    client = server.test_client()
    body = client.post("/oauth/v2/token", data=CREDS).get_json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["access_token"]
    assert body["api_domain"] == "http://localhost"
    assert client.post("/oauth/v2/token", data={**CREDS, "refresh_token": "nope"}).get_json() == {"error": "invalid_code"}
    assert client.post("/oauth/v2/token", data={**CREDS, "client_secret": "x"}).get_json() == {"error": "invalid_client"}


def test_calls_need_a_valid_unexpired_token(server, zoho):
    resp = zoho.call("GET", "/books/v3/contacts", token=False)
    assert resp.status_code == 401 and resp.get_json()["code"] == 57
    zoho.token = "1000.forged"
    assert zoho.call("GET", "/books/v3/contacts").status_code == 401
    zoho.token = Zoho(server, zoho.org).token
    assert zoho.call("GET", "/books/v3/contacts").status_code == 200
    server.extensions["finance_serve"].expire_tokens()
    expired = zoho.call("GET", "/books/v3/contacts")
    assert expired.status_code == 401 and "expired" in expired.get_json()["message"]


def test_organisation_id_is_required(server, zoho):
    headers = {"Authorization": f"Zoho-oauthtoken {zoho.token}"}
    for path in ("/books/v3/contacts", "/invoice/v3/invoices", "/expense/v1/expenses", "/billing/v1/subscriptions"):
        resp = server.test_client().get(path, headers=headers)
        assert resp.status_code == 400 and resp.get_json()["code"] == 6041, path


def test_y7_envelope_ids_and_our_id_in_a_custom_field(zoho):
    contact = _customer(zoho)
    assert contact["contact_id"] == contact["id"] and "crm_id" not in contact
    assert [(f["api_name"], f["label"], f["value"]) for f in contact["custom_fields"]] == [
        ("cf_finsuite_crm_id", "Finsuite CRM id", "accounts:1")]
    body = zoho.call("GET", f"/books/v3/contacts/{contact['contact_id']}").get_json()
    assert (body["code"], body["message"], body["contact"]["contact_name"]) == (0, "success", "Acme")
    listed = zoho.call("GET", "/books/v3/contacts", query={"crm_id": "accounts:2"}).get_json()["contacts"]
    assert [c["contact_id"] for c in listed] == [contact["id"]]  # crm_id is no Zoho filter: ignored
    assert "custom_fields" not in listed[0]  # documented contact list entries carry none
    same_org_invoice_api = zoho.call("GET", f"/invoice/v3/contacts/{contact['id']}")
    assert same_org_invoice_api.get_json()["contact"]["contact_id"] == contact["id"]


def test_y7_invoices_are_found_by_the_documented_custom_field_filter(zoho):
    acme = _customer(zoho)
    line = [{"name": "Work", "quantity": 1, "rate": "10"}]
    for crm_id in ("books/invoices:12", "books/invoices:1"):
        zoho.call("POST", "/books/v3/invoices", {"customer_id": acme["id"], "line_items": line, **cf(crm_id)})
    found = zoho.call("GET", "/books/v3/invoices", query={"custom_field": "books/invoices:1"}).get_json()["invoices"]
    assert [[f["value"] for f in i["custom_fields"]] for i in found] == [["books/invoices:1"]]
    for query, count in (({"custom_field_startswith": "books/invoices:1"}, 2),
                         ({"custom_field_contains": "invoices:12"}, 1), ({"custom_field": "books/invoices:2"}, 0)):
        assert len(zoho.call("GET", "/books/v3/invoices", query=query).get_json()["invoices"]) == count, query
    # sales orders have no custom_field filter in Zoho's documents: it is ignored
    assert len(zoho.call("GET", "/books/v3/salesorders", query={"custom_field": "x"}).get_json()["salesorders"]) == 0


def test_errors_have_zoho_codes(zoho):
    missing = zoho.call("POST", "/books/v3/contacts", {"contact_type": "customer", "crm_id": "accounts:9"})
    assert missing.status_code == 400 and missing.get_json()["code"] == 4
    assert "contact_name" in missing.get_json()["message"]
    _customer(zoho)
    dup = zoho.call("POST", "/books/v3/contacts", {"contact_name": "A", "contact_type": "customer", **cf("accounts:1")})
    assert dup.status_code == 400 and dup.get_json()["code"] == 1001  # the custom field's values are unique
    assert "cf_finsuite_crm_id" in dup.get_json()["message"]
    unknown = zoho.call("GET", "/books/v3/invoices/999999999")
    assert unknown.status_code == 404 and unknown.get_json()["code"] == 1002
    assert zoho.call("GET", "/books/v3/nothing").status_code == 404
    assert zoho.call("GET", "/expense/v1/invoices").status_code == 404  # not an Expense resource


def test_pagination_reports_has_more_page(zoho):
    for i in range(5):
        _customer(zoho, f"C{i}", f"accounts:{i}")
    first = zoho.call("GET", "/books/v3/contacts", query={"per_page": 2}).get_json()
    assert first["page_context"] == {"page": 1, "per_page": 2, "has_more_page": True,
                                     "sort_column": "created_time", "sort_order": "D"}  # newest first
    last = zoho.call("GET", "/books/v3/contacts", query={"per_page": 2, "page": 3}).get_json()
    assert len(last["contacts"]) == 1 and last["page_context"]["has_more_page"] is False
    clamped = zoho.call("GET", "/books/v3/contacts", query={"per_page": 1000}).get_json()
    assert clamped["page_context"]["per_page"] == 200


def test_y8_last_modified_time_filters_and_sorts_only_where_zoho_documents_it(zoho):
    first = _customer(zoho, "A", "accounts:1")
    second = _customer(zoho, "B", "accounts:2")
    zoho.call("PUT", f"/books/v3/contacts/{first['id']}", {"contact_name": "A", "website": "a.test"})
    # contacts document sort_column=last_modified_time (the last modified first), not the filter
    query = {"last_modified_time": second["last_modified_time"], "sort_column": "last_modified_time",
             "sort_order": "A"}
    body = zoho.call("GET", "/books/v3/contacts", query=query).get_json()
    assert [r["contact_id"] for r in body["contacts"]] == [first["id"], second["id"]]
    assert (body["page_context"]["sort_column"], body["page_context"]["sort_order"]) == ("last_modified_time", "D")
    line = [{"name": "Work", "quantity": 1, "rate": "10"}]
    made = [zoho.call("POST", "/books/v3/invoices", {"customer_id": first["id"], "line_items": line})
            .get_json()["invoice"] for _ in range(2)]
    # invoices document the filter ("modified after"), not this sort column
    query = {"last_modified_time": made[0]["last_modified_time"], "sort_column": "last_modified_time"}
    body = zoho.call("GET", "/books/v3/invoices", query=query).get_json()
    assert [r["invoice_id"] for r in body["invoices"]] == [made[1]["id"]]
    assert body["page_context"]["sort_column"] == "created_time"
    bad = zoho.call("GET", "/books/v3/invoices", query={"last_modified_time": "yesterday"})
    assert bad.status_code == 400
    ignored = zoho.call("GET", "/books/v3/contacts", query={"last_modified_time": "yesterday"})
    assert ignored.status_code == 200 and len(ignored.get_json()["contacts"]) == 2  # no such filter there


def test_status_endpoints(zoho):
    acme = _customer(zoho)
    line = [{"name": "Work", "quantity": 1, "rate": "10"}]
    invoice = zoho.call("POST", "/books/v3/invoices", {"customer_id": acme["id"], "line_items": line,
                                                       "crm_id": "invoices:1"}).get_json()["invoice"]
    assert invoice["invoice_number"] == "INV-000001"
    sent = zoho.call("POST", f"/books/v3/invoices/{invoice['invoice_id']}/status/sent")
    assert (sent.status_code, sent.get_json()) == (200, {"code": 0, "message": "Invoice status has been changed to Sent."})
    again = zoho.call("POST", f"/books/v3/invoices/{invoice['invoice_id']}/status/sent")
    assert again.status_code == 400 and "is sent" in again.get_json()["message"]  # "Mark a draft invoice as sent"
    order = zoho.call("POST", "/inventory/v1/salesorders", {"customer_id": acme["id"], "line_items": line,
                                                            "crm_id": "salesorders:1"}).get_json()["salesorder"]
    path = f"/inventory/v1/salesorders/{order['salesorder_id']}/status"
    opened = zoho.call("POST", f"{path}/open")
    assert (opened.status_code, opened.get_json()["message"]) == (201, "Sales order status has been changed to Open.")
    assert zoho.call("POST", f"{path}/void").get_json() == {"code": 0, "message": "Sales order status has been changed to Void."}
    reopen = zoho.call("POST", f"{path}/open")  # "Mark a draft sales order as open": no reopen
    assert reopen.status_code == 400 and "only a draft sales order" in reopen.get_json()["message"]
    assert zoho.call("POST", f"{path}/closed").status_code == 404  # Zoho has no such endpoint
    assert zoho.call("GET", f"/inventory/v1/salesorders/{order['id']}").get_json()["salesorder"]["status"] == "void"
    estimate = zoho.call("POST", "/invoice/v3/estimates", {"customer_id": acme["id"], "line_items": line,
                                                           "crm_id": "estimates:1"}).get_json()["estimate"]
    accepted = f"/invoice/v3/estimates/{estimate['estimate_id']}/status/accepted"
    assert zoho.call("POST", accepted).status_code == 400  # "Mark a sent estimate as accepted"
    zoho.call("POST", f"/invoice/v3/estimates/{estimate['estimate_id']}/status/sent")
    assert zoho.call("POST", accepted).get_json()["message"] == "Estimate status has been changed to Accepted."


def test_y7_voiding_a_paid_invoice_unassociates_its_payments(zoho):
    """invoices.yml "Void an invoice": "Upon voiding, the payments and credits associated with the
    invoices will be unassociated and will be under customer credits"."""
    acme = _customer(zoho)
    line = [{"name": "Work", "quantity": 1, "rate": "50"}]
    invoice = zoho.call("POST", "/books/v3/invoices", {"customer_id": acme["id"], "line_items": line}).get_json()[
        "invoice"]
    zoho.call("POST", f"/books/v3/invoices/{invoice['id']}/status/sent")
    zoho.call("POST", "/books/v3/customerpayments", {"customer_id": acme["id"], "amount": "50", "invoices": [
        {"invoice_id": invoice["id"], "amount_applied": "50"}]})
    voided = zoho.call("POST", f"/books/v3/invoices/{invoice['id']}/status/void")
    assert (voided.status_code, voided.get_json()) == (200, {"code": 0, "message": "Invoice status has been changed to Void."})
    assert zoho.call("GET", f"/books/v3/invoices/{invoice['id']}").get_json()["invoice"]["status"] == "void"
    [payment] = zoho.call("GET", "/books/v3/customerpayments", query={"customer_id": acme["id"]}).get_json()[
        "customerpayments"]
    assert (payment["invoice_id"], payment["amount"]) == (None, "50.00")
    contact = zoho.call("GET", f"/books/v3/contacts/{acme['id']}").get_json()["contact"]
    assert (contact["outstanding_receivable_amount"], contact["unused_credits_receivable_amount"]) == ("0.00", "50.00")
    again = zoho.call("POST", f"/books/v3/invoices/{invoice['id']}/status/void")
    assert again.status_code == 400 and again.get_json()["code"] == 1003


def test_finance_side_endpoints(zoho):
    acme = _customer(zoho)
    item = zoho.call("POST", "/inventory/v1/items", {"name": "Widget", "rate": "5", "crm_id": "products:1"}).get_json()["item"]
    zoho.call("POST", "/inventory/v1/inventoryadjustments", {"reason": "count", "line_items": [
        {"item_id": item["item_id"], "quantity_adjusted": 10}]})
    line = [{"item_id": item["item_id"], "quantity": 4}]
    invoice = zoho.call("POST", "/books/v3/invoices", {"customer_id": acme["id"], "line_items": line,
                                                       "crm_id": "invoices:1"}).get_json()["invoice"]
    zoho.call("POST", f"/books/v3/invoices/{invoice['id']}/status/sent")
    paid = zoho.call("POST", "/books/v3/customerpayments", {"customer_id": acme["id"], "amount": "20", "invoices": [
        {"invoice_id": invoice["id"], "amount_applied": "20"}]})
    assert paid.status_code == 201 and paid.get_json()["payment"]["amount"] == "20.00"
    assert zoho.call("GET", f"/books/v3/invoices/{invoice['id']}").get_json()["invoice"]["status"] == "paid"
    order = zoho.call("POST", "/inventory/v1/salesorders", {"customer_id": acme["id"], "line_items": line,
                                                            "crm_id": "salesorders:1"}).get_json()["salesorder"]
    zoho.call("POST", f"/inventory/v1/salesorders/{order['id']}/status/open")
    package = zoho.call("POST", "/inventory/v1/packages", query={"salesorder_id": order["id"]}).get_json()["package"]
    shipment = zoho.call("POST", "/inventory/v1/shipmentorders", {"delivery_method": "UPS", "tracking_number": "1Z"},
                         query={"package_ids": package["package_id"]}).get_json()["shipmentorder"]
    assert (shipment["status"], shipment["tracking_number"]) == ("shipped", "1Z")
    zoho.call("POST", f"/inventory/v1/shipmentorders/{shipment['shipment_id']}/status/delivered")
    listed = zoho.call("GET", "/inventory/v1/packages", query={"salesorder_id": order["id"]}).get_json()["packages"]
    assert [p["status"] for p in listed] == ["delivered"]
    stock = zoho.call("GET", f"/inventory/v1/items/{item['id']}").get_json()["item"]
    assert (stock["stock_on_hand"], stock["available_stock"]) == ("6.00", "6.00")


def test_billing_and_expense_apis(zoho):
    customer = zoho.call("POST", "/billing/v1/customers", {"display_name": "Subscriber", "crm_id": "accounts:5"})
    customer = customer.get_json()["customer"]
    assert (customer["customer_id"], customer["display_name"], customer["contact_type"]) == \
        (customer["id"], "Subscriber", "customer")
    sub = zoho.call("POST", "/billing/v1/subscriptions", {"customer_id": customer["id"], "crm_id": "subscriptions:1",
                                                          "plan": {"plan_code": "PRO", "price": "9.99"}})
    sub = sub.get_json()["subscription"]
    assert (sub["subscription_id"], sub["plan_code"], sub["status"]) == (sub["id"], "PRO", "live")
    cancel = zoho.call("POST", f"/billing/v1/subscriptions/{sub['id']}/cancel", query={"cancel_at_end": "true"})
    assert cancel.get_json()["subscription"]["status"] == "non_renewing"
    expense = zoho.call("POST", "/expense/v1/expenses", {"date": "2024-01-02", "account_name": "Travel",
                                                         "amount": "12.5", "crm_id": "expenses:1"}).get_json()["expense"]
    report = zoho.call("POST", "/expense/v1/expensereports", {"report_name": "Jan", "expense_ids": [expense["expense_id"]],
                                                              "crm_id": "expense_reports:1"}).get_json()["expense_report"]
    assert report["report_id"] == report["id"] and report["total"] == "12.50"
    submitted = zoho.call("POST", f"/expense/v1/expensereports/{report['id']}/submit").get_json()
    assert submitted == {"code": 0, "message": "The expense report has been submitted."}
    assert zoho.call("GET", f"/expense/v1/expensereports/{report['id']}").get_json()["expense_report"]["status"] \
        == "submitted"


def test_rate_limit_answers_429_per_organisation(server, zoho):
    server.config["RATE_LIMIT"] = 3
    assert [zoho.call("GET", "/books/v3/contacts").status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = zoho.call("GET", "/books/v3/items")
    assert limited.get_json()["code"] == 44 and "Retry-After" not in limited.headers  # as Zoho (Y8)
    assert int(limited.headers["X-Rate-Limit-Reset"]) >= 1 and limited.headers["X-Rate-Limit-Remaining"] == "0"
    other = Zoho(server, new_org("other"))
    assert other.call("GET", "/books/v3/contacts").status_code == 200


def test_injected_faults_come_first(server, zoho):
    server.config["FAIL_NEXT"].extend([500, 503])
    assert [zoho.call("GET", "/books/v3/contacts").status_code for _ in range(3)] == [500, 503, 200]
    assert zoho.call("GET", "/books/v3/contacts").status_code == 200


def test_form_jsonstring_body_is_accepted(zoho):
    import json
    resp = zoho.client.post("/books/v3/items", query_string={"organization_id": zoho.org},
                            headers={"Authorization": f"Zoho-oauthtoken {zoho.token}"},
                            data={"JSONString": json.dumps({"name": "Form item", "rate": "3", "crm_id": "products:9"})})
    assert resp.status_code == 201 and resp.get_json()["item"]["name"] == "Form item"
