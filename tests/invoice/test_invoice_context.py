"""I1 in context and P1: the Invoice app's lists on account and contact pages (New prefilled,
refresh in place), distinct from Books' whether a tenant has Invoice only, Books only or both;
users without Invoice access see none of it."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.crm.models import Account, Contact, Deal, Vendor
from core.sync.worker import drain
from core.testing import csrf_from
from plugins.invoice.models import Estimate, Invoice
from tests.books.context_helpers import Statements, insert_docs, panel, panel_keys, profile_without
from tests.invoice.conftest import create_doc, invoice_finance_id, invoice_org

INVOICE_LISTS = ["invoice_invoices", "invoice_estimates"]
BOOKS_LISTS = ["books_invoices", "books_estimates", "books_salesorders"]


def lists_of(html: str, prefix: str) -> list[str]:
    return [k for k in panel_keys(html) if k.startswith(prefix)]


def refresh(web, module: str, record_id: int, key: str, token: str):
    return web.post(f"/m/{module}/{record_id}/related/{key}/refresh", data={"csrf_token": token},
                    headers={"X-Requested-With": "fetch"})


@pytest.mark.parametrize("parent", ["accounts", "contacts"])
def test_i1_account_and_contact_pages_list_their_invoice_documents(parent, crm, invoice_api, client_for):
    record = crm["account"] if parent == "accounts" else crm["contact"]
    field = "account_id" if parent == "accounts" else "contact_id"
    docs = {kind: create_doc(invoice_api, kind, **{field: record.id}) for kind in ("invoices", "estimates")}
    stranger = create_doc(invoice_api, "invoices", account_id=Account.create(tenant=crm["tenant"], name="Other").id)
    html = client_for(crm["admin"]).get(f"/m/{parent}/{record.id}").get_data(as_text=True)
    assert lists_of(html, "invoice_") == INVOICE_LISTS
    assert "Invoice: Invoices" in html and "Invoice: Estimates" in html
    for kind, doc in docs.items():
        body = panel(html, f"invoice_{kind}")
        assert f'href="/m/invoice/{kind}/{doc["id"]}"' in body and '<span class="count">1</span>' in body
        assert f'<a href="/m/invoice/{kind}/{doc["id"]}/pdf">PDF</a>' in body  # the core's PDF row link
        assert f'action="/m/{parent}/{record.id}/related/invoice_{kind}/refresh" data-related-refresh' in body
    assert f'/m/invoice/invoices/{stranger["id"]}"' not in html


def test_i1_no_invoice_lists_on_deals_or_vendors(crm, client_for):
    web = client_for(crm["admin"])
    assert lists_of(web.get(f"/m/deals/{crm['deal'].id}").get_data(as_text=True), "invoice_") == []
    assert lists_of(web.get(f"/m/vendors/{crm['vendor'].id}").get_data(as_text=True), "invoice_") == []


@pytest.mark.parametrize("parent, kind, expected", [
    ("accounts", "invoices", lambda c: {"account_id": c["account"].id}),
    ("contacts", "estimates", lambda c: {"contact_id": c["contact"].id, "account_id": c["account"].id}),
])
def test_i1_new_button_opens_the_invoice_form_with_the_parent_filled_in(crm, client_for, parent, kind, expected):
    web = client_for(crm["admin"])
    record = crm["account"] if parent == "accounts" else crm["contact"]
    body = panel(web.get(f"/m/{parent}/{record.id}").get_data(as_text=True), f"invoice_{kind}")
    href = body.split('class="btn btn-small" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    url = urlsplit(href)
    assert url.path == f"/m/invoice/{kind}/new"
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert params.pop("next") == f"/m/{parent}/{record.id}"
    assert params == {k: str(v) for k, v in expected(crm).items()}
    form = web.get(href).get_data(as_text=True)
    assert 'id="lines"' in form  # the core's line editor
    for value in expected(crm).values():
        assert f'<option value="{value}" selected>' in form


def test_i1_refresh_pulls_a_payment_from_the_invoice_application(crm, invoice_api, client_for, registry):
    tenant = crm["tenant"]
    doc = create_doc(invoice_api, "invoices", account_id=crm["account"].id, due_date="2099-12-31")
    invoice_api.post(f"/api/v1/invoice/invoices/{doc['id']}/actions/mark_sent")
    drain(registry)
    web = client_for(crm["admin"])
    page = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert "Sent" in panel(page, "invoice_invoices") and "Paid" not in panel(page, "invoice_invoices")
    invoice_org(tenant).record_payment(invoice_finance_id(tenant, "invoice/invoices", doc["id"]), doc["total"])
    response = refresh(web, "accounts", crm["account"].id, "invoice_invoices", csrf_from(page))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="panel related" id="related-invoice_invoices"')
    assert "Paid" in html and "related-error" not in html
    assert Invoice.get_by_id(doc["id"]).status == "paid"


def test_i1_statements_of_the_account_page_do_not_grow_with_its_invoice_documents(crm, client_for):
    tenant = crm["tenant"]
    few, many = crm["account"], Account.create(tenant=tenant, name="Big customer")
    for model in (Invoice, Estimate):
        insert_docs(model, tenant, 1, account_id=few.id)
        insert_docs(model, tenant, 70, account_id=many.id)
    web = client_for(crm["admin"])
    counts = []
    for account in (few, many):
        web.get(f"/m/accounts/{account.id}")  # warm up
        with Statements() as statements:
            html = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
        counts.append(statements.count)
    assert counts[0] == counts[1], counts
    assert '<span class="count">70</span>' in panel(html, "invoice_invoices")
    assert panel(html, "invoice_invoices").count("<tr>") == 51  # the header and the newest 50


@pytest.mark.parametrize("apps", [("invoice",), ("books",), ("books", "invoice")], ids="+".join)
def test_i1_invoice_only_books_only_or_both_each_tab_and_list_distinct(apps, make_tenant, make_user, api_for,
                                                                      client_for, registry):
    tenant = make_tenant(apps=apps)
    account = Account.create(tenant=tenant, name="Shared customer")
    contact = Contact.create(tenant=tenant, first_name="Eve", last_name="Both", account=account)
    admin = make_user(tenant)
    api, web = api_for(admin), client_for(admin)
    made = {}
    for app in apps:
        for kind in ("invoices", "estimates"):
            response = api.post(f"/api/v1/{app}/{kind}", json={
                "account_id": account.id, "contact_id": contact.id,
                "line_items": [{"description": f"{app} {kind}", "quantity": "1", "rate": "10"}]})
            assert response.status_code == 201, response.get_json()
            made[app, kind] = response.get_json()["id"]
    for app in {"books", "invoice"} - set(apps):
        assert api.get(f"/api/v1/{app}/invoices").status_code == 404
    drain(registry)
    home = web.get("/").get_data(as_text=True)
    assert ('data-tab="invoice"' in home) == ("invoice" in apps)
    assert ('data-tab="books"' in home) == ("books" in apps)
    for parent, record in (("accounts", account), ("contacts", contact)):
        html = web.get(f"/m/{parent}/{record.id}").get_data(as_text=True)
        assert lists_of(html, "invoice_") == (INVOICE_LISTS if "invoice" in apps else [])
        assert lists_of(html, "books_") == (BOOKS_LISTS if "books" in apps else [])
        for (app, kind), doc_id in made.items():
            body = panel(html, f"{app}_{kind}")
            assert f'href="/m/{app}/{kind}/{doc_id}"' in body
            assert '<span class="count">1</span>' in body  # only its own app's document
            other = "books" if app == "invoice" else "invoice"
            assert f"/m/{other}/" not in body
    for (app, kind), doc_id in made.items():
        number = api.get(f"/api/v1/{app}/{kind}/{doc_id}").get_json()["number"]
        assert number, (app, kind)
        listed = api.get(f"/api/v1/{app}/{kind}").get_json()
        assert [d["id"] for d in listed["data"]] == [doc_id]


def test_p1_without_invoice_access_no_tab_list_refresh_or_api(crm, invoice_api, client_for, api_for, make_user):
    tenant = crm["tenant"]
    doc = create_doc(invoice_api, "invoices", account_id=crm["account"].id)
    clerk = make_user(tenant, profile_without(tenant, "No Invoice", "app.invoice"))
    web = client_for(clerk)
    account_url = f"/m/accounts/{crm['account'].id}"
    assert lists_of(client_for(crm["admin"]).get(account_url).get_data(as_text=True), "invoice_") == INVOICE_LISTS
    html = web.get(account_url).get_data(as_text=True)
    assert lists_of(html, "invoice_") == [] and "Invoice: " not in html
    assert lists_of(html, "books_") == BOOKS_LISTS  # Books unchanged
    assert 'data-tab="invoice"' not in html and 'data-tab="books"' in html
    assert lists_of(web.get(f"/m/contacts/{crm['contact'].id}").get_data(as_text=True), "invoice_") == []
    assert refresh(web, "accounts", crm["account"].id, "invoice_invoices", csrf_from(html)).status_code == 404
    assert web.get(f"/m/invoice/invoices/{doc['id']}").status_code == 403
    clerk_api = api_for(clerk)
    assert clerk_api.get(f"/api/v1/invoice/invoices/{doc['id']}").status_code == 403
    related = clerk_api.get(f"/api/v1/accounts/{crm['account'].id}/related").get_json()
    assert [r["key"] for r in related if r["key"].startswith("invoice_")] == []


def test_p1_module_permission_hides_one_invoice_list_and_a_new_button(crm, client_for, make_user):
    tenant = crm["tenant"]
    name = profile_without(tenant, "No Invoice invoices", "invoice/invoices.view", "invoice/estimates.create")
    html = client_for(make_user(tenant, name)).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert lists_of(html, "invoice_") == ["invoice_estimates"]
    assert "+ New" not in panel(html, "invoice_estimates")


def test_p1_tenant_without_invoice_shows_none_of_it(make_tenant, make_user, client_for):
    tenant = make_tenant(apps=("expense",))
    account = Account.create(tenant=tenant, name="No Invoice here")
    Deal.create(tenant=tenant, name="d", account=account)
    Vendor.create(tenant=tenant, name="v")
    web = client_for(make_user(tenant))
    html = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert lists_of(html, "invoice_") == [] and 'data-tab="invoice"' not in html
    assert web.get("/tab/invoice").status_code == 404
    assert refresh(web, "accounts", account.id, "invoice_invoices", csrf_from(html)).status_code == 404
