"""C3, C6, B2: a field left empty says what to do, in words ("Choose a vendor.", "Enter an account
name."), never marshmallow's "Missing data for required field." or "Length must be between 1 and
200."; in the API's 422 under the field's name, in a form beside the field. Every module's schema
gets them, the plugins' too."""
from __future__ import annotations

import re

import pytest

from core.crm.models import Product
from core.field_words import noun
from core.testing import csrf_from

DEVELOPER_WORDS = ("Missing data", "Length must", "Not a valid integer", "Field may not be null", "record id")


@pytest.mark.parametrize("url, body, errors", [
    ("/api/v1/books/purchaseorders", {"vendor_id": "", "line_items": [{"name": "Paper", "rate": "5.00"}]},
     {"vendor_id": ["Choose a vendor."]}),
    ("/api/v1/books/purchaseorders", {"vendor_id": None, "line_items": [{"name": "Paper", "rate": "5.00"}]},
     {"vendor_id": ["Choose a vendor."]}),
    ("/api/v1/books/purchaseorders", {"line_items": []},
     {"vendor_id": ["Choose a vendor."], "line_items": ["Add at least one line."]}),
    ("/api/v1/accounts", {"name": ""}, {"name": ["Enter an account name."]}),
    ("/api/v1/accounts", {}, {"name": ["Enter an account name."]}),
    ("/api/v1/accounts", {"name": "x" * 201}, {"name": ["At most 200 characters."]}),
    ("/api/v1/contacts", {"first_name": "Ada"}, {"last_name": ["Enter a last name."]}),
    ("/api/v1/expense/expenses", {"date": "2026-05-04", "amount": "12.00"}, {"category": ["Choose a category."]}),
    ("/api/v1/expense/reports", {"title": "", "start_date": "2026-05-01", "end_date": "2026-05-02", "expense_ids": []},
     {"title": ["Enter a title."], "expense_ids": ["Choose at least one expense."]}),
])
def test_c6_api_422_names_the_field_and_says_what_to_do(api, url, body, errors):
    response = api.post(url, json=body)
    assert response.status_code == 422
    assert response.get_json()["errors"] == errors


def test_c6_a_record_id_that_is_not_one_still_says_what_an_id_is(api):
    response = api.post("/api/v1/contacts", json={"last_name": "Byron", "account_id": "abc"})
    assert response.status_code == 422 and "whole number" in response.get_json()["errors"]["account_id"][0]


def test_c3_noun_takes_the_right_article():
    assert [noun(label) for label in ("Vendor", "Account name", "Expense report", "SKU", "Email")] == [
        "a vendor", "an account name", "an expense report", "a SKU", "an email"]


def field_block(html: str, name: str) -> str:
    """The form's block of field ``name``: its label, input and messages."""
    return re.search(rf'<div class="field[^"]*">(?:(?!<div class="field).)*?id="f-{name}".*?</div>', html, re.S).group(0)


def test_b2_c3_form_shows_the_words_beside_the_empty_field(web, tenant):
    Product.create(tenant=tenant, name="Paper", unit_price=5)
    form = web.get("/m/books/purchaseorders/new").get_data(as_text=True)
    refused = web.post("/m/books/purchaseorders/new", data={
        "csrf_token": csrf_from(form), "vendor_id": "", "date": "2026-05-04", "line_items-0-name": "Paper",
        "line_items-0-quantity": "1", "line_items-0-rate": "5.00"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    block = field_block(html, "vendor_id")
    assert "has-error" in block and '<p class="error" id="error-vendor_id">Choose a vendor.</p>' in block
    account_form = web.get("/m/accounts/new").get_data(as_text=True)
    refused = web.post("/m/accounts/new", data={"csrf_token": csrf_from(account_form), "name": "  "})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert '<p class="error" id="error-name">Enter an account name.</p>' in field_block(html, "name")
    assert not any(words in html for words in DEVELOPER_WORDS)


def test_b9_items_list_names_the_document_type(api, web):
    account = api.post("/api/v1/accounts", json={"name": "Items Ltd"}).get_json()
    api.post("/api/v1/books/invoices", json={"account_id": account["id"], "line_items": [
        {"name": "Consulting hour", "rate": "80.00"}]})
    api.post("/api/v1/books/estimates", json={"account_id": account["id"], "line_items": [
        {"name": "Estimated hour", "rate": "80.00"}]})
    html = web.get("/m/books/items/").get_data(as_text=True)
    rows = {re.search(r"(Consulting|Estimated) hour", row).group(0): row
            for row in re.findall(r"<tr[^>]*>(?:(?!</tr>).)*hour(?:(?!</tr>).)*</tr>", html, re.S)}
    assert ">Invoice<" in rows["Consulting hour"] and ">Estimate<" in rows["Estimated hour"]
    assert "books/invoices" not in html.split("<tbody")[1] and "books/estimates" not in html.split("<tbody")[1]
