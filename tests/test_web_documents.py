"""B2 document forms in the web UI (server side, Books invoices): the lines table, saving lines
in their order, editing (reorder, remove), errors beside the line's field, blank rows ignored,
locked documents, and the lines and totals on the document's page."""
from __future__ import annotations

import html as htmllib
import json
import re
from decimal import Decimal

from core import create_record, document_totals, line_amounts, lines_for
from core.crm.models import Account, Product
from plugins.books.models import Invoice
from plugins.books.modules import INVOICES
from core.testing import csrf_from


def _row(index: int, **values) -> dict:
    return {f"line_items-{index}-{k}": v for k, v in values.items()}


def _blank(index: int) -> dict:
    return _row(index, product_id="", name="", description="", quantity="", rate="", discount_percent="",
                tax_percent="")


def _total(html: str, key: str) -> str:
    return re.search(rf'data-total="{key}">([^<]*)<', html).group(1)


def _invoice(tenant, user, account, lines) -> Invoice:
    return create_record(INVOICES, tenant, user, {"account_id": account.id, "line_items": lines})


def test_b2_form_asks_for_the_customer_first_then_dates_then_lines_and_notes_last(ctx, web):
    html = web.get("/m/books/invoices/new").get_data(as_text=True)
    marks = ['id="f-account_id"', 'id="f-contact_id"', 'id="f-deal_id"', 'id="f-date"', 'id="f-due_date"',
             'id="f-reference"', "data-line>", 'id="f-notes"']
    places = [html.find(mark) for mark in marks]
    assert -1 not in places and places == sorted(places), dict(zip(marks, places))
    purchase = web.get("/m/books/purchaseorders/new").get_data(as_text=True)
    assert purchase.find('id="f-vendor_id"') < purchase.find('id="f-date"') < purchase.find('id="f-delivery_date"')


