"""B2 in a real browser: the lines of a new invoice are added, filled from a product, reordered and
removed without a reload, the totals follow live, and the saved invoice has the totals the form
showed; the form's decimal arithmetic (documents.js) equals core.line_amounts/document_totals."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core import document_totals, line_amounts, lines_for
from core.documents.totals import presented_totals
from core.crm.models import Account, Product
from plugins.books.models import Invoice
from plugins.books.modules import INVOICES

from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
TOTALS = ("sub_total", "discount_total", "tax_total", "total")


def presented(figures) -> dict[str, str]:
    """The totals block as core.documents.totals presents it, every row (the form's)."""
    return {row.key: str(row.amount) for row in presented_totals(figures, every_row=True)}


def shown_totals(page) -> dict[str, str]:
    return {key: page.locator(f'#lines [data-total="{key}"]').inner_text() for key in TOTALS}


def row(page, n: int):
    return page.locator("#lines tr[data-line]").nth(n)


def test_b2_browser_invoice_lines_added_reordered_removed_without_reload(page, live_server, tenant, admin):
    acme = Account.create(tenant=tenant, name="Acme Browser")
    widget = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("12.50"), tax_rate=Decimal("20"),
                            description="A blue widget")
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/books/invoices/new?account_id={acme.id}&next=/m/accounts/{acme.id}")
    assert page.locator("#f-account_id option:checked").inner_text() == "Acme Browser"
    page.evaluate("window.notReloaded = true")  # gone if anything below reloads the page
    rows = page.locator("#lines tr[data-line]")
    assert rows.count() == 1 and shown_totals(page)["total"] == "0.00"

    # line 1 from the product: name, description, rate and tax filled in
    row(page, 0).locator('[data-line-field="product_id"]').select_option(str(widget.id))
    assert row(page, 0).locator('[data-line-field="name"]').input_value() == "Widget"
    assert row(page, 0).locator('[data-line-field="description"]').input_value() == "A blue widget"
    assert row(page, 0).locator('[data-line-field="rate"]').input_value() == "12.50"
    assert row(page, 0).locator('[data-line-field="tax_percent"]').input_value() == "20"
    row(page, 0).locator('[data-line-field="quantity"]').fill("3")
    row(page, 0).locator('[data-line-field="discount_percent"]').fill("10")
    assert row(page, 0).locator("[data-line-amount]").inner_text() == "33.75"

    # line 2 typed
    page.click("#lines [data-line-add]")
    assert rows.count() == 2
    second = row(page, 1)
    second.locator('[data-line-field="name"]').fill("Consulting")
    second.locator('[data-line-field="quantity"]').fill("1.5")
    second.locator('[data-line-field="rate"]').fill("99.99")
    second.locator('[data-line-field="tax_percent"]').fill("5.5")
    assert second.locator("[data-line-amount]").inner_text() == "149.99"  # 149.985 half-up
    # read top-down: the sub total before the discount (37.50 + 149.99), less the discount, plus tax
    assert shown_totals(page) == {"sub_total": "187.49", "discount_total": "-3.75", "tax_total": "15.00",
                                  "total": "198.74"}

    # reorder: Consulting moves up and takes index 0 in the submitted names
    second.locator("[data-line-up]").click()
    assert row(page, 0).locator('[data-line-field="name"]').input_value() == "Consulting"
    assert page.locator('[name="line_items-0-name"]').input_value() == "Consulting"
    assert page.locator('[name="line_items-1-name"]').input_value() == "Widget"
    assert row(page, 0).locator("[data-line-no]").inner_text() == "1"

    # remove the widget line, then add another one
    row(page, 1).locator("[data-line-remove]").click()
    assert rows.count() == 1
    assert shown_totals(page) == {"sub_total": "149.99", "discount_total": "0.00", "tax_total": "8.25",
                                  "total": "158.24"}
    page.click("#lines [data-line-add]")
    third = row(page, 1)
    third.locator('[data-line-field="product_id"]').select_option(str(widget.id))
    third.locator('[data-line-field="quantity"]').fill("0.333")
    third.locator('[data-line-field="discount_percent"]').fill("2.5")
    expected = document_totals([line_amounts("1.5", "99.99", "0", "5.5"), line_amounts("0.333", "12.50", "2.5", "20")])
    shown = shown_totals(page)
    assert shown == presented(expected)
    assert page.evaluate("window.notReloaded") is True
    page.screenshot(path="/tmp/invoice_form.png", full_page=True)

    page.click("button:has-text('Save')")
    page.wait_for_url(f"{live_server}/m/accounts/{acme.id}")
    invoice = Invoice.get(Invoice.tenant == tenant, Invoice.account_id == acme.id)
    assert presented(invoice) == shown
    lines = lines_for(INVOICES, tenant, [invoice.id])[invoice.id]
    assert [(x.name, x.product_id) for x in lines] == [("Consulting", None), ("Widget", widget.id)]

    page.goto(f"{live_server}/m/books/invoices/{invoice.id}")
    assert page.locator('#lines [data-total="total"]').inner_text() == f"${shown['total']}"
    assert page.locator("#lines tr[data-line]").count() == 2
    page.screenshot(path="/tmp/invoice_detail.png", full_page=True)


