"""P1: Inventory's list, strip and product section appear only to users whose profile has Inventory
access; a tenant without Inventory sees none of it, imports no packages, and its Books pages are
as they were."""
from __future__ import annotations

from core.crm.models import Account, Product
from core.sync.jobs import pull
from core.sync.worker import drain
from core.tenancy import set_enabled
from core.testing import csrf_from
from plugins.inventory.models import Package
from tests.books.context_helpers import create_doc, panel, panel_keys, profile_without
from tests.books.context_helpers import finance as books_finance
from tests.inventory.helpers import URL, finance, finance_id, packed, push_master, sections, strip

BOOKS_LISTS = ["books_invoices", "books_estimates", "books_salesorders"]


def _packed_books_order(api, registry, crm) -> dict:
    order = create_doc(api, "salesorders", account_id=crm["account"].id,
                       line_items=[{"product_id": crm["product"].id, "quantity": "2"}])
    api.post(f"/api/v1/books/salesorders/{order['id']}/actions/convert_to_open")
    drain(registry)
    order = api.get(f"/api/v1/books/salesorders/{order['id']}").get_json()
    books = books_finance(crm["tenant"])
    books.adjust_stock(finance_id(crm["tenant"], "products", crm["product"].id, "books"), 10)
    packed(registry, crm["tenant"], order["finance_id"])
    return order


def _refresh(web, module: str, record_id: int, token: str):
    return web.post(f"/m/{module}/{record_id}/related/inventory_packages/refresh", data={"csrf_token": token},
                    headers={"X-Requested-With": "fetch"})


def test_p1_without_inventory_access_no_list_strip_section_or_refresh(crm, api_for, client_for, make_user,
                                                                      registry):
    tenant = crm["tenant"]
    _packed_books_order(api_for(crm["admin"]), registry, crm)
    push_master(registry, tenant)
    pull(registry, tenant)
    admin = client_for(crm["admin"])
    clerk_user = make_user(tenant, profile_without(tenant, "No Inventory", "app.inventory"))
    clerk = client_for(clerk_user)
    account_url = f"/m/accounts/{crm['account'].id}"
    control = admin.get(account_url).get_data(as_text=True)
    assert panel(control, "inventory_packages") is not None and strip(control)  # the control
    html = clerk.get(account_url).get_data(as_text=True)
    assert panel(html, "inventory_packages") is None and strip(html) == {}
    assert [k for k in panel_keys(html) if k.startswith("books_")] == BOOKS_LISTS  # Books' stay
    assert "Items ordered" not in html and "Shipments in progress" not in html
    contact = clerk.get(f"/m/contacts/{crm['contact'].id}").get_data(as_text=True)
    assert panel(contact, "inventory_packages") is None and strip(contact) == {}
    # the product page: Books' own stock section comes back for a user who cannot see Inventory's
    product = clerk.get(f"/m/products/{crm['product'].id}").get_data(as_text=True)
    assert sections(product) == [{"Stock on hand": "8", "Committed": "0", "Available": "8"}]
    assert _refresh(clerk, "accounts", crm["account"].id, csrf_from(html)).status_code == 404
    api = api_for(clerk_user)
    assert api.get(URL).status_code == 403
    related = api.get(f"/api/v1/accounts/{crm['account'].id}/related").get_json()
    assert "inventory_packages" not in [r["key"] for r in related]
    strips = api.get(f"/api/v1/accounts/{crm['account'].id}/strips").get_json()
    assert "inventory_finance" not in [s["key"] for s in strips]


def test_p1_without_the_packages_view_permission_no_list_but_the_strip_stays(crm, client_for, make_user):
    tenant = crm["tenant"]
    web = client_for(make_user(tenant, profile_without(tenant, "No packages", "inventory/packages.view")))
    html = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert panel(html, "inventory_packages") is None
    assert strip(html) == {"Items ordered": "Not synced yet", "Shipments in progress": "0"}


def test_p1_a_user_with_inventory_access_sees_list_strip_and_section_in_the_api(crm, api_for, registry):
    api = api_for(crm["admin"])
    _packed_books_order(api, registry, crm)
    related = {r["key"]: r for r in api.get(f"/api/v1/accounts/{crm['account'].id}/related").get_json()}
    packages = related["inventory_packages"]
    assert (packages["module"], packages["can_create"], packages["total"]) == ("inventory/packages", False, 1)
    strips = {s["key"]: s for s in api.get(f"/api/v1/accounts/{crm['account'].id}/strips").get_json()}
    assert [i["label"] for i in strips["inventory_finance"]["items"]] == ["Items ordered", "Shipments in progress"]


def test_p1_tenant_without_inventory_sees_none_of_it_and_imports_nothing(make_tenant, make_user, client_for,
                                                                         api_for, registry):
    tenant = make_tenant(apps=("books",))
    account = Account.create(tenant=tenant, name="Books only")
    product = Product.create(tenant=tenant, name="Gadget", unit_price=5)
    admin = make_user(tenant)
    api = api_for(admin)
    crm = {"tenant": tenant, "account": account, "product": product}
    order = _packed_books_order(api, registry, crm)
    assert Package.scoped(tenant).count() == 0  # the finance application packed it; nobody imports it
    web = client_for(admin)
    html = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert panel_keys(html).count("inventory_packages") == 0 and strip(html) == {}
    assert [k for k in panel_keys(html) if k.startswith("books_")] == BOOKS_LISTS
    assert f'href="/m/books/salesorders/{order["id"]}"' in panel(html, "books_salesorders")
    assert "Packages" not in html and "Items ordered" not in html
    push_master(registry, tenant)
    pull(registry, tenant)
    page = web.get(f"/m/products/{product.id}").get_data(as_text=True)
    assert sections(page) == [{"Stock on hand": "8", "Committed": "0", "Available": "8"}]  # Books' own
    assert api.get(URL).status_code == 404
    assert web.get("/m/inventory/packages/").status_code == 404
    assert _refresh(web, "accounts", account.id, csrf_from(html)).status_code == 404


def test_p1_disabling_inventory_hides_its_packages_and_gives_books_its_section_back(crm, api_for, client_for,
                                                                                   registry):
    tenant = crm["tenant"]
    _packed_books_order(api_for(crm["admin"]), registry, crm)
    assert finance(tenant).list_changed("packages", None) and Package.scoped(tenant).count() == 1
    set_enabled(registry, tenant, "inventory", False)
    web = client_for(crm["admin"])
    html = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert panel(html, "inventory_packages") is None and strip(html) == {}
    assert [k for k in panel_keys(html) if k.startswith("books_")] == BOOKS_LISTS
    assert len(sections(web.get(f"/m/products/{crm['product'].id}").get_data(as_text=True))) == 1
    assert api_for(crm["admin"]).get(URL).status_code == 404