def test_b2_new_invoice_form_has_a_lines_table_with_products_and_the_prefilled_customer(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    Product.create(tenant=tenant, name="Widget", unit_price=Decimal("12.50"), tax_rate=Decimal("20"),
                   description="A blue widget")
    html = web.get(f"/m/books/invoices/new?account_id={acme.id}&next=/m/accounts/{acme.id}").get_data(as_text=True)
    assert f'<option value="{acme.id}" selected>Acme</option>' in html
    assert 'data-places="2"' in html and "documents.js" in html
    for index in range(3):  # blank rows for browsers without scripts
        assert f'name="line_items-{index}-quantity"' in html
    assert ">Widget</option>" in html.split('name="line_items-0-product_id"')[1].split("</select>")[0]
    products = json.loads(htmllib.unescape(re.search(r"data-products>(.*?)</script>", html, re.S).group(1)))
    assert list(products.values()) == [{"name": "Widget", "description": "A blue widget", "rate": "12.50",
                                        "tax_percent": "20"}]
    assert _total(html, "total") == "0.00"


def test_b2_create_invoice_with_two_lines_through_the_form(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    widget = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("12.50"), tax_rate=Decimal("20"))
    form = web.get(f"/m/books/invoices/new?account_id={acme.id}").get_data(as_text=True)
    data = {"csrf_token": csrf_from(form), "account_id": str(acme.id), "date": "2026-03-01", "reference": "PO-7",
            **_row(0, product_id=str(widget.id), name="", description="", quantity="3", rate="",
                   discount_percent="10", tax_percent=""),
            **_blank(1),
            **_row(2, product_id="", name="Consulting", description="Two hours", quantity="1.5", rate="99.99",
                   discount_percent="", tax_percent="5.5"),
            **_blank(3)}
    assert web.post("/m/books/invoices/new", data={k: v for k, v in data.items() if k != "csrf_token"}
                    ).status_code == 400  # no CSRF token, no invoice
    response = web.post(f"/m/books/invoices/new?next=/m/accounts/{acme.id}", data=data)
    assert response.status_code == 302 and response.headers["Location"] == f"/m/accounts/{acme.id}"
    invoice = Invoice.get(Invoice.tenant == tenant)
    lines = lines_for(INVOICES, tenant, [invoice.id])[invoice.id]
    assert [(x.name, x.rate, x.quantity, x.tax_percent) for x in lines] == [
        ("Widget", Decimal("12.50"), Decimal("3"), Decimal("20")),
        ("Consulting", Decimal("99.99"), Decimal("1.5"), Decimal("5.5"))]
    expected = document_totals([line_amounts("3", "12.50", "10", "20"), line_amounts("1.5", "99.99", "0", "5.5")])
    assert (invoice.sub_total, invoice.discount_total, invoice.tax_total, invoice.total) == (
        expected.sub_total, expected.discount_total, expected.tax_total, expected.total)
    # 37.50 less 10 % = 33.75 + 6.75 tax; 149.985 -> 149.99 (half-up) + 8.25 tax (8.249...)
    assert [str(invoice.sub_total), str(invoice.discount_total), str(invoice.tax_total), str(invoice.total)] == [
        "183.74", "3.75", "15.00", "198.74"]

    page = web.get(f"/m/books/invoices/{invoice.id}").get_data(as_text=True)
    panel = page.split('id="lines"')[1].split("</section>")[0]
    assert panel.index("Widget") < panel.index("Consulting") and "Two hours" in panel
    assert "$33.75" in panel and "$149.99" in panel
    # read top-down: the sub total before the discount (37.50 + 149.99), less 3.75, plus tax, is the total
    assert [_total(panel, k) for k in ("sub_total", "discount_total", "tax_total", "total")] == [
        "$187.49", "-$3.75", "$15.00", "$198.74"]


def test_b2_edit_shows_the_lines_and_saves_them_reordered_with_one_removed(ctx, web, tenant, admin):
    acme = Account.create(tenant=tenant, name="Acme")
    invoice = _invoice(tenant, admin, acme, [
        {"name": "Alpha", "quantity": "1", "rate": "10.00"},
        {"name": "Beta", "quantity": "2", "rate": "20.00", "tax_percent": "10"},
        {"name": "Gamma", "quantity": "0.125", "rate": "8.00", "discount_percent": "2.5"}])
    form = web.get(f"/m/books/invoices/{invoice.id}/edit").get_data(as_text=True)
    assert [m for m in re.findall(r'name="line_items-(\d)-name" type="text" value="([^"]*)"', form) if m[1]] == [
        ("0", "Alpha"), ("1", "Beta"), ("2", "Gamma")]
    assert 'name="line_items-2-quantity" type="text" inputmode="decimal" class="num" value="0.125"' in form
    assert _total(form, "total") == str(invoice.total) == "54.98"  # the form opens with the saved totals

    data = {"csrf_token": csrf_from(form), "account_id": str(acme.id),
            **_row(0, name="Gamma", quantity="0.125", rate="8.00", discount_percent="2.5"),
            **_row(1, name="Alpha", quantity="4", rate="10.00"), **_blank(2)}
    response = web.post(f"/m/books/invoices/{invoice.id}/edit", data=data)
    assert response.status_code == 302 and response.headers["Location"] == f"/m/books/invoices/{invoice.id}"
    lines = lines_for(INVOICES, tenant, [invoice.id])[invoice.id]
    assert [(x.name, x.position) for x in lines] == [("Gamma", 0), ("Alpha", 1)]
    invoice = Invoice.get_by_id(invoice.id)
    assert invoice.total == Decimal("40.98")  # 0.975 -> 0.98 (1.00 less 2.5 %), 40.00
    assert invoice.discount_total == Decimal("0.02")


def test_b2_row_order_is_the_order_the_form_sends(ctx, web, tenant, admin):
    """A script moves rows without renaming them: the server keeps the order they arrive in."""
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    data = {"csrf_token": csrf_from(form), "account_id": str(acme.id),
            **_row(5, name="First", rate="1"), **_row(2, name="Second", rate="2")}
    assert web.post("/m/books/invoices/new", data=data).status_code == 302
    invoice = Invoice.get(Invoice.tenant == tenant)
    assert [x.name for x in lines_for(INVOICES, tenant, [invoice.id])[invoice.id]] == ["First", "Second"]


def test_b2_line_errors_beside_the_field_with_422_and_nothing_saved(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    data = {"csrf_token": csrf_from(form), "account_id": str(acme.id),
            **_row(0, name="Fine", quantity="2", rate="5.00"), **_blank(1),
            **_row(2, name="Broken", quantity="1", rate="-5", tax_percent="120"),
            **_row(3, name="", description="", quantity="2", rate="", product_id="")}  # no rate: blank, ignored
    response = web.post("/m/books/invoices/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and Invoice.scoped(tenant).count() == 0
    # the blank row is gone: the broken line is line 1 (line_items.1.rate), shown in row 1
    row = html.split('id="f-line_items-1-rate"')[1].split("</tr>")[0]
    assert 'id="error-line_items-1-rate"' in row and "Cannot be negative." in row
    assert 'id="error-line_items-1-tax_percent"' in row
    cell = html.split('<td class="field line-rate has-error">')[1].split("</td>")[0]
    assert 'value="-5"' in cell  # the typed value is kept
    assert 'value="Fine"' in html and 'value="Broken"' in html
    assert "line_items.1" not in html.split('<div class="form-grid">')[0]  # beside the field, not at the top
    assert _total(html, "sub_total") == "10.00"  # the valid line still counts in the shown totals


def test_b2_a_form_with_only_blank_rows_asks_for_a_line(ctx, web, tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    response = web.post("/m/books/invoices/new", data={"csrf_token": csrf_from(form), "account_id": str(acme.id),
                                                       **_blank(0), **_blank(1), **_blank(2)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="error-line_items"' in html
    assert "Add at least one line." in html and Invoice.scoped(tenant).count() == 0


def test_b2_product_of_another_tenant_is_refused_beside_the_line(ctx, web, tenant, make_tenant):
    acme = Account.create(tenant=tenant, name="Acme")
    theirs = Product.create(tenant=make_tenant(), name="Theirs", unit_price=Decimal("1"))
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    assert "Theirs" not in form
    response = web.post("/m/books/invoices/new", data={
        "csrf_token": csrf_from(form), "account_id": str(acme.id), **_row(0, product_id=str(theirs.id), quantity="1")})
    assert response.status_code == 422 and Invoice.scoped(tenant).count() == 0
    assert 'id="error-line_items-0-product_id"' in response.get_data(as_text=True)


def test_b2_locked_document_has_no_edit_form(ctx, web, tenant, admin):
    acme = Account.create(tenant=tenant, name="Acme")
    invoice = _invoice(tenant, admin, acme, [{"name": "Alpha", "quantity": "1", "rate": "10.00"}])
    Invoice.update(status="sent").where(Invoice.id == invoice.id).execute()
    response = web.get(f"/m/books/invoices/{invoice.id}/edit")
    assert response.status_code == 302 and response.headers["Location"] == f"/m/books/invoices/{invoice.id}"
    form = web.get(f"/m/books/invoices/{invoice.id}").get_data(as_text=True)
    assert "only drafts can be changed" in form and f"/m/books/invoices/{invoice.id}/edit" not in form
    response = web.post(f"/m/books/invoices/{invoice.id}/edit", data={
        "csrf_token": csrf_from(form), "account_id": str(acme.id), **_row(0, name="Changed", rate="99")})
    assert response.status_code == 302
    assert [x.name for x in lines_for(INVOICES, tenant, [invoice.id])[invoice.id]] == ["Alpha"]


def test_b2_currency_without_cents_rounds_to_whole_units(ctx, make_tenant, make_user, client_for):
    tenant = make_tenant(currency="JPY")
    web = client_for(make_user(tenant))
    acme = Account.create(tenant=tenant, name="Acme")
    form = web.get("/m/books/invoices/new").get_data(as_text=True)
    assert 'data-places="0"' in form
    assert web.post("/m/books/invoices/new", data={
        "csrf_token": csrf_from(form), "account_id": str(acme.id),
        **_row(0, name="Tea", quantity="3", rate="333.50", tax_percent="8")}).status_code == 302
    invoice = Invoice.get(Invoice.tenant == tenant)
    assert (invoice.sub_total, invoice.tax_total, invoice.total) == (Decimal("1001"), Decimal("80"), Decimal("1081"))
    edit = web.get(f"/m/books/invoices/{invoice.id}/edit").get_data(as_text=True)
    assert _total(edit, "total") == "1,081"  # grouped as the reader reads figures (issue 11)
