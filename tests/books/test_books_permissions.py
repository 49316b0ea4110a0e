"""P1: the Books related lists, strip and product section appear only to users whose profile has
Books access (and the module's view permission), and only in tenants that enabled Books."""
from __future__ import annotations

from core.crm.models import Account, Product
from core.sync.jobs import start_push
from core.sync.worker import drain
from core.testing import csrf_from
from tests.books.context_helpers import (  # noqa: F401  (fixtures)
    create_doc, crm, panel, panel_keys, profile_without,
)
from tests.books.test_finance_strip import section, strip

BOOKS_LISTS = ["books_invoices", "books_estimates", "books_salesorders"]


def books_panels(html: str) -> list[str]:
    return [k for k in panel_keys(html) if k.startswith("books_")]


def refresh(web, module: str, record_id: int, key: str, token: str):
    return web.post(f"/m/{module}/{record_id}/related/{key}/refresh", data={"csrf_token": token},
                    headers={"X-Requested-With": "fetch"})


def test_p1_without_books_access_no_list_strip_section_or_refresh(crm, api_for, client_for, make_user, registry):
    tenant = crm["tenant"]
    create_doc(api_for(crm["admin"]), "invoices", account_id=crm["account"].id)
    start_push(registry, tenant, "contacts")
    start_push(registry, tenant, "products")
    drain(registry)
    # without Inventory access too: Inventory shows its own stock section on product pages (V1)
    admin, clerk = client_for(crm["admin"]), client_for(make_user(tenant, profile_without(
        tenant, "No Books", "app.books", "app.inventory")))
    account_url = f"/m/accounts/{crm['account'].id}"
    assert books_panels(admin.get(account_url).get_data(as_text=True)) == BOOKS_LISTS  # the control
    html = clerk.get(account_url).get_data(as_text=True)
    assert "contacts" in panel_keys(html)  # the CRM's own lists stay
    assert books_panels(html) == [] and strip(html) == {} and "Books:" not in html
    contact = clerk.get(f"/m/contacts/{crm['contact'].id}").get_data(as_text=True)
    assert books_panels(contact) == [] and strip(contact) == {}
    assert books_panels(clerk.get(f"/m/vendors/{crm['vendor'].id}").get_data(as_text=True)) == []
    assert books_panels(clerk.get(f"/m/deals/{crm['deal'].id}").get_data(as_text=True)) == []
    product = clerk.get(f"/m/products/{crm['product'].id}").get_data(as_text=True)
    assert section(product) == {} and section(admin.get(f"/m/products/{crm['product'].id}").get_data(
        as_text=True)) == {"Stock on hand": "0", "Committed": "0", "Available": "0"}
    assert refresh(clerk, "accounts", crm["account"].id, "books_invoices", csrf_from(html)).status_code == 404
    clerk_api = api_for(make_user(tenant, "No Books"))
    related = clerk_api.get(f"/api/v1/accounts/{crm['account'].id}/related").get_json()
    assert [r["key"] for r in related if r["key"].startswith("books_")] == []
    strips = clerk_api.get(f"/api/v1/accounts/{crm['account'].id}/strips").get_json()
    assert "books_finance" not in [s["key"] for s in strips]


def test_p1_module_permissions_hide_one_list_and_its_new_button(crm, client_for, make_user):
    tenant = crm["tenant"]
    name = profile_without(tenant, "No invoices", "books/invoices.view", "books/estimates.create")
    web = client_for(make_user(tenant, name))
    html = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert books_panels(html) == ["books_estimates", "books_salesorders"]
    assert "+ New" not in panel(html, "books_estimates") and "+ New" in panel(html, "books_salesorders")
    assert strip(html) == {"Receivables": "Not synced yet"}  # Books access: the strip stays
    assert refresh(web, "accounts", crm["account"].id, "books_invoices", csrf_from(html)).status_code == 404


def test_p1_refresh_needs_view_permission_on_the_record(crm, client_for, make_user):
    tenant = crm["tenant"]
    web = client_for(make_user(tenant, profile_without(tenant, "No accounts", "accounts.view")))
    token = csrf_from(web.get(f"/m/contacts/{crm['contact'].id}").get_data(as_text=True))
    assert web.get(f"/m/accounts/{crm['account'].id}").status_code == 403
    assert refresh(web, "accounts", crm["account"].id, "books_invoices", token).status_code == 403


def test_p1_tenant_without_books_shows_none_of_it(make_tenant, make_user, client_for):
    tenant = make_tenant(apps=("expense",))
    account = Account.create(tenant=tenant, name="No Books here")
    product = Product.create(tenant=tenant, name="Gadget")
    web = client_for(make_user(tenant))
    html = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert books_panels(html) == [] and strip(html) == {}
    assert section(web.get(f"/m/products/{product.id}").get_data(as_text=True)) == {}
    assert refresh(web, "accounts", account.id, "books_invoices", csrf_from(html)).status_code == 404
