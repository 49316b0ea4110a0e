"""C1: nothing of one tenant is visible to another through any API route."""
from __future__ import annotations

import pytest

CHANGES = {"accounts": {"name": "Hacked"}, "contacts": {"last_name": "Hacked"}, "vendors": {"name": "Hacked"},
           "deals": {"name": "Hacked"}, "products": {"name": "Hacked"}}


@pytest.fixture
def tenant_a_records(api):
    """One record of each CRM module in tenant A (the ``api`` client's tenant), linked together."""
    account = api.post("/api/v1/accounts", json={"name": "A account"}).get_json()
    contact = api.post("/api/v1/contacts", json={"last_name": "A contact", "account_id": account["id"]}).get_json()
    return {
        "accounts": account,
        "contacts": contact,
        "vendors": api.post("/api/v1/vendors", json={"name": "A vendor"}).get_json(),
        "deals": api.post("/api/v1/deals", json={"name": "A deal", "amount": "10.00", "account_id": account["id"],
                                                 "contact_id": contact["id"]}).get_json(),
        "products": api.post("/api/v1/products", json={"name": "A product"}).get_json(),
    }


def test_c1_tenant_isolation_every_route(api, tenant_a_records, make_tenant, make_user, api_for):
    intruder = api_for(make_user(make_tenant()))  # an Administrator of tenant B
    for module, record in tenant_a_records.items():
        url = f"/api/v1/{module}/{record['id']}"
        attempts = {
            "GET": intruder.get(url),
            "PATCH": intruder.patch(url, json=CHANGES[module]),
            "GET related": intruder.get(f"{url}/related"),
            "GET strips": intruder.get(f"{url}/strips"),
            "GET actions": intruder.get(f"{url}/actions"),
            "POST action": intruder.post(f"{url}/actions/approve"),
            "DELETE": intruder.delete(url),
        }
        for route, response in attempts.items():
            assert response.status_code == 404, (module, route, response.status_code)
            assert response.is_json and record["name" if "name" in record else "last_name"] not in response.text
        # tenant A's record is untouched
        assert api.get(url).get_json() == record, module
        # B's lists do not show it, even filtered by A's ids
        assert intruder.get(f"/api/v1/{module}").get_json()["total"] == 0
    a_account = tenant_a_records["accounts"]["id"]
    assert intruder.get(f"/api/v1/contacts?account_id={a_account}").get_json()["data"] == []
    assert intruder.get(f"/api/v1/deals?account_id={a_account}").get_json()["data"] == []


def test_c1_lists_never_contain_another_tenants_records(api, tenant_a_records, make_tenant, make_user, api_for):
    other = api_for(make_user(make_tenant()))
    theirs = {m: other.post(f"/api/v1/{m}", json=dict(CHANGES[m], name="B") if m != "contacts" else {"last_name": "B"})
              for m in CHANGES}
    for module, response in theirs.items():
        assert response.status_code == 201, response.get_json()
        mine = api.get(f"/api/v1/{module}?per_page=200").get_json()
        assert [r["id"] for r in mine["data"]] == [tenant_a_records[module]["id"]], module
        assert response.get_json()["id"] not in [r["id"] for r in mine["data"]]
        assert api.get(f"/api/v1/{module}?q=B").get_json()["total"] == 0
    related = api.get(f"/api/v1/accounts/{tenant_a_records['accounts']['id']}/related").get_json()
    ids = {r["id"] for lst in related for r in lst["records"]}
    assert ids == {tenant_a_records["contacts"]["id"], tenant_a_records["deals"]["id"]}


def test_c1_colleagues_in_one_tenant_share_records(api, tenant, make_user, api_for):
    """A second user of the same tenant sees the same records (isolation is by tenant, not user)."""
    account = api.post("/api/v1/accounts", json={"name": "Shared"}).get_json()
    colleague = api_for(make_user(tenant, profile="Standard"))
    assert colleague.get(f"/api/v1/accounts/{account['id']}").get_json()["name"] == "Shared"
