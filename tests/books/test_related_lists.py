"""B3: the Books related lists on account, contact, deal and vendor pages (purchase orders only
for vendors), their New button, PDF row links, and the refresh icon that pulls from the finance
application and answers the re-rendered panel."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from core.crm.models import Account
from core.sync.connections import configure
from core.sync.models import SyncRun
from core.sync.worker import drain
from core.testing import csrf_from
from plugins.books.models import Invoice
from tests.books.context_helpers import (  # noqa: F401  (fixtures)
    Statements, create_doc, crm, finance, finance_id, free_port, insert_docs, panel, panel_keys,
)

CUSTOMER_LISTS = ["books_invoices", "books_estimates", "books_salesorders"]
PARENT_FIELD = {"accounts": "account_id", "contacts": "contact_id", "deals": "deal_id"}


def _parent(crm, module: str):
    return crm[{"accounts": "account", "contacts": "contact", "deals": "deal"}[module]]


@pytest.mark.parametrize("module", ["accounts", "contacts", "deals"])
def test_b3_customer_pages_list_their_invoices_estimates_and_sales_orders_but_no_purchase_orders(
        crm, api_for, client_for, module):
    api = api_for(crm["admin"])
    parent = _parent(crm, module)
    fields = {PARENT_FIELD[module]: parent.id}
    if module == "deals":
        fields["account_id"] = crm["account"].id  # a deal's document still has a customer
    docs = {kind: create_doc(api, kind, **fields) for kind in ("invoices", "estimates", "salesorders")}
    other = Account.create(tenant=crm["tenant"], name="Someone else")
    stranger = create_doc(api, "invoices", account_id=other.id)
    order = create_doc(api, "purchaseorders", vendor_id=crm["vendor"].id)
    html = client_for(crm["admin"]).get(f"/m/{module}/{parent.id}").get_data(as_text=True)
    assert [k for k in panel_keys(html) if k.startswith("books_")] == CUSTOMER_LISTS
    for kind, doc in docs.items():
        body = panel(html, f"books_{kind}")
        assert f'href="/m/books/{kind}/{doc["id"]}"' in body
        assert '<span class="count">1</span>' in body
    assert f'/m/books/invoices/{stranger["id"]}"' not in html
    assert f'/m/books/purchaseorders/{order["id"]}"' not in html
    assert "Books: Invoices" in html and "Books: Sales Orders" in html


def test_b3_vendor_page_lists_only_its_purchase_orders(crm, api_for, client_for):
    api = api_for(crm["admin"])
    order = create_doc(api, "purchaseorders", vendor_id=crm["vendor"].id)
    create_doc(api, "invoices", account_id=crm["account"].id)
    html = client_for(crm["admin"]).get(f"/m/vendors/{crm['vendor'].id}").get_data(as_text=True)
    assert [k for k in panel_keys(html) if k.startswith("books_")] == ["books_purchaseorders"]
    assert f'href="/m/books/purchaseorders/{order["id"]}"' in panel(html, "books_purchaseorders")
    account_page = client_for(crm["admin"]).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert panel(account_page, "books_purchaseorders") is None


@pytest.mark.parametrize("module, kind, expected", [
    ("accounts", "invoices", lambda c: {"account_id": c["account"].id}),
    ("contacts", "estimates", lambda c: {"contact_id": c["contact"].id, "account_id": c["account"].id}),
    ("deals", "salesorders", lambda c: {"deal_id": c["deal"].id, "account_id": c["account"].id,
                                        "contact_id": c["contact"].id}),
    ("vendors", "purchaseorders", lambda c: {"vendor_id": c["vendor"].id}),
])
def test_b3_new_button_opens_the_form_with_the_parent_filled_in(crm, client_for, module, kind, expected):
    web = client_for(crm["admin"])
    parent = crm["vendor"] if module == "vendors" else _parent(crm, module)
    html = web.get(f"/m/{module}/{parent.id}").get_data(as_text=True)
    body = panel(html, f"books_{kind}")
    href = body.split('class="btn btn-small" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    url = urlsplit(href)
    assert url.path == f"/m/books/{kind}/new"
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert params.pop("next") == f"/m/{module}/{parent.id}"
    assert params == {k: str(v) for k, v in expected(crm).items()}
    form = web.get(href).get_data(as_text=True)
    for field, value in expected(crm).items():
        assert f'<option value="{value}" selected>' in form or f'name="{field}" type="text" inputmode="decimal" ' \
            f'value="{value}"' in form, field


def test_b3_newest_first_at_most_50_rows_with_the_full_count(crm, client_for):
    insert_docs(Invoice, crm["tenant"], 60, account_id=crm["account"].id)
    html = client_for(crm["admin"]).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    body = panel(html, "books_invoices")
    assert '<span class="count">60</span>' in body
    assert body.count("<tr>") == 51  # the header and 50 rows
    numbers = [n for n in body.split(">N-")[1:]]
    assert [n[:5] for n in numbers[:3]] == ["00059", "00058", "00057"]
    assert "N-00009" not in body  # the 10 oldest are beyond the 50


def test_b3_pdf_row_link_on_every_row(crm, api_for, client_for):
    doc = create_doc(api_for(crm["admin"]), "invoices", account_id=crm["account"].id)
    html = client_for(crm["admin"]).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    body = panel(html, "books_invoices")
    assert f'<td class="row-links"><a href="/m/books/invoices/{doc["id"]}/pdf">PDF</a></td>' in body
    assert client_for(crm["admin"]).get(f"/m/books/invoices/{doc['id']}/pdf").mimetype == "application/pdf"


def test_b3_statements_of_the_account_page_do_not_grow_with_its_documents(crm, client_for, make_user):
    from plugins.books.models import Estimate, SalesOrder
    tenant = crm["tenant"]
    few, many = crm["account"], Account.create(tenant=tenant, name="Big customer")
    for model in (Invoice, Estimate, SalesOrder):
        insert_docs(model, tenant, 1, account_id=few.id)
        insert_docs(model, tenant, 70, account_id=many.id)
    web = client_for(crm["admin"])
    counts = []
    for account in (few, many):
        web.get(f"/m/accounts/{account.id}")  # warm up
        with Statements() as statements:
            assert web.get(f"/m/accounts/{account.id}").status_code == 200
        counts.append(statements.count)
    assert counts[0] == counts[1], counts


def _refresh(web, module: str, record_id: int, key: str, token: str | None, fetch: bool = True):
    headers = {"X-Requested-With": "fetch"} if fetch else {}
    data = {"csrf_token": token} if token else {}
    return web.post(f"/m/{module}/{record_id}/related/{key}/refresh", data=data, headers=headers)


def _synced_sent_invoice(crm, api_for, registry) -> dict:
    api = api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id, due_date="2099-12-31")
    drain(registry)
    response = api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent")
    assert response.status_code == 200, response.get_json()
    drain(registry)
    return doc


def test_b3_refresh_pulls_a_payment_made_in_the_finance_application_and_answers_the_panel(
        crm, api_for, client_for, registry):
    doc = _synced_sent_invoice(crm, api_for, registry)
    web = client_for(crm["admin"])
    page = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert "Sent" in panel(page, "books_invoices") and "Paid" not in panel(page, "books_invoices")
    finance(crm["tenant"]).record_payment(finance_id(crm["tenant"], "books/invoices", doc["id"]), doc["total"])
    response = _refresh(web, "accounts", crm["account"].id, "books_invoices", csrf_from(page))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="panel related" id="related-books_invoices"')
    assert "Paid" in html and f'href="/m/books/invoices/{doc["id"]}"' in html
    assert "<html" not in html and "related-error" not in html
    assert Invoice.get_by_id(doc["id"]).status == "paid"


def test_b3_refresh_without_fetch_redirects_back_to_the_record(crm, client_for):
    web = client_for(crm["admin"])
    page = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    response = _refresh(web, "accounts", crm["account"].id, "books_invoices", csrf_from(page), fetch=False)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/m/accounts/{crm['account'].id}#related-books_invoices")
    assert "refreshed from the finance application" in web.get(response.headers["Location"]).get_data(as_text=True)


def test_b3_refresh_needs_the_csrf_token(crm, client_for):
    web = client_for(crm["admin"])
    before = SyncRun.select().where(SyncRun.tenant == crm["tenant"]).count()
    response = _refresh(web, "accounts", crm["account"].id, "books_invoices", None)
    assert response.status_code == 400
    assert SyncRun.select().where(SyncRun.tenant == crm["tenant"]).count() == before  # nothing pulled


def test_b3_refresh_of_another_tenants_record_or_an_unknown_list_is_404(crm, client_for, make_tenant):
    other = Account.create(tenant=make_tenant(), name="Not yours")
    web = client_for(crm["admin"])
    token = csrf_from(web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True))
    assert _refresh(web, "accounts", other.id, "books_invoices", token).status_code == 404
    assert _refresh(web, "accounts", crm["account"].id, "books_purchaseorders", token).status_code == 404
    assert _refresh(web, "accounts", crm["account"].id, "contacts", token).status_code == 404  # not refreshable


def test_b3_refresh_with_the_finance_application_down_shows_a_message_in_the_panel(crm, client_for):
    dead = f"http://127.0.0.1:{free_port()}"
    configure(crm["tenant"], "books", "zoho", "org-1", {
        "api_base": dead, "accounts_url": dead, "client_id": "id", "client_secret": "secret",
        "refresh_token": "token", "timeout": 2, "max_retries": 0})
    web = client_for(crm["admin"])
    token = csrf_from(web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True))
    response = _refresh(web, "accounts", crm["account"].id, "books_invoices", token)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="flash flash-error related-error" role="alert"' in html
    assert "Could not reach the finance application" in html
    response = _refresh(web, "accounts", crm["account"].id, "books_invoices", token, fetch=False)
    assert response.status_code == 302
    assert "Could not reach the finance application" in web.get(response.headers["Location"]).get_data(as_text=True)
