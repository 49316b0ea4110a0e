"""Issue 11 (French and locales): decimals in forms are typed in the reader's locale. A French
reader types ``1234,56`` or ``1 234,56`` (a space, a no-break or a narrow no-break space between
thousands), an English one ``1,234.56``; the record keeps ``Decimal("1234.56")`` and the API
answers ``"1234.56"``. A number the reader's locale cannot read for sure (``1.234,5.6``) is
refused beside its field, in the reader's language, with an example in the reader's format;
nothing is saved and the typed text stays in the field. Forms show numbers back in the reader's
format, without grouping (``1234,56``), so that sending them again reads the same."""
from __future__ import annotations

import html as htmllib
import re
from decimal import Decimal

import pytest
from flask_babel import force_locale, gettext

from core import lines_for
from core.crm.models import Account, Deal, Product
from core.inputs import NotPlainDecimal, typed_decimal
from core.testing import csrf_from
from plugins.books.models import Invoice
from plugins.books.modules import INVOICES
from plugins.expense.models import Expense

NNBSP, NBSP = "\u202f", "\u00a0"
EXPENSE = {"date": "2026-05-04", "category": "Meals", "merchant": "Bistro"}

READ = {
    "fr_FR": {"1234,56": "1234.56", "1 234,56": "1234.56", f"1{NBSP}234,56": "1234.56",
              f"1{NNBSP}234,56": "1234.56", f"12{NNBSP}345{NNBSP}678,9": "12345678.9", "-5,5": "-5.5",
              " 7 ": "7", "0,125": "0.125", "1 234": "1234",
              # a dot is the decimal point where it cannot be a thousands separator
              "1234.56": "1234.56", "12.5": "12.5", "0.125": "0.125", "1.2345": "1.2345", "1234.567": "1234.567"},
    "en_US": {"1,234.56": "1234.56", "1234.56": "1234.56", "1,234": "1234", "1,234,567.5": "1234567.5",
              "-12.5": "-12.5", "0.125": "0.125"},
}
REFUSED = {
    "fr_FR": ["1.234,5.6", "12,34,5", "1,2.3", "1,2,3", "1.234", "12.345", "-1.234", "1.234,56", "1 234.56",
              "12 34,5", "1 2345", ",5", "5,", "1,,5", "", "-", "+5", "-0", "-0,00", "1_000", "1E2", "NaN",
              "١٢", "１２", "abc", "1.2.3"],
    "en_US": ["1.234,5.6", "12,34,5", "1,2.3", "12,5", "1,23.4", "1 234.56", "1.2.3", ".5", "5.", "+5", "-0",
              "1_000", "1E2", "Infinity", "١٢"],
}


@pytest.mark.parametrize("locale, typed", [(loc, t) for loc, cases in READ.items() for t in cases])
def test_issue_11_a_number_typed_in_the_readers_locale_reads_as_a_plain_decimal(locale, typed):
    """Issue 11: French ``1 234,56`` (any space between thousands) and English ``1,234.56`` are 1234.56;
    in French a dot is the decimal point unless it could be a thousands separator (``1.234``)."""
    assert typed_decimal(typed, locale) == READ[locale][typed]


@pytest.mark.parametrize("locale, typed", [(loc, t) for loc, cases in REFUSED.items() for t in cases])
def test_issue_11_an_ambiguous_or_malformed_number_is_not_read(locale, typed):
    """Issue 11: ``1.234,5.6``, ``12,34,5``, ``1,2.3`` ... are not guessed at."""
    with pytest.raises(NotPlainDecimal):
        typed_decimal(typed, locale)


# the web forms


@pytest.fixture
def french(make_tenant, make_user, client_for, api_for):
    tenant = make_tenant(locale="fr_FR", currency="EUR")
    user = make_user(tenant)
    return {"tenant": tenant, "user": user, "web": client_for(user), "api": api_for(user)}


def _beside(html: str, field_id: str) -> str:
    """The field's box: the input and what is shown beside it."""
    return html.split(f'id="{field_id}"')[1].split("</div>")[0]


