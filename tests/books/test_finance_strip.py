"""B5, B6: the receivables/payables strip of account and contact pages and the stock of product
pages show what the finance application last reported, and change with the pull."""
from __future__ import annotations

import re

from core.sync.jobs import pull, start_push
from core.sync.worker import drain
from tests.books.context_helpers import crm, finance, finance_id  # noqa: F401  (fixtures)


def strip(html: str) -> dict[str, str]:
    """The Books strip of a page as ``{label: value}`` (``{}`` when there is none)."""
    match = re.search(r'<section class="strip" aria-label="Books">(.*?)</section>', html, re.S)
    if not match:
        return {}
    return dict(re.findall(r"<span>([^<]*)</span><strong>([^<]*)</strong>", match.group(1)))


def section(html: str) -> dict[str, str]:
    match = re.search(r"<h2>Finance information</h2></div>(.*?)</section>", html, re.S)
    if not match:
        return {}
    return dict(re.findall(r"<span>([^<]*)</span><strong>([^<]*)</strong>", match.group(1)))


def page(web, module: str, record) -> str:
    response = web.get(f"/m/{module}/{record.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _finance_invoice(fin, customer: str, total: str, due: str, crm_id: str) -> str:
    """An invoice made in the finance application itself, and sent."""
    doc = fin.create("invoices", {"customer_id": customer, "date": "2026-01-01", "due_date": due, "crm_id": crm_id,
                                  "line_items": [{"name": "Service", "quantity": "1", "rate": total}]})
    fin.action("invoices", doc["id"], "mark_sent")
    return doc["id"]


def test_b5_strip_says_not_synced_until_the_customer_reaches_the_finance_application(crm, client_for, registry):
    web = client_for(crm["admin"])
    for module in ("accounts", "contacts"):
        assert strip(page(web, module, crm[module[:-1]])) == {"Receivables": "Not synced yet"}
    start_push(registry, crm["tenant"], "contacts")
    drain(registry)
    for module in ("accounts", "contacts"):
        assert strip(page(web, module, crm[module[:-1]])) == {
            "Receivables": "$0.00", "Overdue": "$0.00", "Payables": "$0.00"}
    assert strip(page(web, "deals", crm["deal"])) == {}  # accounts and contacts only
    assert strip(page(web, "vendors", crm["vendor"])) == {}


def test_b5_receivables_overdue_and_payables_follow_the_finance_application_after_the_pull(
        crm, client_for, api_for, registry):
    tenant = crm["tenant"]
    start_push(registry, tenant, "contacts")
    drain(registry)
    fin = finance(tenant)
    customer = finance_id(tenant, "accounts", crm["account"].id)
    overdue = _finance_invoice(fin, customer, "300.00", "2026-01-31", "finance:1")
    _finance_invoice(fin, customer, "200.00", "2099-12-31", "finance:2")
    fin.record_payment(overdue, "100.00")
    order = fin.create("purchaseorders", {"vendor_id": customer, "date": "2026-01-01", "crm_id": "finance:3",
                                          "line_items": [{"name": "Returned goods", "quantity": "2", "rate": "35.50"}]})
    fin.action("purchaseorders", order["id"], "convert_to_open")
    fin.bill_purchaseorder(order["id"])
    web = client_for(crm["admin"])
    # the finance application changed; the CRM shows its last word until the pull
    assert strip(page(web, "accounts", crm["account"]))["Receivables"] == "$0.00"
    run = pull(registry, tenant)
    assert run.state == "ok", run.error
    assert strip(page(web, "accounts", crm["account"])) == {
        "Receivables": "$400.00", "Overdue": "$200.00", "Payables": "$71.00"}
    strips = api_for(crm["admin"]).get(f"/api/v1/accounts/{crm['account'].id}/strips").get_json()
    assert [s for s in strips if s["key"] == "books_finance"] == [{"key": "books_finance", "label": "Books", "items": [
        {"label": "Receivables", "value": "400.00"}, {"label": "Overdue", "value": "200.00"},
        {"label": "Payables", "value": "71.00"}]}]
    # the contact is a customer of its own in the finance application
    assert strip(page(web, "contacts", crm["contact"]))["Receivables"] == "$0.00"
    fin.record_payment(overdue, "200.00")
    pull(registry, tenant)
    assert strip(page(web, "accounts", crm["account"])) == {
        "Receivables": "$200.00", "Overdue": "$0.00", "Payables": "$71.00"}


def test_b5_contact_strip_shows_its_own_receivables(crm, client_for, registry):
    tenant = crm["tenant"]
    start_push(registry, tenant, "contacts")
    drain(registry)
    _finance_invoice(finance(tenant), finance_id(tenant, "contacts", crm["contact"].id), "80.25", "2099-01-01",
                     "finance:4")
    pull(registry, tenant)
    assert strip(page(client_for(crm["admin"]), "contacts", crm["contact"])) == {
        "Receivables": "$80.25", "Overdue": "$0.00", "Payables": "$0.00"}


def test_b6_product_page_shows_stock_from_the_finance_application_after_the_pull(crm, client_for, registry):
    tenant, product = crm["tenant"], crm["product"]
    web = client_for(crm["admin"])
    assert section(page(web, "products", product)) == {"Stock on hand": "Not synced yet"}
    start_push(registry, tenant, "products")
    drain(registry)
    assert section(page(web, "products", product)) == {"Stock on hand": "0", "Committed": "0", "Available": "0"}
    fin = finance(tenant)
    item = finance_id(tenant, "products", product.id)
    fin.adjust_stock(item, "12")
    assert section(page(web, "products", product))["Stock on hand"] == "0"  # not pulled yet
    pull(registry, tenant)
    assert section(page(web, "products", product)) == {"Stock on hand": "12", "Committed": "0", "Available": "12"}
    start_push(registry, tenant, "contacts")
    drain(registry)
    order = fin.create("salesorders", {
        "customer_id": finance_id(tenant, "accounts", crm["account"].id), "date": "2026-01-01", "crm_id": "finance:5",
        "line_items": [{"item_id": item, "name": "Widget", "quantity": "4.5", "rate": "10.00"}]})
    fin.action("salesorders", order["id"], "convert_to_open")
    pull(registry, tenant)
    assert section(page(web, "products", product)) == {
        "Stock on hand": "12", "Committed": "4.5", "Available": "7.5"}


def test_b5_receivables_follow_a_sent_or_voided_invoice_at_once_without_a_pull(crm, client_for, api_for, registry):
    """An invoice marked as sent, then voided: once the sync has carried each, the account's
    strip shows what the finance application now says it owes (its customer is read back)."""
    api, web = api_for(crm["admin"]), client_for(crm["admin"])
    made = api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "line_items": [
        {"name": "Audit", "quantity": "2", "rate": "60.00"}]}).get_json()
    drain(registry)
    assert strip(page(web, "accounts", crm["account"]))["Receivables"] == "$0.00"  # a draft owes nothing
    assert api.post(f"/api/v1/books/invoices/{made['id']}/actions/mark_sent").status_code == 200
    drain(registry)
    assert strip(page(web, "accounts", crm["account"]))["Receivables"] == "$120.00"
    assert api.post(f"/api/v1/books/invoices/{made['id']}/actions/mark_void").status_code == 200
    drain(registry)
    assert strip(page(web, "accounts", crm["account"]))["Receivables"] == "$0.00"


def test_b3_b5_a_related_lists_refresh_brings_the_strip_up_to_date_too(crm, client_for, registry):
    """Paid in the finance application: the Books invoices list's refresh icon pulls the
    invoices and the page's account, so the strip and the list agree."""
    from core.testing import csrf_from
    tenant, web = crm["tenant"], client_for(crm["admin"])
    start_push(registry, tenant, "contacts")
    drain(registry)
    fin = finance(tenant)
    invoice = _finance_invoice(fin, finance_id(tenant, "accounts", crm["account"].id), "80.00", "2099-12-31",
                               "finance:9")
    fin.record_payment(invoice, "30.00")
    html = page(web, "accounts", crm["account"])
    assert strip(html)["Receivables"] == "$0.00"
    refreshed = web.post(f"/m/accounts/{crm['account'].id}/related/books_invoices/refresh",
                         data={"csrf_token": csrf_from(html)})
    assert refreshed.status_code == 302
    assert strip(page(web, "accounts", crm["account"]))["Receivables"] == "$50.00"
