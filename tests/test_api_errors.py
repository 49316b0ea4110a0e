"""C6/C2: validation (422 with messages per field), 401, 403, 404, 405, always as JSON."""
from __future__ import annotations

import pytest


def _errors(response):
    assert response.status_code == 422, (response.status_code, response.get_json())
    assert response.is_json
    return response.get_json()["errors"]


def test_c6_validation_errors_name_the_field(api):
    assert "name" in _errors(api.post("/api/v1/accounts", json={}))
    assert "last_name" in _errors(api.post("/api/v1/contacts", json={"first_name": "No last name"}))
    assert _errors(api.post("/api/v1/accounts", json={"name": "A", "email": "not-an-email"}))["email"] == [
        "Not a valid e-mail address."]
    negative = _errors(api.post("/api/v1/deals", json={"name": "D", "amount": "-1.00"}))
    assert list(negative) == ["amount"] and negative["amount"][0]
    assert "stage" in _errors(api.post("/api/v1/deals", json={"name": "D", "stage": "Maybe later"}))
    assert "amount" in _errors(api.post("/api/v1/deals", json={"name": "D", "amount": "lots"}))
    assert _errors(api.post("/api/v1/vendors", json={"name": "V", "colour": "red"})) == {"colour": ["Unknown field."]}
    assert api.get("/api/v1/accounts").get_json()["total"] == 0  # nothing was written


def test_c6_patch_is_validated_too(api):
    account = api.post("/api/v1/accounts", json={"name": "Valid"}).get_json()
    assert "name" in _errors(api.patch(f"/api/v1/accounts/{account['id']}", json={"name": ""}))
    assert "email" in _errors(api.patch(f"/api/v1/accounts/{account['id']}", json={"email": "x@"}))
    assert api.get(f"/api/v1/accounts/{account['id']}").get_json()["name"] == "Valid"


def test_c1_c6_reference_to_another_tenants_record_is_422(api, make_tenant, make_user, api_for):
    other = api_for(make_user(make_tenant()))
    foreign = other.post("/api/v1/accounts", json={"name": "Theirs"}).get_json()
    errors = _errors(api.post("/api/v1/contacts", json={"last_name": "X", "account_id": foreign["id"]}))
    assert list(errors) == ["account_id"]
    assert list(_errors(api.post("/api/v1/deals", json={"name": "X", "account_id": foreign["id"]}))) == ["account_id"]
    mine = api.post("/api/v1/contacts", json={"last_name": "Mine"}).get_json()
    assert list(_errors(api.patch(f"/api/v1/contacts/{mine['id']}", json={"account_id": foreign["id"]}))) == [
        "account_id"]


@pytest.mark.parametrize("body", [b"[1, 2]", b'"a string"', b"null"])
def test_c6_a_body_that_is_not_a_json_object_is_422(api, body):
    response = api.post("/api/v1/accounts", data=body, content_type="application/json")
    assert _errors(response) == {"_schema": ["The body must be a JSON object."]}


@pytest.mark.parametrize("body", [b"not json", b"", b"\xff\xfe", b"[" * 100_000])
def test_c6_a_body_that_is_not_json_is_400(api, body):
    """Invalid JSON, bytes that are not UTF-8, and nesting too deep to read (100,000 ``[``)."""
    response = api.post("/api/v1/accounts", data=body, content_type="application/json")
    assert (response.status_code, response.get_json()) == (400, {"error": "The body is not valid JSON."})


def test_c6_json_body_accepted_without_content_type(api):
    response = api.post("/api/v1/accounts", data=b'{"name": "Plain text type"}', content_type="text/plain")
    assert response.status_code == 201


ROUTES = [("get", "/api/v1/modules"), ("get", "/api/v1/accounts"), ("post", "/api/v1/accounts"),
          ("get", "/api/v1/accounts/1"), ("patch", "/api/v1/accounts/1"), ("delete", "/api/v1/accounts/1"),
          ("get", "/api/v1/accounts/1/related"), ("get", "/api/v1/accounts/1/strips"),
          ("get", "/api/v1/accounts/1/actions"), ("post", "/api/v1/accounts/1/actions/x"),
          ("get", "/api/v1/nothing/here"), ("get", "/api/v1/books/invoices")]


