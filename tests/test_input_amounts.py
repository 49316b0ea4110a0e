"""Issue 15, finding 8: amounts and quantities are plain decimals (``1234.56``: ASCII digits, a leading
minus where negatives make sense, one point, at most the field's places), in the API (422 naming the
field) and the forms (the message beside the field); nothing else is read as a number or rounded.
In JSON an amount is a decimal string, as the OpenAPI document says: a JSON number (``12.5``,
``0.1 + 0.2``) is refused, never read through a float. An amount a user enters has at most the
places of the organisation's currency (none in JPY); a price per unit may hold cents."""
from __future__ import annotations

import pytest

from core.crm.models import Deal
from plugins.expense.models import Expense
from core.testing import csrf_from

REFUSED = {"1_000": "Enter an amount like 1234.56.", "١٢": "Enter an amount like 1234.56.",
           "１２": "Enter an amount like 1234.56.", "1e-400": "Enter an amount like 1234.56.",
           "1E2": "Enter an amount like 1234.56.", "NaN": "Enter an amount like 1234.56.",
           "Infinity": "Enter an amount like 1234.56.", "-0": "Enter an amount like 1234.56.",
           "+5": "Enter an amount like 1234.56.", "1.005": "At most 2 decimal places."}
EXPENSE = {"date": "2026-05-04", "category": "Meals", "merchant": "Bistro"}


@pytest.mark.parametrize("amount", sorted(REFUSED))
def test_lenient_amount_is_refused_in_the_api_naming_the_field(api, tenant, amount):
    response = api.post("/api/v1/deals", json={"name": "Deal", "amount": amount})
    assert (response.status_code, response.get_json()) == (422, {"errors": {"amount": [REFUSED[amount]]}})
    response = api.post("/api/v1/expense/expenses", json={**EXPENSE, "amount": amount})
    assert response.status_code == 422 and response.get_json()["errors"]["amount"] == [REFUSED[amount]]
    assert Deal.scoped(tenant).count() == 0 and Expense.scoped(tenant).count() == 0


#: a form reads what its reader types in their locale (issue 11): what it cannot read, it asks for
#: with an example in the reader's format (en_US: grouped)
REFUSED_IN_FORM = {amount: "Enter an amount like 1,234.56." if message == "Enter an amount like 1234.56." else message
                   for amount, message in REFUSED.items()}


@pytest.mark.parametrize("amount", sorted(REFUSED))
def test_lenient_amount_is_refused_in_the_form_beside_the_field(web, tenant, amount):
    token = csrf_from(web.get("/m/expense/expenses/new").get_data(as_text=True))
    response = web.post("/m/expense/expenses/new", data={"csrf_token": token, **EXPENSE, "amount": amount})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    beside = html.split('id="f-amount"')[1].split("</div>")[0]
    assert f'<p class="error" id="error-amount">{REFUSED_IN_FORM[amount]}</p>' in beside
    assert Expense.scoped(tenant).count() == 0


@pytest.mark.parametrize("amount, stored", [("1.00", "1.00"), ("12", "12.00"), (" 7.5 ", "7.50")])
def test_plain_amounts_are_still_accepted(api, amount, stored):
    assert api.post("/api/v1/deals", json={"name": "Deal", "amount": amount}).get_json()["amount"] == stored


def test_negative_amount_where_negatives_make_sense_and_refused_where_not(api, tenant):
    # a deal's amount and an expense's cannot be negative: the fields' own ranges say so
    assert api.post("/api/v1/deals", json={"name": "D", "amount": "-5.50"}).status_code == 422
    refused = api.post("/api/v1/expense/expenses", json={**EXPENSE, "amount": "-5.50"})
    assert refused.get_json()["errors"]["amount"] == ["The amount must be greater than zero."]
    from core.schemas import Money
    assert Money().deserialize("-5.50") == __import__("decimal").Decimal("-5.50")  # the field itself allows it


@pytest.mark.parametrize("number", [0.1 + 0.2, 12.5, 40, True])
def test_json_number_as_an_amount_is_refused_not_read_through_a_float(api, tenant, number):
    response = api.post("/api/v1/deals", json={"name": "Float", "amount": number})
    assert response.get_json() == {"errors": {"amount": ["Enter an amount like 1234.56."]}}
    assert Deal.scoped(tenant).count() == 0


def test_amount_with_more_places_than_the_currency_is_refused_a_unit_price_may_hold_cents(
        make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(currency="JPY")
    user = make_user(tenant)
    api = api_for(user)
    response = api.post("/api/v1/deals", json={"name": "Yen", "amount": "100.50"})
    assert response.get_json() == {"errors": {"amount": ["At most 0 decimal places in JPY."]}}
    assert api.post("/api/v1/deals", json={"name": "Yen", "amount": "100"}).status_code == 201
    assert api.post("/api/v1/products", json={"name": "Tea", "unit_price": "333.50"}).status_code == 201
    web = client_for(user)
    token = csrf_from(web.get("/m/expense/expenses/new").get_data(as_text=True))
    form = web.post("/m/expense/expenses/new", data={"csrf_token": token, **EXPENSE, "amount": "12.5"})
    assert form.status_code == 422
    assert "At most 0 decimal places in JPY." in form.get_data(as_text=True).split('id="f-amount"')[1].split("</div>")[0]
    assert Deal.scoped(tenant).count() == 1 and Expense.scoped(tenant).count() == 0


@pytest.mark.parametrize("quantity, message", [("1_000", "Enter a number like 2.5."), ("１２", "Enter a number like 2.5."),
                                               ("1E2", "Enter a number like 2.5."), ("NaN", "Enter a number like 2.5."),
                                               ("1.0005", "At most 3 decimal places.")])
def test_lenient_quantity_is_refused_naming_the_line_field(api, tenant, quantity, message):
    from core.crm.models import Account
    from plugins.books.models import Invoice
    acme = Account.create(tenant=tenant, name="Acme")
    response = api.post("/api/v1/books/invoices", json={"account_id": acme.id, "line_items": [
        {"name": "Tea", "quantity": quantity, "rate": "5.00"}]})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"line_items.0.quantity": [message]}
    assert Invoice.scoped(tenant).count() == 0
    ok = api.post("/api/v1/books/invoices", json={"account_id": acme.id, "line_items": [
        {"name": "Tea", "quantity": "2.125", "rate": "5.00"}]})
    assert ok.status_code == 201 and ok.get_json()["line_items"][0]["quantity"] == "2.125"


def test_nul_in_a_name_is_not_stored(api, tenant):
    response = api.post("/api/v1/deals", json={"name": "Deal\x00", "amount": "1.00"})
    assert response.get_json() == {"errors": {"name": ["Contains characters that cannot be stored."]}}
    assert Deal.scoped(tenant).count() == 0


def test_openapi_amount_pattern_says_the_same(api):
    from core.api.openapi import decimal_pattern
    import re
    pattern = re.compile(decimal_pattern(2))
    assert [a for a in ("1.00", "12", "-5.50") if pattern.match(a)] == ["1.00", "12", "-5.50"]
    assert [a for a in REFUSED if pattern.match(a)] == []
    document = api.get("/api/v1/openapi.json").get_json()
    assert document["components"]["schemas"]["Deal"]["properties"]["amount"]["pattern"] == decimal_pattern(2)
