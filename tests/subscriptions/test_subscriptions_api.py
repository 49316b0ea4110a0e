"""S1 through the API: subscriptions created, validated (422 beside the field) and edited, synced
at once to the finance application's ``subscriptions`` with their customer first (Y5), and what
comes back (number, status, next billing date); the app alone, and a tenant without it."""
from __future__ import annotations

import datetime as dt

import pytest

from core.crm.models import Account
from core.sync.worker import drain
from plugins.subscriptions.models import Subscription
from tests.subscriptions.helpers import PAST, PLAN, URL, create_sub, finance, finance_id


def test_s1_create_through_the_api_and_read_it_back(crm, subs_api):
    sub = create_sub(subs_api, account_id=crm["account"].id)
    assert {k: sub[k] for k in ("plan_code", "plan_name", "quantity", "price", "interval", "interval_unit",
                                "starts_at", "ends_at", "trial_days", "account_id", "contact_id")} == {
        **PLAN, "quantity": "3.00", "starts_at": PAST, "ends_at": None, "trial_days": None,
        "account_id": crm["account"].id, "contact_id": None}
    assert (sub["status"], sub["number"], sub["next_billing_at"]) == ("live", "", None)  # not synced yet
    assert (sub["amount"], sub["billing_interval"]) == ("59.70", "Monthly")
    assert sub["sync_status"] == "pending"
    assert subs_api.get(f"{URL}/{sub['id']}").get_json()["plan_code"] == "PRO-M"
    listed = subs_api.get(f"{URL}?account_id={crm['account'].id}").get_json()
    assert [s["id"] for s in listed["data"]] == [sub["id"]]


@pytest.mark.parametrize("fields, field", [
    ({"starts_at": "2026-06-01", "ends_at": "2026-05-31"}, "ends_at"),
    ({"quantity": "0"}, "quantity"),
    ({"quantity": "-2"}, "quantity"),
    ({"price": "-0.01"}, "price"),
    ({"interval": 0}, "interval"),
    ({"interval_unit": "fortnights"}, "interval_unit"),
    ({"plan_code": ""}, "plan_code"),
    ({"trial_days": -1}, "trial_days"),
])
def test_s1_bad_input_is_422_naming_the_field(crm, subs_api, fields, field):
    response = subs_api.post(URL, json={**PLAN, "account_id": crm["account"].id, **fields})
    assert response.status_code == 422
    assert field in response.get_json()["errors"], response.get_json()
    assert Subscription.scoped(crm["tenant"]).count() == 0


def test_s1_a_subscription_needs_a_customer_of_this_organisation(crm, subs_api, make_tenant):
    response = subs_api.post(URL, json=PLAN)
    assert response.status_code == 422 and "account_id" in response.get_json()["errors"]
    stranger = Account.create(tenant=make_tenant(), name="Another organisation's customer")
    response = subs_api.post(URL, json={**PLAN, "account_id": stranger.id})
    assert response.status_code == 422 and "account_id" in response.get_json()["errors"]
    assert Subscription.scoped(crm["tenant"]).count() == 0


def test_s1_an_end_on_the_start_day_is_accepted(crm, subs_api):
    sub = create_sub(subs_api, account_id=crm["account"].id, starts_at="2026-06-01", ends_at="2026-06-01")
    assert sub["ends_at"] == "2026-06-01"


def test_s1_an_update_cannot_end_before_the_start_nor_drop_the_customer(crm, subs_api):
    sub = create_sub(subs_api, account_id=crm["account"].id, starts_at="2026-06-01")
    url = f"{URL}/{sub['id']}"
    response = subs_api.patch(url, json={"ends_at": "2026-05-01"})
    assert response.status_code == 422 and "ends_at" in response.get_json()["errors"]
    response = subs_api.patch(url, json={"account_id": None})
    assert response.status_code == 422 and "account_id" in response.get_json()["errors"]
    assert subs_api.patch(url, json={"quantity": "0"}).status_code == 422
    kept = subs_api.get(url).get_json()
    assert (kept["ends_at"], kept["account_id"], kept["quantity"]) == (None, crm["account"].id, "3.00")
    moved = subs_api.patch(url, json={"quantity": "4", "ends_at": "2027-05-31"}).get_json()
    assert (moved["quantity"], moved["ends_at"], moved["amount"]) == ("4.00", "2027-05-31", "79.60")


def test_s1_synced_at_once_with_the_account_as_customer(crm, subs_api, registry):
    """Y1 and Y5: saving queues the subscription; the worker sends its account first, then it;
    the finance application's number, status and next billing date come back."""
    tenant = crm["tenant"]
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
    assert seen["sync_status"] == "synced", seen.get("sync_error")
    remote = finance(tenant).get("subscriptions", seen["finance_id"])
    assert remote["customer_id"] == finance_id(tenant, "accounts", crm["account"].id)
    assert remote["crm_id"] == f"subscriptions/subscriptions:{sub['id']}"
    assert {k: remote[k] for k in ("plan_code", "plan_name", "quantity", "price", "interval", "interval_unit",
                                   "starts_at")} == {**PLAN, "quantity": "3.00", "starts_at": PAST}
    assert seen["number"] == remote["subscription_number"] and seen["number"].startswith("SUB-")
    assert (seen["status"], seen["next_billing_at"]) == ("live", PAST)


