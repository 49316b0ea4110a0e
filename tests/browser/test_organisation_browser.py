"""Issue 17, item 12 in a real browser: an administrator fills in Setup > Organisation with a logo,
sees it on the page, and an invoice's PDF then downloads headed with it."""
from __future__ import annotations

import pytest

from core.crm.models import Account
from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.organisation_helpers import embedded_images, image

pytestmark = pytest.mark.browser


def test_issue17_item12_logo_uploaded_in_setup_heads_the_invoice_pdf(page, live_server, tenant, admin, api_for):
    """issue 17, item 12: Setup > Organisation, then the invoice's PDF has the name and the logo."""
    account = Account.create(tenant=tenant, name="Société Łódź")
    doc = api_for(admin).post("/api/v1/books/invoices", json={
        "account_id": account.id, "line_items": [{"name": "Widget", "quantity": "1", "rate": "10.00"}]}).get_json()
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/setup/")
    page.click("nav.subnav >> text=Organisation")
    page.wait_for_url(f"{live_server}/setup/organisation")
    page.wait_for_load_state()
    page.fill("#f-legal_name", "Ærø Handel ApS")
    page.fill("#f-tax_id", "DK12345678")
    page.set_input_files("#f-logo", files=[{"name": "logo.png", "mimeType": "image/png", "buffer": image()}])
    page.click("button:has-text('Save')")
    page.wait_for_selector(".flash-success")
    wait_in_page(page, "document.querySelector('img.logo-preview').naturalWidth === 120")  # served by Setup
    page.screenshot(path="/tmp/organisation_setup.png", full_page=True)
    response = page.request.get(f"{live_server}/m/books/invoices/{doc['id']}/pdf")
    assert response.headers["content-type"] == "application/pdf"
    assert len(embedded_images(response.body())) == 1