def _value(html: str, field_id: str) -> str:
    return htmllib.unescape(re.search(rf'id="{field_id}"[^>]*value="([^"]*)"', html).group(1))


def _french(message: str, **values) -> str:
    with force_locale("fr_FR"):
        return gettext(message, **values)


def _expense_form(web, amount: str, record=None):
    url = f"/m/expense/expenses/{record.id}/edit" if record else "/m/expense/expenses/new"
    token = csrf_from(web.get(url).get_data(as_text=True))
    return web.post(url, data={"csrf_token": token, **EXPENSE, "amount": amount})


@pytest.mark.parametrize("typed", ["1 234,56", f"1{NBSP}234,56", f"1{NNBSP}234,56", "1234,56", "1234.56"])
def test_issue_11_a_french_organisations_expense_amount_typed_in_french_is_stored_plain(french, typed):
    """Issue 11: an expense's amount typed ``1 234,56`` by a French reader is 1234.56; the API keeps "1234.56"."""
    response = _expense_form(french["web"], typed)
    assert response.status_code == 302, response.get_data(as_text=True)
    expense = Expense.get(Expense.tenant == french["tenant"])
    assert expense.amount == Decimal("1234.56")
    assert french["api"].get(f"/api/v1/expense/expenses/{expense.id}").get_json()["amount"] == "1234.56"
    edit = french["web"].get(f"/m/expense/expenses/{expense.id}/edit").get_data(as_text=True)
    assert _value(edit, "f-amount") == "1234,56"  # shown back in French, without grouping


def test_issue_11_an_ambiguous_french_amount_is_refused_beside_its_field_in_french(french):
    """Issue 11: ``1.234,5.6`` is refused beside the amount (422), with a French message saying what
    to type; nothing is saved and the typed text stays in the field."""
    response = _expense_form(french["web"], "1.234,5.6")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    box = _beside(html, "f-amount")
    message = _french("Enter an amount like %(example)s.", example=f"1{NNBSP}234,56")
    assert f'<p class="error" id="error-amount">{message}</p>' in box
    assert "1\u202f234,56" in message
    assert _value(html, "f-amount") == "1.234,5.6"
    assert Expense.scoped(french["tenant"]).count() == 0
    # an English-formatted amount is no French number either
    refused = _expense_form(french["web"], "1,234.56")
    assert refused.status_code == 422 and 'id="error-amount"' in refused.get_data(as_text=True)
    assert Expense.scoped(french["tenant"]).count() == 0


