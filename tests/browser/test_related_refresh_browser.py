"""B3 in a real browser: on an account page the Books invoices list shows a PDF link when a row is
hovered, and its refresh icon pulls a payment made in the finance application and redraws the
list and the account's receivables strip in place, without reloading the page (B5)."""
from __future__ import annotations

import pytest

from core.sync.worker import drain
from tests.books.context_helpers import create_doc, crm, finance, finance_id  # noqa: F401  (fixtures)
from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
PANEL = "#related-books_invoices"
STRIP = 'section.strip[aria-label="Books"]'


def link_opacity(page) -> float:
    return float(page.locator(f"{PANEL} .row-links a").first.evaluate("a => getComputedStyle(a).opacity"))


def test_b3_browser_refresh_icon_redraws_the_list_in_place_and_pdf_link_shows_on_hover(
        page, live_server, crm, api_for, registry):
    tenant, account = crm["tenant"], crm["account"]
    api = api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=account.id, due_date="2099-12-31")
    drain(registry)
    assert api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent").status_code == 200
    drain(registry)

    log_in(page, live_server, crm["admin"].email)
    page.goto(f"{live_server}/m/accounts/{account.id}")
    page.wait_for_load_state()
    owed = page.locator(STRIP).locator(".strip-item", has_text="Receivables").locator("strong")
    assert owed.inner_text() == f"${doc['total']}"  # the customer was read back once it was sent
    row = page.locator(f"{PANEL} tbody tr").first
    assert "Sent" in row.inner_text()
    page.mouse.move(0, 0)
    assert link_opacity(page) == 0  # the PDF link waits for the pointer
    row.hover()
    wait_in_page(page, f"getComputedStyle(document.querySelector('{PANEL} .row-links a')).opacity === '1'")
    pdf = page.locator(f"{PANEL} .row-links a", has_text="PDF")
    assert pdf.get_attribute("href") == f"/m/books/invoices/{doc['id']}/pdf"
    assert page.request.get(f"{live_server}/m/books/invoices/{doc['id']}/pdf").headers["content-type"] == \
        "application/pdf"

    finance(tenant).record_payment(finance_id(tenant, "books/invoices", doc["id"]), doc["total"])
    page.evaluate("window.finsuiteNoReload = true")
    with page.expect_response(lambda r: r.url.endswith("/related/books_invoices/refresh")) as answer:
        page.click(f"{PANEL} [data-related-refresh] button")
    assert answer.value.status == 200
    wait_in_page(page, f"document.querySelector('{PANEL} tbody').innerText.includes('Paid')")
    # the strip follows the list, in place: the refresh pulled the account too
    owed.filter(has_text="$0.00").wait_for()
    assert page.evaluate("window.finsuiteNoReload") is True  # the same page: nothing reloaded
    assert page.url == f"{live_server}/m/accounts/{account.id}"
    assert page.locator(PANEL).count() == 1 and page.locator(f"{PANEL}[aria-busy]").count() == 0
    page.locator(f"{PANEL} tbody tr").first.hover()  # the new panel's links work the same
    wait_in_page(page, f"getComputedStyle(document.querySelector('{PANEL} .row-links a')).opacity === '1'")
    page.screenshot(path="/tmp/related_refresh.png", full_page=True)
