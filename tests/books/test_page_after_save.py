"""B2, Y1 (issue 17, item 8): a document's page just after a save, while its changes still wait
for the finance application, says so and asks until they have reached it; after that it shows
the number and balance the finance application gave."""
from __future__ import annotations

from core.sync.worker import drain
from tests.books.context_helpers import crm  # noqa: F401  (fixture)


def test_b2_y1_the_page_of_a_just_saved_invoice_waits_for_its_sync_then_shows_the_number(
        crm, client_for, api_for, registry):
    api, web = api_for(crm["admin"]), client_for(crm["admin"])
    made = api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "line_items": [
        {"name": "Audit", "quantity": "1", "rate": "75.00"}]}).get_json()
    page = web.get(f"/m/books/invoices/{made['id']}").get_data(as_text=True)
    state_url = f"/m/books/invoices/{made['id']}/sync-state"
    assert f'data-sync-wait="{state_url}"' in page and "Waiting to sync" in page
    assert web.get(state_url).get_json() == {"waiting": True}
    drain(registry)
    assert web.get(state_url).get_json() == {"waiting": False}
    page = web.get(f"/m/books/invoices/{made['id']}").get_data(as_text=True)
    assert "data-sync-wait" not in page and "INV-000001" in page


def test_b2_the_sync_state_is_the_tenants_own_and_needs_the_view_permission(crm, make_tenant, make_user, client_for,
                                                                          api_for):
    made = api_for(crm["admin"]).post("/api/v1/books/invoices", json={"account_id": crm["account"].id, "line_items": [
        {"name": "Audit", "quantity": "1", "rate": "5.00"}]}).get_json()
    stranger = client_for(make_user(make_tenant(apps=("books",))))
    assert stranger.get(f"/m/books/invoices/{made['id']}/sync-state").status_code == 404
    assert client_for(crm["admin"]).get(f"/m/books/invoices/{made['id']}/sync-state").status_code == 200
