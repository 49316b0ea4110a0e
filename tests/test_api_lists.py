"""C6/C3: lists paginate with has_more, search, sort and filter by field."""
from __future__ import annotations

import pytest


def _names(response):
    assert response.status_code == 200, response.get_json()
    return [r["name"] for r in response.get_json()["data"]]


def test_c6_pagination_and_has_more(api):
    for i in range(7):
        api.post("/api/v1/accounts", json={"name": f"Page {i:02d}"})
    first = api.get("/api/v1/accounts?per_page=3").get_json()
    assert (first["page"], first["per_page"], first["total"], first["has_more"]) == (1, 3, 7, True)
    assert [r["name"] for r in first["data"]] == ["Page 00", "Page 01", "Page 02"]
    third = api.get("/api/v1/accounts?per_page=3&page=3").get_json()
    assert [r["name"] for r in third["data"]] == ["Page 06"] and third["has_more"] is False
    seen = [n for p in (1, 2, 3) for n in _names(api.get(f"/api/v1/accounts?per_page=3&page={p}"))]
    assert seen == [f"Page {i:02d}" for i in range(7)]
    everything = api.get("/api/v1/accounts").get_json()
    assert everything["total"] == 7 and everything["has_more"] is False and everything["page"] == 1


@pytest.mark.parametrize("query, parameter", [
    ("per_page=5000", "per_page"), ("per_page=0", "per_page"), ("per_page=junk", "per_page"),
    ("page=0", "page"), ("page=-3", "page"), ("page=junk", "page"), ("page=99999999999999999999", "page"),
    ("sort=nope", "sort"), ("sort=-", "sort"), ("sort=--name", "sort"), ("sort=", "sort"), ("page=", "page"),
])
def test_c6_out_of_range_page_per_page_or_sort_is_422_naming_it(api, query, parameter):
    """No silent clamping: the client learns which list parameter is wrong."""
    response = api.get(f"/api/v1/accounts?{query}")
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == [parameter]


def test_c6_list_parameters_declare_their_ranges(app):
    parameters = {p["name"]: p["schema"] for p in
                  app.test_client().get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/accounts"]["get"]["parameters"]}
    assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, 2**31 - 1)
    assert (parameters["per_page"]["minimum"], parameters["per_page"]["maximum"]) == (1, 200)
    assert {"name", "-name", "created_at", "-created_at"} <= set(parameters["sort"]["enum"])


def test_c6_a_page_past_the_end_is_empty_not_the_last_page(api):
    for i in range(3):
        api.post("/api/v1/accounts", json={"name": f"Past {i}"})
    body = api.get("/api/v1/accounts?per_page=2&page=5").get_json()
    assert (body["data"], body["page"], body["total"], body["has_more"]) == ([], 5, 3, False)
    assert _names(api.get("/api/v1/accounts?per_page=200&page=1")) == ["Past 0", "Past 1", "Past 2"]


def test_c6_search_and_sort(api):
    for name in ("Banana Corp", "apple inc", "Cherry SA", "Pineapple Ltd"):
        api.post("/api/v1/accounts", json={"name": name})
    assert sorted(_names(api.get("/api/v1/accounts?q=apple"))) == ["Pineapple Ltd", "apple inc"]
    assert _names(api.get("/api/v1/accounts?q=zzz")) == []
    ascending = _names(api.get("/api/v1/accounts?sort=name"))
    assert _names(api.get("/api/v1/accounts?sort=-name")) == list(reversed(ascending))
    assert set(ascending) == {"Banana Corp", "apple inc", "Cherry SA", "Pineapple Ltd"}


def test_c6_sort_deals_by_amount_numerically(api):
    for amount in ("100.00", "9.50", "25.00"):
        api.post("/api/v1/deals", json={"name": f"Deal {amount}", "amount": amount})
    amounts = [d["amount"] for d in api.get("/api/v1/deals?sort=amount").get_json()["data"]]
    assert amounts == ["9.50", "25.00", "100.00"]
    amounts = [d["amount"] for d in api.get("/api/v1/deals?sort=-amount").get_json()["data"]]
    assert amounts == ["100.00", "25.00", "9.50"]


def test_c6_filter_by_field(api):
    one = api.post("/api/v1/accounts", json={"name": "One"}).get_json()["id"]
    two = api.post("/api/v1/accounts", json={"name": "Two"}).get_json()["id"]
    for last, account in (("A", one), ("B", one), ("C", two), ("D", None)):
        api.post("/api/v1/contacts", json={"last_name": last, "account_id": account})
    names = [c["last_name"] for c in api.get(f"/api/v1/contacts?account_id={one}").get_json()["data"]]
    assert names == ["A", "B"]
    body = api.get(f"/api/v1/contacts?account_id={two}").get_json()
    assert [c["last_name"] for c in body["data"]] == ["C"] and body["total"] == 1
    api.post("/api/v1/deals", json={"name": "Won", "stage": "Closed Won"})
    api.post("/api/v1/deals", json={"name": "Open"})
    assert _names(api.get("/api/v1/deals?stage=Closed%20Won")) == ["Won"]
    api.post("/api/v1/products", json={"name": "Old", "is_active": False})
    api.post("/api/v1/products", json={"name": "New"})
    assert _names(api.get("/api/v1/products?is_active=false")) == ["Old"]
    assert _names(api.get("/api/v1/products?is_active=true")) == ["New"]


def test_c6_bad_filter_value_is_422(api):
    response = api.get("/api/v1/contacts?account_id=abc")
    assert response.status_code == 422 and "account_id" in response.get_json()["errors"]
    assert "stage" in api.get("/api/v1/deals?stage=Someday").get_json()["errors"]
