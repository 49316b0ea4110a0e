"""V1, V2 through the ``zoho`` connector: with Inventory connected to ``finance-serve`` (the
embedded finance application in the shape of Zoho's APIs, over real HTTP), packages come back the
same as with ``local``; Zoho reports no ordered quantities of a customer, so none is shown."""
from __future__ import annotations

import pytest

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS
from core.sync.connections import configure
from core.sync.jobs import pull
from tests.inventory.helpers import URL, finance_id, push_master
from tests.live_server import serve
from tests.zoho_serve_fixtures import served


@pytest.fixture
def finserve_url():
    """``finance-serve`` on 127.0.0.1 over the finance database the CRM app already uses."""
    with serve(create_finance_server({"TESTING": True})) as url:
        yield url


def test_v1_packages_and_ordered_quantities_through_zoho(solo, api_for, client_for, registry, finserve_url):
    tenant = solo["tenant"]
    org = f"{tenant.slug}-zoho"
    configure(tenant, "inventory", "zoho", org, {
        "api_base": finserve_url, "accounts_url": finserve_url, "client_id": DEFAULTS["CLIENT_ID"],
        "client_secret": DEFAULTS["CLIENT_SECRET"], "refresh_token": DEFAULTS["REFRESH_TOKEN"], "timeout": 5})
    push_master(registry, tenant)
    fin = served(org)  # the finance side, acting on its own
    order = fin.create("salesorders", {
        "customer_id": finance_id(tenant, "accounts", solo["account"].id), "crm_id": "elsewhere:1",
        "line_items": [{"name": "Crate", "quantity": "4", "rate": "20.00",
                        "item_id": finance_id(tenant, "products", solo["product"].id)}]})
    order = fin.action("salesorders", order["id"], "convert_to_open")
    package = fin.create_package(order["id"], "2026-04-01")
    fin.ship_package(package["id"], "UPS", "1Z42", "2026-04-02")
    run = pull(registry, tenant)
    assert run.state == "ok", run.error
    seen = api_for(solo["admin"]).get(URL).get_json()["data"]
    assert [(p["number"], p["salesorder_number"], p["account_id"], p["status"], p["carrier"], p["tracking_number"],
             p["items_summary"]) for p in seen] == [
        (package["package_number"], order["salesorder_number"], solo["account"].id, "shipped", "UPS", "1Z42",
         "Crate × 4")]
    html = client_for(solo["admin"]).get(f"/m/accounts/{solo['account'].id}").get_data(as_text=True)
    # Zoho's contacts have no ordered quantities (the embedded application's own figure): not shown
    assert '<div class="strip-item" title="The finance application does not report it"><span>Items ordered' \
           '</span><strong>–</strong>' in html
    assert "<span>Shipments in progress</span><strong>1</strong>" in html
