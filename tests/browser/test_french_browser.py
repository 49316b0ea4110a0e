"""Issue 11 (French and locales) in a real browser, the help page's steps in French (B1, B3,
B4, B7): a French organisation's user opens the Books tab (Factures, Devis ...), makes a new
invoice typing amounts the French way, marks it sent (« Marquer comme Envoyé »), and opens the
e-mail dialog (« Joindre la facture au format PDF », « Joindre un relevé client »); amounts
and dates are written in French throughout."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.crm.models import Account
from plugins.books.models import Invoice
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_issue_11_b1_b3_b4_b7_the_seed_steps_in_french(page, live_server, make_tenant, make_user):
    tenant = make_tenant(currency="EUR", locale="fr_FR", name="Boulangerie Dupont")
    user = make_user(tenant)
    account = Account.create(tenant=tenant, name="Café Łódź", email="compta@lodz.example")
    log_in(page, live_server, user.email)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.click('a[data-tab="books"]')
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Books"
    landing = page.locator('[data-landing="books/invoices"] h2').inner_text()
    assert landing.startswith("Factures")
    assert page.locator('[data-landing="books/estimates"] h2').inner_text().startswith("Devis")
    page.locator('[data-landing="books/invoices"] h2 a').click()
    page.wait_for_load_state()
    page.locator(".page-head a.btn-primary", has_text="Nouvelle facture").click()
    page.wait_for_selector("#lines")
    page.select_option("#f-account_id", str(account.id))
    line = page.locator("#lines tr[data-line]").nth(0)
    line.locator('[data-line-field="name"]').fill("Croissants")
    line.locator('[data-line-field="quantity"]').fill("12,5")
    line.locator('[data-line-field="rate"]').fill("1,20")
    line.locator('[data-line-field="tax_percent"]').fill("5,5")
    assert page.locator('#lines [data-total="total"]').inner_text().startswith("15,83")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    invoice = Invoice.get((Invoice.tenant == tenant) & (Invoice.account_id == account.id))
    assert (invoice.total, invoice.tax_total) == (Decimal("15.83"), Decimal("0.83"))
    page.goto(f"{live_server}/m/books/invoices/{invoice.id}")
    page.wait_for_load_state()
    assert "15,83\xa0€" in page.locator('[data-total="total"]').inner_text().replace("\u202f", "\xa0")
    page.get_by_role("button", name="Marquer comme Envoyé").click()
    page.wait_for_load_state()
    assert "Marquer comme Envoyé : fait." in page.locator(".flash").first.inner_text()
    assert page.locator("td .badge.status, dd .badge.status").first.inner_text() == "Envoyé"

    page.get_by_role("link", name="E-mail").click()
    dialog = page.locator("dialog.email-dialog")
    dialog.locator("#f-to").wait_for()
    text = dialog.inner_text()
    assert "Joindre la facture au format PDF" in text and "Joindre un relevé client" in text
    assert dialog.get_by_role("button", name="Envoyer").is_visible()
    assert dialog.locator("#f-to").input_value() == "compta@lodz.example"