@pytest.mark.parametrize("method,url", ROUTES)
def test_c2_every_api_route_needs_a_token(app, ctx, method, url):
    client = app.test_client()
    for headers in ({}, {"Authorization": "Bearer fs_not-a-real-token"}, {"Authorization": "Basic dTpw"}):
        response = getattr(client, method)(url, headers=headers, json={"name": "x"})
        assert response.status_code == 401, (headers, response.status_code)
        assert response.is_json and response.get_json()["error"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_c2_session_cookie_does_not_authenticate_the_api(web):
    assert web.get("/api/v1/accounts").status_code == 401


def test_c2_inactive_users_token_is_refused(api, admin):
    assert api.get("/api/v1/accounts").status_code == 200
    admin.is_active = False
    admin.save()
    assert api.get("/api/v1/accounts").status_code == 401


def test_c6_openapi_needs_no_token(app):
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200


def test_c2_read_only_profile_may_read_but_not_write(api, tenant, make_user, api_for):
    account = api.post("/api/v1/accounts", json={"name": "Shared"}).get_json()
    reader = api_for(make_user(tenant, profile="Read only"))
    assert reader.get("/api/v1/accounts").get_json()["total"] == 1
    assert reader.get(f"/api/v1/accounts/{account['id']}").status_code == 200
    for response in (reader.post("/api/v1/accounts", json={"name": "No"}),
                     reader.patch(f"/api/v1/accounts/{account['id']}", json={"name": "No"}),
                     reader.delete(f"/api/v1/accounts/{account['id']}"),
                     reader.post("/api/v1/deals", json={"name": "No"})):
        assert response.status_code == 403 and response.is_json and response.get_json()["error"]
    assert api.get(f"/api/v1/accounts/{account['id']}").get_json()["name"] == "Shared"


def test_c6_unknown_things_are_json_404s(api):
    for url in ("/api/v1/nothing", "/api/v1/accounts/999999999", "/api/v1/accounts/abc", "/api/v1/accounts/1/x",
                "/api/v1/accounts/", "/api/v2/accounts", "/api/v1/modules/1", "/api/v1/accounts/related"):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.is_json and response.get_json()["error"], url


def test_c6_wrong_method_is_a_json_405_with_allow(api):
    account = api.post("/api/v1/accounts", json={"name": "M"}).get_json()
    response = api.put(f"/api/v1/accounts/{account['id']}", json={"name": "M2"})
    assert response.status_code == 405 and response.is_json
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH", "DELETE"}
    assert api.delete("/api/v1/accounts").status_code == 405
    assert api.get(f"/api/v1/accounts/{account['id']}/actions/x").status_code == 405


def test_c1_module_of_a_disabled_app_is_404(make_tenant, make_user, api_for):
    client = api_for(make_user(make_tenant(apps=())))
    for url in ("/api/v1/books/invoices", "/api/v1/books/invoices/1", "/api/v1/books/invoices/1/related"):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json, url
    assert client.post("/api/v1/books/invoices", json={}).status_code == 404
    assert not [m for m in client.get("/api/v1/modules").get_json() if m["app"] == "books"]


def test_c6_huge_ids_are_404_or_422_not_500(api):
    huge = 10**20
    assert api.get(f"/api/v1/accounts/{huge}").status_code == 404
    assert api.delete(f"/api/v1/accounts/{huge}").status_code == 404
    assert "account_id" in _errors(api.get(f"/api/v1/contacts?account_id={huge}"))
    assert "account_id" in _errors(api.post("/api/v1/contacts", json={"last_name": "X", "account_id": huge}))
    assert _errors(api.post("/api/v1/deals", json={"name": "X", "amount": "1" + "0" * 20})) == {"amount": ["Amount too large."]}
    assert api.post("/api/v1/deals", json={"name": "X", "amount": "9999999999999.99"}).status_code == 201


def test_c6_a_method_no_route_has_is_a_json_405_allowing_only_the_paths_methods(api):
    """TRACE is routed by Werkzeug, not by our fallback: still JSON, and Allow lists what the path's
    routes take (not every method of the catch-all)."""
    account = api.post("/api/v1/accounts", json={"name": "T"}).get_json()
    for url, allowed in (("/api/v1/accounts", {"GET", "POST"}),
                         (f"/api/v1/accounts/{account['id']}", {"GET", "PATCH", "DELETE"}),
                         ("/api/v1/books/items", {"GET"})):
        response = api.open(url, method="TRACE")
        assert response.status_code == 405 and response.is_json and response.get_json()["error"], url
        assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed, url
        options = api.options(url)
        assert options.status_code == 204, url
        assert set(options.headers["Allow"].replace(" ", "").split(",")) == allowed | {"OPTIONS"}, url
    assert api.open("/api/v1/nothing/here", method="TRACE").get_json()["error"]
    assert api.options("/api/v1/nothing/here").status_code == 404


def test_c6_a_path_naming_no_module_is_404_whatever_the_method(api):
    """``/accounts/AAA/actions/0`` is not record 0 of a module ``accounts/AAA/actions``."""
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        response = api.open("/api/v1/accounts/AAA/actions/0", method=method)
        assert response.status_code == 404 and response.is_json, method
        assert "Allow" not in response.headers