def test_b2_browser_form_works_without_javascript(browser, live_server, tenant, admin):
    """Without scripts the form offers blank rows; filled ones are saved, blank ones ignored."""
    acme = Account.create(tenant=tenant, name="Acme NoScript")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/m/books/invoices/new?account_id={acme.id}")
        assert page.locator("#lines tr[data-line]").count() == 3
        assert not page.locator("#lines [data-line-add]").is_visible()
        page.fill("#f-line_items-1-name", "Hand typed")
        page.fill("#f-line_items-1-quantity", "2")
        page.fill("#f-line_items-1-rate", "10.005")  # refused beside the rate, never rounded (issue 15)
        page.click("button:has-text('Save')")
        assert page.locator("#error-line_items-0-rate").inner_text() == "At most 2 decimal places."
        page.fill("#f-line_items-0-rate", "10.01")
        page.click("button:has-text('Save')")
        page.wait_for_selector("#lines [data-total='total']")
        assert page.locator("#lines [data-total='total']").inner_text() == "$20.02"
        invoice = Invoice.get(Invoice.tenant == tenant, Invoice.account_id == acme.id)
        assert [x.name for x in lines_for(INVOICES, tenant, [invoice.id])[invoice.id]] == ["Hand typed"]
    finally:
        context.close()


def _decimal(places: int, low: str, high: str):
    return st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=places,
                       allow_nan=False, allow_infinity=False)


LINES = st.lists(st.fixed_dictionaries({
    "quantity": st.integers(0, 3).flatmap(lambda p: _decimal(p, "0.001" if p == 3 else "1", "9999")),
    "rate": _decimal(2, "0", "99999.99"),
    "discount_percent": st.integers(0, 3).flatmap(lambda p: _decimal(p, "0", "100")),
    "tax_percent": st.integers(0, 3).flatmap(lambda p: _decimal(p, "0", "100")),
}), min_size=1, max_size=6)


@pytest.fixture
def compute_page(page, live_server, admin):
    """The new invoice form, whose script computes the figures."""
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/books/invoices/new")
    wait_in_page(page, "window.FinsuiteDocuments !== undefined")
    return page


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, places=st.sampled_from([2, 0, 3]))
@example(lines=[{"quantity": Decimal("1.5"), "rate": Decimal("99.99"), "discount_percent": Decimal("0"),
                 "tax_percent": Decimal("5.5")},
                {"quantity": Decimal("0.333"), "rate": Decimal("0.15"), "discount_percent": Decimal("33.333"),
                 "tax_percent": Decimal("12.125")}], places=2)
@example(lines=[{"quantity": Decimal("2.5"), "rate": Decimal("1.00"), "discount_percent": Decimal("100"),
                 "tax_percent": Decimal("7")}], places=0)
def test_b2_form_totals_equal_the_servers_for_generated_lines(compute_page, lines, places):
    """B2: window.FinsuiteDocuments.totals gives the strings core.line_amounts/document_totals give."""
    payload = [{k: str(v) for k, v in line.items()} for line in lines]
    shown = compute_page.evaluate("([lines, places]) => window.FinsuiteDocuments.totals(lines, places)",
                                  [payload, places])
    amounts = [line_amounts(x["quantity"], x["rate"], x["discount_percent"], x["tax_percent"], places) for x in lines]
    totals = document_totals(amounts, places)
    assert [line["amount"] for line in shown["lines"]] == [str(a.amount) for a in amounts]
    assert [line["tax"] for line in shown["lines"]] == [str(a.tax) for a in amounts]
    assert [line["discount"] for line in shown["lines"]] == [str(a.discount) for a in amounts]
    assert {key: shown[key] for key in TOTALS} == {key: str(getattr(totals, key)) for key in TOTALS}
    block = compute_page.evaluate("([lines, places]) => window.FinsuiteDocuments.presented("
                                  "window.FinsuiteDocuments.totals(lines, places), places)", [payload, places])
    assert block == presented(totals)  # the form's totals block is the page's, the PDF's and the e-mail's


def test_b2_form_shows_no_figures_for_inputs_the_schema_refuses(compute_page):
    """Extra decimals, exponents, other digits typed in the form: the schema refuses them (issue 15:
    never rounded), so the live figures show nothing for that line, as the server does."""
    from marshmallow import ValidationError

    from core import LineItemSchema
    typed = [{"name": "x", "quantity": "1.0005", "rate": "10.00"}, {"name": "y", "quantity": "1", "rate": "10.005"},
             {"name": "z", "quantity": "1E2", "rate": "1"}, {"name": "w", "quantity": "１２", "rate": "1"},
             {"name": "ok", "quantity": "2.500", "rate": "0.10", "discount_percent": "2.0015"}]
    for line in typed:
        with pytest.raises(ValidationError):
            LineItemSchema().load(line)
    shown = compute_page.evaluate("lines => window.FinsuiteDocuments.totals(lines, 2)", typed)
    assert [x["amount"] for x in shown["lines"]] == ["", "", "", "", ""] and shown["total"] == "0.00"
    fine = compute_page.evaluate("lines => window.FinsuiteDocuments.totals(lines, 2)",
                                 [{"name": "ok", "quantity": "2.500", "rate": "0.10"}])
    assert fine["lines"][0]["amount"] == "0.25"
