"""V1, V2 in a real browser: an account page shows its Packages list (no New button) and the
Inventory strip; after the finance application ships the package, the list's refresh icon pulls
the shipment and redraws the row in place, without reloading the page."""
from __future__ import annotations

import pytest

from core.crm.models import Account, Product
from core.sync.jobs import pull
from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.inventory.helpers import finance, finance_id, finance_order, packed, push_master

pytestmark = pytest.mark.browser
PANEL = "#related-inventory_packages"


def test_v1_browser_packages_list_refreshes_a_shipment_in_place(page, live_server, make_tenant, make_user,
                                                                registry):
    tenant = make_tenant(apps=("inventory",))
    account = Account.create(tenant=tenant, name="Harbor Supplies")
    product = Product.create(tenant=tenant, name="Pallet", code="P-1", unit_price=40)
    admin = make_user(tenant)
    push_master(registry, tenant)
    order = finance_order(tenant, finance_id(tenant, "accounts", account.id), [("Pallet", "3")],
                          finance_id(tenant, "products", product.id))
    package = packed(registry, tenant, order["id"])

    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/accounts/{account.id}")
    panel = page.locator(PANEL)
    assert "Packages" in panel.locator("h2").inner_text()
    assert panel.locator("a", has_text="New").count() == 0  # packages are made by the finance application
    row = panel.locator("tbody tr").first
    assert package["package_number"] in row.inner_text() and "Not shipped" in row.inner_text()
    assert order["salesorder_number"] in row.inner_text()
    strip = page.locator('section.strip[aria-label="Inventory"]')
    assert "Items ordered" in strip.inner_text() and "Shipments in progress" in strip.inner_text()

    finance(tenant).ship_package(package["id"], "FedEx", "7745001")
    page.evaluate("window.finsuiteNoReload = true")
    with page.expect_response(lambda r: r.url.endswith("/related/inventory_packages/refresh")) as answer:
        page.click(f"{PANEL} [data-related-refresh] button")
    assert answer.value.status == 200
    wait_in_page(page, f"document.querySelector('{PANEL} tbody').innerText.includes('Shipped')")
    row_text = page.locator(f"{PANEL} tbody tr").first.inner_text()
    assert "FedEx · 7745001" in row_text and "Not shipped" not in row_text
    assert page.evaluate("window.finsuiteNoReload") is True  # the same page: nothing reloaded
    assert page.url == f"{live_server}/m/accounts/{account.id}"
    assert page.locator(PANEL).count() == 1 and page.locator(f"{PANEL} tbody tr").count() == 1
    page.screenshot(path="/tmp/inventory_packages.png", full_page=True)

    pull(registry, tenant)  # the strip follows on the next page load
    page.reload()
    shipped = page.locator('section.strip[aria-label="Inventory"] .strip-item', has_text="Shipments in progress")
    assert shipped.locator("strong").inner_text() == "1"
