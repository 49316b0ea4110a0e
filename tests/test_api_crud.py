"""C6: the JSON API reads and writes every CRM module, amounts as exact decimal strings."""
from __future__ import annotations

from decimal import Decimal

import pytest

CRM = {
    "accounts": ({"name": "Acme Ltd", "email": "sales@acme.test", "city": "Paris"}, {"city": "Lyon"}),
    "contacts": ({"first_name": "Jane", "last_name": "Doe", "email": "jane@acme.test"}, {"phone": "+33 1 23"}),
    "vendors": ({"name": "Supplies Inc", "country": "France"}, {"country": "Belgium"}),
    "deals": ({"name": "Big deal", "amount": "59.97", "stage": "Qualification"}, {"stage": "Closed Won"}),
    "products": ({"name": "Widget", "code": "W-1", "unit_price": "19.99", "tax_rate": "20"}, {"unit_price": "0.30"}),
}


@pytest.mark.parametrize("module", sorted(CRM))
def test_c6_crud_of_each_crm_module(api, module):
    payload, change = CRM[module]
    created = api.post(f"/api/v1/{module}", json=payload)
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert {k: body[k] for k in payload} == payload
    assert created.headers["Location"].endswith(f"/api/v1/{module}/{body['id']}")

    url = f"/api/v1/{module}/{body['id']}"
    fetched = api.get(url)
    assert fetched.status_code == 200 and fetched.get_json() == body

    listed = api.get(f"/api/v1/{module}").get_json()
    assert [r["id"] for r in listed["data"]] == [body["id"]]

    updated = api.patch(url, json=change)
    assert updated.status_code == 200, updated.get_json()
    assert {k: updated.get_json()[k] for k in change} == change
    assert {k: api.get(url).get_json()[k] for k in change} == change

    deleted = api.delete(url)
    assert deleted.status_code == 204 and deleted.data == b""
    assert api.get(url).status_code == 404
    assert api.get(f"/api/v1/{module}").get_json()["total"] == 0


def test_c6_contact_under_an_account_and_deal_links(api):
    account = api.post("/api/v1/accounts", json={"name": "Parent"}).get_json()
    contact = api.post("/api/v1/contacts", json={"last_name": "Child", "account_id": account["id"]}).get_json()
    assert contact["account_id"] == account["id"]
    deal = api.post("/api/v1/deals", json={"name": "D", "account_id": account["id"], "contact_id": contact["id"]})
    assert deal.status_code == 201
    related = api.get(f"/api/v1/accounts/{account['id']}/related").get_json()
    by_key = {r["key"]: r for r in related}
    assert [r["id"] for r in by_key["contacts"]["records"]] == [contact["id"]]
    assert by_key["contacts"]["module"] == "contacts" and by_key["contacts"]["can_create"] is True
    assert by_key["contacts"]["records"][0]["last_name"] == "Child"
    assert [r["id"] for r in by_key["deals"]["records"]] == [deal.get_json()["id"]]


def test_c6_amounts_are_exact_decimal_strings(api):
    deal = api.post("/api/v1/deals", json={"name": "Exact", "amount": "59.97"})
    assert deal.get_json()["amount"] == "59.97"
    assert api.get(f"/api/v1/deals/{deal.get_json()['id']}").get_json()["amount"] == "59.97"
    assert b'"amount":"59.97"' in api.get(f"/api/v1/deals/{deal.get_json()['id']}").data.replace(b" ", b"")

    # what a float would get wrong: 0.1 + 0.2
    ids = [api.post("/api/v1/deals", json={"name": f"Cents {a}", "amount": a}).get_json()["id"] for a in ("0.10", "0.20")]
    amounts = [api.get(f"/api/v1/deals/{i}").get_json()["amount"] for i in ids]
    assert amounts == ["0.10", "0.20"]
    assert sum(Decimal(a) for a in amounts) == Decimal("0.30")
    # a JSON number is refused, never read through a float (0.1 + 0.2 is 0.30000000000000004)
    from_float = api.post("/api/v1/deals", json={"name": "Float sum", "amount": 0.1 + 0.2})
    assert (from_float.status_code, from_float.get_json()) == (422, {"errors": {"amount": ["Enter an amount like 1234.56."]}})

    product = api.post("/api/v1/products", json={"name": "P", "unit_price": "1234567.89", "tax_rate": "5.5"}).get_json()
    assert (product["unit_price"], product["tax_rate"]) == ("1234567.89", "5.5")


def test_c6_modules_lists_what_the_user_may_see(api, make_tenant, make_user, api_for):
    names = {m["name"]: m for m in api.get("/api/v1/modules").get_json()}
    assert {"accounts", "contacts", "vendors", "deals", "products"} <= set(names)
    assert names["accounts"] == {"name": "accounts", "label": "Accounts", "singular": "Account", "app": None,
                                 "read_only": False}

    from core.models import Profile
    tenant = make_tenant(apps=())
    profile = Profile(tenant=tenant, name="No deals", is_admin=False)
    profile.grants = ["accounts.view", "contacts.view", "contacts.create"]
    profile.save()
    client = api_for(make_user(tenant, profile="No deals"))
    assert sorted(m["name"] for m in client.get("/api/v1/modules").get_json()) == ["accounts", "contacts"]
    assert client.get("/api/v1/deals").status_code == 403
    assert client.post("/api/v1/contacts", json={"last_name": "Ok"}).status_code == 201
    assert client.post("/api/v1/accounts", json={"name": "No"}).status_code == 403


def test_c6_actions_strips_on_a_crm_record(api):
    account = api.post("/api/v1/accounts", json={"name": "Plain"}).get_json()
    assert api.get(f"/api/v1/accounts/{account['id']}/actions").get_json() == []
    assert isinstance(api.get(f"/api/v1/accounts/{account['id']}/strips").get_json(), list)
    refused = api.post(f"/api/v1/accounts/{account['id']}/actions/explode")
    assert refused.status_code == 409 and refused.get_json()["error"] == "“Explode” is not possible for this account."
    assert "status" not in refused.get_json()


def test_c6_delete_of_an_account_keeps_its_contacts(api):
    account = api.post("/api/v1/accounts", json={"name": "Gone"}).get_json()
    contact = api.post("/api/v1/contacts", json={"last_name": "Stays", "account_id": account["id"]}).get_json()
    assert api.delete(f"/api/v1/accounts/{account['id']}").status_code == 204
    assert api.get(f"/api/v1/contacts/{contact['id']}").get_json()["account_id"] is None
