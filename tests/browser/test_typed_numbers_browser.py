"""Issue 11 in a real browser: a French organisation's new invoice reads a line typed in French
(quantity ``12,5``, rate ``10,00``), shows the line's amount and the totals live in French
(``125,00``, ``1 125,00``) and saves what it showed; the editor's script reads typed numbers by the
same rule as the server (core.inputs.typed_decimal)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from flask_babel import force_locale

from core import lines_for
from core.crm.models import Account
from core.inputs import NotPlainDecimal, typed_decimal
from core.web.numbers import shown, symbols
from plugins.books.models import Invoice
from plugins.books.modules import INVOICES

from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.test_typed_numbers import READ, REFUSED

pytestmark = pytest.mark.browser
NNBSP = "\u202f"


@pytest.fixture
def french(make_tenant, make_user):
    tenant = make_tenant(locale="fr_FR", currency="EUR")
    return tenant, make_user(tenant)


def line(page, n: int):
    return page.locator("#lines tr[data-line]").nth(n)


def total(page, key: str = "total") -> str:
    return page.locator(f'#lines [data-total="{key}"]').inner_text()


def test_issue_11_browser_french_invoice_lines_typed_and_totals_shown_in_french(page, live_server, french):
    """Issue 11: ``12,5`` x ``10,00`` shows ``125,00`` at once; a line of ``1 000`` makes the total
    ``1 125,00``; an ambiguous ``1.234,5.6`` computes nothing; the invoice saved holds 12.5 x 10.00."""
    tenant, user = french
    acme = Account.create(tenant=tenant, name="Boulangerie Dupont")
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/m/books/invoices/new?account_id={acme.id}")
    page.wait_for_load_state("load")
    wait_in_page(page, "document.querySelector('#lines.live') !== null")
    first = line(page, 0)
    first.locator('[data-line-field="name"]').fill("Farine")
    first.locator('[data-line-field="quantity"]').fill("12,5")
    first.locator('[data-line-field="rate"]').fill("10,00")
    assert first.locator("[data-line-amount]").inner_text() == "125,00"
    assert total(page) == "125,00"

    page.click("#lines [data-line-add]")
    second = line(page, 1)
    second.locator('[data-line-field="name"]').fill("Four")
    second.locator('[data-line-field="rate"]').fill("1.234,5.6")  # ambiguous: no figure for it
    assert second.locator("[data-line-amount]").inner_text() == ""
    assert total(page) == "125,00"
    second.locator('[data-line-field="rate"]').fill("1 000")
    assert second.locator("[data-line-amount]").inner_text() == f"1{NNBSP}000,00"
    assert total(page) == total(page, "sub_total") == f"1{NNBSP}125,00"

    page.click("form:has(#lines) button.btn-primary[type=submit]")
    page.wait_for_url(f"{live_server}/m/books/invoices/*")
    invoice = Invoice.get(Invoice.tenant == tenant)
    assert [(x.quantity, x.rate) for x in lines_for(INVOICES, tenant, [invoice.id])[invoice.id]] == [
        (Decimal("12.5"), Decimal("10.00")), (Decimal("1"), Decimal("1000.00"))]
    assert invoice.total == Decimal("1125.00")

    page.goto(f"{live_server}/m/books/invoices/{invoice.id}/edit")  # shown back in French
    page.wait_for_load_state("load")
    wait_in_page(page, "document.querySelector('#lines.live') !== null")
    assert line(page, 0).locator('[data-line-field="quantity"]').input_value() == "12,5"
    assert line(page, 1).locator('[data-line-field="rate"]').input_value() == "1000,00"
    assert total(page) == f"1{NNBSP}125,00"


def test_issue_11_the_editors_script_reads_numbers_as_the_server_does(page, live_server, app, french):
    """Issue 11: FinsuiteDocuments.typed gives what core.inputs.typed_decimal gives (French, English),
    and FinsuiteDocuments.shown writes a figure as core.web.numbers.shown does."""
    tenant, user = french
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/m/books/invoices/new")
    page.wait_for_load_state("load")
    wait_in_page(page, "window.FinsuiteDocuments !== undefined")
    for locale, cases in READ.items():
        texts = list(cases) + REFUSED[locale]
        with app.test_request_context(), force_locale(locale):
            marks = symbols()
            expected = []
            for text in texts:
                try:
                    expected.append(typed_decimal(text, locale))
                except NotPlainDecimal:
                    expected.append(None)
            figures = ["0.00", "5", "-3.75", "999.999", "1234.5", "-1234567.00", "12345678"]
            written = [shown(text) for text in figures]
        read = page.evaluate("([texts, marks]) => texts.map(t => window.FinsuiteDocuments.typed(t, marks))",
                             [texts, marks])
        assert dict(zip(texts, read)) == dict(zip(texts, expected)), locale
        assert page.evaluate("([figures, marks]) => figures.map(f => window.FinsuiteDocuments.shown(f, marks))",
                             [figures, marks]) == written, locale