def test_s1_a_contact_is_the_customer_and_a_trial_starts_in_trial(crm, subs_api, registry):
    tenant = crm["tenant"]
    start = dt.date(2026, 12, 1)
    sub = create_sub(subs_api, contact_id=crm["contact"].id, starts_at=start.isoformat(), trial_days=14)
    assert sub["status"] == "trial"
    drain(registry)
    seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
    remote = finance(tenant).get("subscriptions", seen["finance_id"])
    assert remote["customer_id"] == finance_id(tenant, "contacts", crm["contact"].id)
    expected = (start + dt.timedelta(days=14)).isoformat()
    assert (remote["status"], remote["next_billing_at"]) == ("trial", expected)
    assert (seen["status"], seen["next_billing_at"]) == ("trial", expected)


def test_s1_an_edit_reaches_the_finance_application(crm, subs_api, registry):
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    subs_api.patch(f"{URL}/{sub['id']}", json={"quantity": "7", "price": "21.00", "plan_name": "Pro+"})
    drain(registry)
    seen = subs_api.get(f"{URL}/{sub['id']}").get_json()
    remote = finance(crm["tenant"]).get("subscriptions", seen["finance_id"])
    assert (remote["quantity"], remote["price"], remote["plan_name"]) == ("7.00", "21.00", "Pro+")
    assert seen["sync_status"] == "synced"


def test_s1_subscriptions_alone_enabled_works(make_tenant, make_user, api_for, client_for, registry):
    tenant = make_tenant(apps=("subscriptions",))
    admin = make_user(tenant)
    account = Account.create(tenant=tenant, name="Solo Ltd")
    api = api_for(admin)
    sub = create_sub(api, account_id=account.id)
    drain(registry)
    seen = api.get(f"{URL}/{sub['id']}").get_json()
    assert seen["sync_status"] == "synced" and seen["number"].startswith("SUB-")
    page = client_for(admin).get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert 'id="related-subscriptions"' in page and seen["number"] in page
    assert "related-books_" not in page
    listing = client_for(admin).get("/m/subscriptions/subscriptions/")
    assert listing.status_code == 200 and seen["number"] in listing.get_data(as_text=True)
    names = {m["name"] for m in api.get("/api/v1/modules").get_json()}
    assert {"subscriptions/subscriptions", "subscriptions/invoices"} <= names
    assert not any(n.startswith("books/") for n in names)


def test_s1_a_tenant_without_subscriptions_sees_nothing_of_it(make_tenant, make_user, api_for, client_for):
    tenant = make_tenant(apps=("books", "invoice", "expense", "inventory"))
    admin = make_user(tenant)
    account = Account.create(tenant=tenant, name="No subscriptions here")
    api = api_for(admin)
    assert api.post(URL, json={**PLAN, "account_id": account.id}).status_code == 404
    assert api.get(URL).status_code == 404
    assert api.get("/api/v1/subscriptions/invoices").status_code == 404
    assert not any(m["name"].startswith("subscriptions/") for m in api.get("/api/v1/modules").get_json())
    related = api.get(f"/api/v1/accounts/{account.id}/related").get_json()
    assert not any(r["module"].startswith("subscriptions/") for r in related)
    web = client_for(admin)
    page = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert "related-subscriptions" not in page and "Subscriptions" not in page
    assert web.get("/m/subscriptions/subscriptions/").status_code == 404


def test_s1_demo_has_subscriptions_one_in_trial_one_billed(make_tenant, make_user, registry, api_for):
    """The demo's subscriptions sync; the finance demo bills those due, whose invoices are pulled
    in; a tenant without the app gets none."""
    from core.demo import load_demo, sync_demo
    tenant = make_tenant()
    admin = make_user(tenant)
    load_demo(registry, tenant, [admin, make_user(tenant, profile="Standard")])
    sync_demo(registry, tenant)
    api = api_for(admin)
    subs = api.get(f"{URL}?per_page=100").get_json()["data"]
    assert len(subs) == 4 and all(s["number"] and s["sync_status"] == "synced" for s in subs)
    assert sorted(s["status"] for s in subs) == ["live", "live", "non_renewing", "trial"]
    invoices = api.get("/api/v1/subscriptions/invoices?per_page=100").get_json()["data"]
    billed = {i["subscription_id"] for i in invoices}
    assert len(invoices) == 2 and len(billed) == 2
    assert all(s["status"] == "live" for s in subs if s["id"] in billed)
    without = make_tenant(apps=("books",))
    load_demo(registry, without, [make_user(without)])
    assert Subscription.scoped(without).count() == 0
