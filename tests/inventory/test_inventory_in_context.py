"""V1, V2: the "Packages" list of account and contact pages (no New button, refreshed in place),
the account's "Items ordered" and "Shipments in progress", and the stock of product pages from
Inventory (one stock section when Books is enabled too)."""
from __future__ import annotations

import re

from core.pages import product_sections
from core.sync.jobs import pull
from core.sync.worker import drain
from core.testing import csrf_from
from tests.books.context_helpers import Statements, create_doc, panel, panel_keys
from tests.inventory.helpers import finance, finance_id, finance_order, packed, push_master, rows, sections, strip

HEADERS = ["Package #", "Sales order", "Date", "Status", "Carrier / tracking"]


def _page(web, module: str, record) -> str:
    response = web.get(f"/m/{module}/{record.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _refresh(web, module: str, record_id: int, token: str):
    return web.post(f"/m/{module}/{record_id}/related/inventory_packages/refresh", data={"csrf_token": token},
                    headers={"X-Requested-With": "fetch"})


def test_v1_packages_list_on_accounts_and_contacts_without_a_new_button(solo, client_for, registry):
    tenant = solo["tenant"]
    push_master(registry, tenant)
    account_order = finance_order(tenant, finance_id(tenant, "accounts", solo["account"].id), [("Crate", "2")])
    contact_order = finance_order(tenant, finance_id(tenant, "contacts", solo["contact"].id), [("Lid", "1")])
    ours = packed(registry, tenant, account_order["id"])
    theirs = packed(registry, tenant, contact_order["id"])
    web = client_for(solo["admin"])
    account_page = _page(web, "accounts", solo["account"])
    body = panel(account_page, "inventory_packages")
    assert body is not None and "inventory_packages" in panel_keys(account_page)
    assert "<h2>Packages" in body and '<span class="count">1</span>' in body
    assert [h.strip() for h in re.findall(r"<th>([^<]*)</th>", body)] == HEADERS
    assert rows(body)[0][:4] == [ours["package_number"], account_order["salesorder_number"], "Mar 3, 2026",
                                 "Not shipped"]
    assert theirs["package_number"] not in body
    assert "+ New" not in body and "/new" not in body and "data-related-refresh" in body
    contact_body = panel(_page(web, "contacts", solo["contact"]), "inventory_packages")
    assert [r[0] for r in rows(contact_body)] == [theirs["package_number"]] and "+ New" not in contact_body


def test_v1_refresh_icon_pulls_a_shipment_and_answers_the_panel(solo, client_for, registry):
    tenant = solo["tenant"]
    push_master(registry, tenant)
    order = finance_order(tenant, finance_id(tenant, "accounts", solo["account"].id), [("Crate", "2")])
    package = packed(registry, tenant, order["id"])
    web = client_for(solo["admin"])
    page = _page(web, "accounts", solo["account"])
    assert rows(panel(page, "inventory_packages"))[0][3:] == ["Not shipped", "—"]
    finance(tenant).ship_package(package["id"], "DHL", "JD0142")
    response = _refresh(web, "accounts", solo["account"].id, csrf_from(page))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="panel related" id="related-inventory_packages"')
    assert rows(html)[0][3:] == ["Shipped", "DHL · JD0142"]


def test_v2_items_ordered_and_shipments_in_progress_on_the_account(solo, client_for, registry):
    tenant = solo["tenant"]
    web = client_for(solo["admin"])
    assert strip(_page(web, "accounts", solo["account"])) == {
        "Items ordered": "Not synced yet", "Shipments in progress": "0"}
    push_master(registry, tenant)
    customer = finance_id(tenant, "accounts", solo["account"].id)
    first = finance_order(tenant, customer, [("Crate", "2"), ("Lid", "1.5")])
    second = finance_order(tenant, customer, [("Crate", "4")])
    finance_order(tenant, finance_id(tenant, "contacts", solo["contact"].id), [("Crate", "9")])  # not the account's
    fin = finance(tenant)
    draft = fin.create("salesorders", {"customer_id": customer, "crm_id": "elsewhere:draft",
                                       "line_items": [{"name": "Crate", "quantity": "100", "rate": "1"}]})
    assert draft["status"] == "draft"  # not confirmed: not counted
    pull(registry, tenant)
    assert strip(_page(web, "accounts", solo["account"])) == {"Items ordered": "7.5", "Shipments in progress": "0"}
    shipped = fin.create_package(first["id"])
    fin.ship_package(shipped["id"], "UPS", "1Z1")
    delivered = fin.create_package(second["id"])
    fin.ship_package(delivered["id"], "UPS", "1Z2")
    fin.deliver_package(delivered["id"])
    fin.action("salesorders", second["id"], "mark_closed")
    pull(registry, tenant)
    assert strip(_page(web, "accounts", solo["account"])) == {"Items ordered": "3.5", "Shipments in progress": "1"}
    assert strip(_page(web, "contacts", solo["contact"])) == {"Items ordered": "9", "Shipments in progress": "0"}


def test_v2_issue_17_item_6_shipments_in_progress_link_to_those_packages(solo, client_for, registry):
    """The figure is a link (its title says what it lists) to the packages it counts: the
    account's shipped ones, not the delivered one nor the contact's."""
    tenant = solo["tenant"]
    push_master(registry, tenant)
    fin = finance(tenant)
    first = finance_order(tenant, finance_id(tenant, "accounts", solo["account"].id), [("Crate", "2")])
    second = finance_order(tenant, finance_id(tenant, "accounts", solo["account"].id), [("Lid", "1")])
    theirs = finance_order(tenant, finance_id(tenant, "contacts", solo["contact"].id), [("Crate", "9")])
    shipped, delivered, contacts = (fin.create_package(o["id"]) for o in (first, second, theirs))
    for package in (shipped, delivered, contacts):
        fin.ship_package(package["id"], "UPS", "1Z")
    fin.deliver_package(delivered["id"])
    pull(registry, tenant)
    web = client_for(solo["admin"])
    account = solo["account"]
    page = _page(web, "accounts", account)
    link = re.search(r'<a class="strip-item" href="([^"]*)" title="Packages shipped, not yet delivered. The '
                     r'customer&#39;s packages shipped, not yet delivered" data-strip-link="Shipments in progress">',
                     page)
    assert link and link.group(1) == f"/m/inventory/packages/?account_id={account.id}&amp;status=shipped"
    listed = web.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert shipped["package_number"] in listed
    assert delivered["package_number"] not in listed and contacts["package_number"] not in listed
    # "Items ordered" is a quantity the finance application reports: no link
    assert 'data-strip-link="Items ordered"' not in page


def test_v1_product_page_shows_stock_from_inventory(solo, client_for, registry):
    tenant, product = solo["tenant"], solo["product"]
    web = client_for(solo["admin"])
    assert sections(_page(web, "products", product)) == [{"Stock on hand": "Not synced yet"}]
    push_master(registry, tenant)
    item = finance_id(tenant, "products", product.id)
    fin = finance(tenant)
    fin.adjust_stock(item, 12)
    finance_order(tenant, finance_id(tenant, "accounts", solo["account"].id), [("Crate", "5")], item)
    pull(registry, tenant)
    assert sections(_page(web, "products", product)) == [
        {"Stock on hand": "12", "Committed": "5", "Available": "7"}]


def test_v1_with_books_and_inventory_one_stock_section(crm, client_for, registry):
    tenant, product = crm["tenant"], crm["product"]
    push_master(registry, tenant)
    finance(tenant).adjust_stock(finance_id(tenant, "products", product.id), 3)
    pull(registry, tenant)
    html = _page(client_for(crm["admin"]), "products", product)
    assert sections(html) == [{"Stock on hand": "3", "Committed": "0", "Available": "3"}]
    shown = product_sections(registry.relay(["books", "inventory"]), product, crm["admin"])
    [inventory] = product_sections(registry.relay(["inventory"]), product, crm["admin"])
    assert [(s.key, s.order) for s in shown] == [(inventory.key, inventory.order)]  # Inventory's, not Books' too


def test_v1_account_page_statements_do_not_grow_with_its_packages(solo, client_for, registry):
    tenant = solo["tenant"]
    push_master(registry, tenant)
    customer = finance_id(tenant, "accounts", solo["account"].id)
    web = client_for(solo["admin"])

    def count() -> int:
        with Statements() as statements:
            _page(web, "accounts", solo["account"])
        return statements.count

    packed(registry, tenant, finance_order(tenant, customer, [("Crate", "1")])["id"])
    few = count()
    fin = finance(tenant)
    for _ in range(12):
        fin.create_package(finance_order(tenant, customer, [("Crate", "1")])["id"])
    pull(registry, tenant)
    drain(registry)
    assert len(rows(panel(_page(web, "accounts", solo["account"]), "inventory_packages"))) == 13
    assert count() == few


def test_v1_books_sales_order_lists_are_unchanged_by_inventory(crm, api_for, client_for, registry):
    """The account's Books lists show the same with Inventory enabled; Inventory's list comes after."""
    api = api_for(crm["admin"])
    order = create_doc(api, "salesorders", account_id=crm["account"].id)
    html = _page(client_for(crm["admin"]), "accounts", crm["account"])
    keys = panel_keys(html)
    assert keys.index("books_salesorders") < keys.index("inventory_packages")
    assert f'href="/m/books/salesorders/{order["id"]}"' in panel(html, "books_salesorders")
    assert "+ New" in panel(html, "books_salesorders") and "+ New" not in panel(html, "inventory_packages")