def test_issue_11_an_unreadable_amount_beside_others_errors_still_lists_them_all(french):
    """Issue 11: the number's message comes with the form's other errors, each beside its field."""
    token = csrf_from(french["web"].get("/m/expense/expenses/new").get_data(as_text=True))
    response = french["web"].post("/m/expense/expenses/new", data={
        "csrf_token": token, "date": "2026-05-04", "category": "", "merchant": "Bistro", "amount": "12,34,5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-amount"' in _beside(html, "f-amount") and 'id="error-category"' in html
    assert Expense.scoped(french["tenant"]).count() == 0


def test_issue_11_an_english_reader_types_grouped_amounts(make_tenant, make_user, client_for, api_for):
    """Issue 11: an English reader types ``1,234.56``; ``12,5`` is not an English number."""
    tenant = make_tenant(locale="en_US", currency="USD")
    user = make_user(tenant)
    web = client_for(user)
    assert _expense_form(web, "1,234.56").status_code == 302
    expense = Expense.get(Expense.tenant == tenant)
    assert expense.amount == Decimal("1234.56")
    assert api_for(user).get(f"/api/v1/expense/expenses/{expense.id}").get_json()["amount"] == "1234.56"
    assert _value(web.get(f"/m/expense/expenses/{expense.id}/edit").get_data(as_text=True), "f-amount") == "1234.56"
    refused = _expense_form(web, "12,5")
    assert refused.status_code == 422
    assert '<p class="error" id="error-amount">Enter an amount like 1,234.56.</p>' in _beside(
        refused.get_data(as_text=True), "f-amount")
    assert Expense.scoped(tenant).count() == 1


def test_issue_11_a_french_reader_in_an_english_organisation_types_french(make_tenant, make_user, client_for):
    """Issue 11: the reader's language decides (User.language "fr" in an English organisation)."""
    tenant = make_tenant(locale="en_US", currency="USD")
    user = make_user(tenant)
    user.language = "fr"
    user.save()
    web = client_for(user)
    assert _expense_form(web, "1 234,56").status_code == 302
    expense = Expense.get(Expense.tenant == tenant)
    assert expense.amount == Decimal("1234.56")
    assert _value(web.get(f"/m/expense/expenses/{expense.id}/edit").get_data(as_text=True), "f-amount") == "1234,56"
    refused = _expense_form(web, "1,234.56", record=expense)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert _french("Enter an amount like %(example)s.", example=f"1{NNBSP}234,56") in _beside(html, "f-amount")
    assert Expense.get_by_id(expense.id).amount == Decimal("1234.56")


def test_issue_11_a_deals_amount_and_a_products_price_and_tax_rate_in_french(french):
    """Issue 11: every number of a record's form (a CRM deal's amount, a product's unit price and tax
    rate) reads French; a bad tax rate says to type a percentage like 5,5. (An account has no number.)"""
    web = french["web"]
    assert _value(web.get("/m/deals/new").get_data(as_text=True), "f-amount") == "0,00"  # the default, in French
    token = csrf_from(web.get("/m/deals/new").get_data(as_text=True))
    assert web.post("/m/deals/new", data={"csrf_token": token, "name": "Fournil", "amount": "12 500,50"}).status_code == 302
    deal = Deal.get(Deal.tenant == french["tenant"])
    assert deal.amount == Decimal("12500.50")
    assert french["api"].get(f"/api/v1/deals/{deal.id}").get_json()["amount"] == "12500.50"
    token = csrf_from(web.get("/m/products/new").get_data(as_text=True))
    assert web.post("/m/products/new", data={"csrf_token": token, "name": "Pain", "unit_price": "1 255,5",
                                             "tax_rate": "5,5"}).status_code == 302
    product = Product.get(Product.tenant == french["tenant"])
    assert (product.unit_price, product.tax_rate) == (Decimal("1255.50"), Decimal("5.5"))
    edit = web.get(f"/m/products/{product.id}/edit").get_data(as_text=True)
    assert (_value(edit, "f-unit_price"), _value(edit, "f-tax_rate")) == ("1255,50", "5,5")
    refused = web.post(f"/m/products/{product.id}/edit", data={"csrf_token": csrf_from(edit), "name": "Pain",
                                                               "unit_price": "1255,50", "tax_rate": "5,5,5"})
    assert refused.status_code == 422
    assert _french("Enter a percentage like %(example)s.", example="5,5") in _beside(
        refused.get_data(as_text=True), "f-tax_rate")
    assert Product.get_by_id(product.id).tax_rate == Decimal("5.5")


def _row(index: int, **values) -> dict:
    return {f"line_items-{index}-{k}": v for k, v in values.items()}


def _total(html: str, key: str) -> str:
    return re.search(rf'data-total="{key}">([^<]*)<', html).group(1)


def test_issue_11_an_invoice_line_typed_in_french_and_shown_back_in_french(french):
    """Issue 11: a French organisation's invoice line: quantity ``12,5``, rate ``1 234,56``, tax ``5,5``
    -> 12.5 x 1234.56, the API answers "1234.56"; the edit form shows the line and the totals in French."""
    web, tenant = french["web"], french["tenant"]
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    assert 'data-decimal=","' in form and f'data-group="{NNBSP}"' in form
    response = web.post("/m/books/invoices/new", data={
        "csrf_token": csrf_from(form), "account_id": str(acme.id),
        **_row(0, name="Farine", quantity="12,5", rate="1 234,56", discount_percent="", tax_percent="5,5")})
    assert response.status_code == 302, response.get_data(as_text=True)
    invoice = Invoice.get(Invoice.tenant == tenant)
    line = lines_for(INVOICES, tenant, [invoice.id])[invoice.id][0]
    assert (line.quantity, line.rate, line.tax_percent) == (Decimal("12.5"), Decimal("1234.56"), Decimal("5.5"))
    answer = french["api"].get(f"/api/v1/books/invoices/{invoice.id}").get_json()
    assert (answer["line_items"][0]["rate"], answer["line_items"][0]["quantity"]) == ("1234.56", "12.500")
    assert answer["total"] == str(invoice.total) == "16280.76"  # 15432.00 + 848.76 tax
    edit = web.get(f"/m/books/invoices/{invoice.id}/edit").get_data(as_text=True)
    assert [_value(edit, f"f-line_items-0-{name}") for name in ("quantity", "rate", "tax_percent")] == [
        "12,5", "1234,56", "5,5"]
    assert _total(edit, "total") == f"16{NNBSP}280,76"
    assert re.search(r'data-line-amount>([^<]*)<', edit).group(1) == f"15{NNBSP}432,00"


def test_issue_11_an_ambiguous_number_in_an_invoice_line_is_refused_beside_it(french):
    """Issue 11: ``1.234,5.6`` as a line's rate: 422, the French message beside that line's rate, the
    typed text kept, the other lines' figures still shown in French, no invoice."""
    web, tenant = french["web"], french["tenant"]
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    response = web.post("/m/books/invoices/new", data={
        "csrf_token": csrf_from(form), "account_id": str(acme.id),
        **_row(0, name="Pain", quantity="2", rate="1 000,5"),
        **_row(1, name="Farine", quantity="1,5", rate="1.234,5.6")})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and Invoice.scoped(tenant).count() == 0
    row = html.split('id="f-line_items-1-rate"')[1].split("</td>")[0]
    message = _french("Enter an amount like %(example)s.", example=f"1{NNBSP}234,56")
    assert f'<p class="error" id="error-line_items-1-rate">{message}</p>' in row
    assert _value(html, "f-line_items-1-rate") == "1.234,5.6" and _value(html, "f-line_items-1-quantity") == "1,5"
    assert _total(html, "sub_total") == f"2{NNBSP}001,00"  # the readable line still counts
    quantity = web.post("/m/books/invoices/new", data={
        "csrf_token": csrf_from(form), "account_id": str(acme.id), **_row(0, name="Pain", quantity="1.234", rate="2")})
    assert quantity.status_code == 422
    assert _french("Enter a number like %(example)s.", example="2,5") in quantity.get_data(as_text=True).split(
        'id="f-line_items-0-quantity"')[1].split("</td>")[0]
    assert Invoice.scoped(tenant).count() == 0


def test_issue_11_the_products_line_values_are_offered_in_french(french):
    """Issue 11: a product chosen on a line fills its rate and tax in the reader's format."""
    import json
    Product.create(tenant=french["tenant"], name="Pain", unit_price=Decimal("1234.50"), tax_rate=Decimal("5.5"))
    html = french["web"].get("/m/books/invoices/new").get_data(as_text=True)
    products = json.loads(htmllib.unescape(re.search(r"data-products>(.*?)</script>", html, re.S).group(1)))
    assert [(p["rate"], p["tax_percent"]) for p in products.values()] == [("1234,50", "5,5")]


def test_issue_11_the_api_still_takes_only_plain_decimals(french):
    """Issue 11: the JSON API is not localised: ``"1234,56"`` is refused there, ``"1234.56"`` taken."""
    api = french["api"]
    refused = api.post("/api/v1/expense/expenses", json={**EXPENSE, "amount": "1234,56"})
    assert refused.status_code == 422 and "amount" in refused.get_json()["errors"]
    made = api.post("/api/v1/expense/expenses", json={**EXPENSE, "amount": "1234.56"})
    assert made.status_code == 201 and made.get_json()["amount"] == "1234.56"
