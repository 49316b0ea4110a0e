"""V1: packages made by the finance application for confirmed sales orders are imported by the
pull (with their sales order, customer and items), follow its shipment on later pulls, are never
imported twice nor for customers we do not know, and are read-only in the CRM."""
from __future__ import annotations

from core.crm.models import Account
from core.finance.local.service import LocalFinance
from core.sync.jobs import pull
from core.sync.worker import drain
from plugins.inventory.models import Package
from tests.books.context_helpers import create_doc, panel
from tests.inventory.helpers import URL, finance, finance_id, finance_order, packed, push_master


def _books_order(api, registry, crm) -> dict:
    """A sales order made in Books for the account (2 widgets, 1 consulting), confirmed."""
    order = create_doc(api, "salesorders", account_id=crm["account"].id, line_items=[
        {"product_id": crm["product"].id, "quantity": "2"}, {"name": "Consulting", "quantity": "1", "rate": "50"}])
    assert api.post(f"/api/v1/books/salesorders/{order['id']}/actions/convert_to_open").status_code == 200
    drain(registry)
    return api.get(f"/api/v1/books/salesorders/{order['id']}").get_json()


def test_v1_package_of_a_books_sales_order_is_imported_by_the_pull(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    order = _books_order(api, registry, crm)
    assert api.get(URL).get_json()["data"] == []
    package = packed(registry, tenant, order["finance_id"])
    listed = api.get(URL).get_json()["data"]
    assert len(listed) == 1
    seen = listed[0]
    assert (seen["number"], seen["salesorder_id"], seen["salesorder_number"]) == (
        package["package_number"], order["id"], order["number"])
    assert (seen["account_id"], seen["contact_id"], seen["date"], seen["status"]) == (
        crm["account"].id, None, "2026-03-03", "not_shipped")
    assert seen["items"] == [{"name": "Widget", "quantity": "2"}, {"name": "Consulting", "quantity": "1"}]
    assert seen["items_summary"] == "Widget × 2, Consulting × 1"
    assert (seen["carrier"], seen["tracking_number"], seen["shipment_date"]) == ("", "", None)
    assert api.get(f"{URL}/{seen['id']}").get_json() == seen
    assert [p["id"] for p in api.get(f"{URL}?salesorder_id={order['id']}").get_json()["data"]] == [seen["id"]]


def test_v1_shipment_and_delivery_come_back_with_later_pulls_without_duplicates(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    order = _books_order(api, registry, crm)
    package = packed(registry, tenant, order["finance_id"])
    fin = finance(tenant)
    fin.ship_package(package["id"], "UPS", "1Z999", "2026-03-04")
    pull(registry, tenant)
    seen = api.get(URL).get_json()["data"]
    assert len(seen) == 1
    assert (seen[0]["status"], seen[0]["carrier"], seen[0]["tracking_number"], seen[0]["shipment_date"]) == (
        "shipped", "UPS", "1Z999", "2026-03-04")
    fin.deliver_package(package["id"], "2026-03-06")
    pull(registry, tenant)
    pull(registry, tenant)  # nothing new: nothing changes, nothing is added
    seen = api.get(URL).get_json()["data"]
    assert [(p["status"], p["delivered_date"]) for p in seen] == [("delivered", "2026-03-06")]
    assert Package.scoped(tenant).count() == 1


def test_v1_every_package_of_an_order_once_even_when_pulls_overlap(crm, api_for, registry):
    """Two packages of one order (packed in two goes); pulls re-read an overlap window."""
    tenant, api = crm["tenant"], api_for(crm["admin"])
    order = _books_order(api, registry, crm)
    first = packed(registry, tenant, order["finance_id"])
    drain(registry)
    fin = finance(tenant)
    assert fin.get("packages", first["id"])["status"] == "not_shipped"
    for _ in range(3):
        pull(registry, tenant)
    assert Package.scoped(tenant).count() == 1
    second = fin.create_package(finance_order(tenant, finance_id(tenant, "accounts", crm["account"].id),
                                              [("Bolt", "5")])["id"])
    pull(registry, tenant)
    pull(registry, tenant)
    numbers = sorted(p["number"] for p in api.get(URL).get_json()["data"])
    assert numbers == sorted([first["package_number"], second["package_number"]])


def test_v1_inventory_alone_imports_packages_of_orders_made_in_the_finance_application(solo, api_for, registry):
    """No Books: the sales order is the finance application's own; its number is kept."""
    tenant, api = solo["tenant"], api_for(solo["admin"])
    push_master(registry, tenant)
    customer = finance_id(tenant, "contacts", solo["contact"].id)
    order = finance_order(tenant, customer, [("Crate", "3")], finance_id(tenant, "products", solo["product"].id))
    packed(registry, tenant, order["id"])
    seen = api.get(URL).get_json()["data"]
    assert [(p["salesorder_id"], p["salesorder_number"], p["account_id"], p["contact_id"], p["items_summary"])
            for p in seen] == [(None, order["salesorder_number"], None, solo["contact"].id, "Crate × 3")]


def test_v1_packages_of_customers_we_do_not_know_are_not_imported(solo, api_for, registry, make_tenant):
    tenant, api = solo["tenant"], api_for(solo["admin"])
    push_master(registry, tenant)
    fin = finance(tenant)
    stranger = fin.create("contacts", {"contact_name": "Walk-in customer", "contact_type": "customer",
                                       "crm_id": "elsewhere:walk-in"})
    packed(registry, tenant, finance_order(tenant, stranger["id"], [("Crate", "1")])["id"])
    assert api.get(URL).get_json()["data"] == [] and Package.scoped(tenant).count() == 0
    # another tenant's organisation: its packages never reach this tenant
    other = make_tenant(apps=("inventory",))
    Account.create(tenant=other, name="Theirs")
    push_master(registry, other)
    theirs = LocalFinance(other.slug).list_changed("contacts", None)
    packed(registry, other, finance_order(other, next(iter(theirs))["id"], [("Crate", "4")])["id"])
    pull(registry, tenant)
    assert Package.scoped(tenant).count() == 0 and Package.scoped(other).count() == 1


def test_v1_packages_are_read_only(crm, api_for, registry, client_for):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    order = _books_order(api, registry, crm)
    packed(registry, tenant, order["finance_id"])
    package = api.get(URL).get_json()["data"][0]
    assert api.post(URL, json={"number": "PKG-X"}).status_code == 405
    assert api.patch(f"{URL}/{package['id']}", json={"status": "delivered"}).status_code == 405
    assert api.delete(f"{URL}/{package['id']}").status_code == 405
    assert api.get(f"{URL}/{package['id']}").get_json()["status"] == "not_shipped"
    web = client_for(crm["admin"])
    page = web.get(f"/m/inventory/packages/{package['id']}").get_data(as_text=True)
    assert package["number"] in page and "Widget × 2, Consulting × 1" in page and "Not shipped" in page
    assert f'href="/m/books/salesorders/{order["id"]}"' in page  # its Books sales order, linked
    assert f"/m/inventory/packages/{package['id']}/edit" not in page and ">Delete<" not in page
    assert web.get("/m/inventory/packages/new").status_code in (403, 404, 405)
    assert web.get(f"/m/inventory/packages/{package['id']}/edit").status_code in (403, 404, 405)


def test_v1_without_books_the_sales_order_is_not_linked(solo, api_for, registry):
    """A Books sales order mapping is used only when the tenant has Books."""
    tenant, api = solo["tenant"], api_for(solo["admin"])
    push_master(registry, tenant)
    order = finance_order(tenant, finance_id(tenant, "accounts", solo["account"].id), [("Crate", "2")])
    packed(registry, tenant, order["id"])
    assert [(p["salesorder_id"], p["account_id"]) for p in api.get(URL).get_json()["data"]] == [
        (None, solo["account"].id)]


def test_v1_demo_pull_imports_the_finance_demo_packages(make_tenant, make_user, registry, api_for):
    from core.demo import load_demo, sync_demo
    tenant = make_tenant()
    admin = make_user(tenant)
    load_demo(registry, tenant, [admin, make_user(tenant, profile="Standard")])
    sync_demo(registry, tenant)
    made = list(LocalFinance(tenant.slug).list_changed("packages", None))
    seen = api_for(admin).get(f"{URL}?per_page=100").get_json()["data"]
    assert made and len(seen) == len(made)
    assert {p["status"] for p in seen} == {"not_shipped", "shipped", "delivered"}
    assert all(p["salesorder_id"] and p["account_id"] and p["items"] for p in seen)


def test_v1_package_of_a_contacts_order_shows_on_the_contact_and_its_account(crm, api_for, client_for, registry):
    """The order was made from the contact's page (its account filled in): the finance customer
    is the contact, and the package has the order's account and contact, as the order has."""
    tenant, api = crm["tenant"], api_for(crm["admin"])
    order = create_doc(api, "salesorders", account_id=crm["account"].id, contact_id=crm["contact"].id,
                       line_items=[{"name": "Crate", "quantity": "3", "rate": "10"}])
    api.post(f"/api/v1/books/salesorders/{order['id']}/actions/convert_to_open")
    drain(registry)
    order = api.get(f"/api/v1/books/salesorders/{order['id']}").get_json()
    package = packed(registry, tenant, order["finance_id"])
    [seen] = api.get(URL).get_json()["data"]
    assert (seen["number"], seen["account_id"], seen["contact_id"]) == (
        package["package_number"], crm["account"].id, crm["contact"].id)
    web = client_for(crm["admin"])
    for module, record in (("accounts", crm["account"]), ("contacts", crm["contact"])):
        body = panel(web.get(f"/m/{module}/{record.id}").get_data(as_text=True), "inventory_packages")
        assert package["package_number"] in body, module
