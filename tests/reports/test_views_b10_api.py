"""B10 over the API: custom views of any module (``/api/v1/<module>/views``), a list through a
view (``?view=<id>``), and the reports engine's filters as query parameters on any list."""
from __future__ import annotations

import datetime as dt

import pytest

from core.crm.models import Account
from core.models import SavedView, utcnow
from tests.reports.helpers import make_invoice

LINE = [("Consulting", None, "1", "100.00", "0", "0")]


@pytest.fixture
def invoices(registry, tenant, admin):
    """Invoices of two customers: Acme's 100 (sent) and 300 (paid), Globex's 200 (sent, due in 3 days)."""
    today = utcnow().date()
    acme, globex = (Account.create(tenant=tenant, name=n) for n in ("Acme", "Globex"))
    made = {}
    for key, account, rate, status, due in (("a1", acme, "100.00", "sent", 30), ("a2", acme, "300.00", "paid", 40),
                                            ("g1", globex, "200.00", "sent", 3)):
        lines = [("Consulting", None, "1", rate, "0", "0")]
        made[key] = make_invoice(registry, tenant, admin, account, lines, status, today, today + dt.timedelta(days=due))
    return {"acme": acme, "globex": globex, **made}


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.get_json()
    return {row["id"] for row in response.get_json()["data"]}


def test_b10_help_page_example_invoices_of_acme(api, invoices):
    """The help page's example: a view "Invoices of Acme", Books invoices whose account is Acme."""
    body = {"name": "Invoices of Acme", "filters": [{"field": "account_id", "op": "is", "value": invoices["acme"].id}],
            "columns": ["number", "total", "status"], "sort": "-total", "shared": True}
    created = api.post("/api/v1/books/invoices/views", json=body)
    assert created.status_code == 201, created.get_json()
    view = created.get_json()
    assert created.headers["Location"].endswith(f"/api/v1/books/invoices/views/{view['id']}")
    assert (view["name"], view["shared"], view["columns"], view["sort"], view["mine"]) == (
        "Invoices of Acme", True, ["number", "total", "status"], "-total", True)
    listed = api.get(f"/api/v1/books/invoices?view={view['id']}").get_json()
    assert [row["id"] for row in listed["data"]] == [invoices["a2"].id, invoices["a1"].id]  # -total
    assert listed["total"] == 2
    assert listed["view"] == {"id": view["id"], "name": "Invoices of Acme", "columns": ["number", "total", "status"]}
    # further query filters are added to the view's; the query's sort wins over the view's
    assert _ids(api.get(f"/api/v1/books/invoices?view={view['id']}&status=sent")) == {invoices["a1"].id}
    ascending = api.get(f"/api/v1/books/invoices?view={view['id']}&sort=total").get_json()
    assert [row["id"] for row in ascending["data"]] == [invoices["a1"].id, invoices["a2"].id]
    assert [v["name"] for v in api.get("/api/v1/books/invoices/views").get_json()["data"]] == ["Invoices of Acme"]
    assert api.get("/api/v1/books/estimates/views").get_json()["data"] == []  # a view belongs to its module


def test_b10_list_filters_as_query_parameters(api, invoices):
    acme, a1, a2, g1 = invoices["acme"], invoices["a1"], invoices["a2"], invoices["g1"]
    url = "/api/v1/books/invoices"
    assert _ids(api.get(f"{url}?total__gt=150")) == {a2.id, g1.id}
    assert _ids(api.get(f"{url}?total__gt=150&status__in=sent,draft")) == {g1.id}
    assert _ids(api.get(f"{url}?due_date__next_days=5")) == {g1.id}
    assert _ids(api.get(f"{url}?account_id={acme.id}")) == {a1.id, a2.id}  # the filter fields still work
    assert _ids(api.get(f"{url}?account_id__is={acme.id}&total__lte=100")) == {a1.id}
    assert _ids(api.get(f"{url}?total__between=150,250")) == {g1.id}
    assert _ids(api.get(f"{url}?notes__empty=1")) == {a1.id, a2.id, g1.id}
    a2.number, g1.number = "INV-2", "REF-1"
    a2.save(), g1.save()
    assert _ids(api.get(f"{url}?number__starts=INV-&total__ne=100")) == {a2.id}
    assert _ids(api.get("/api/v1/accounts?name__contains=cm")) == {acme.id}  # any module: the CRM's too


@pytest.mark.parametrize("query, parameter", [
    ("total__gt=abc", "total__gt"), ("nope=1", "nope"), ("total__near=1", "total__near"),
    ("status__gt=a", "status__gt"), ("due_date__next_days=0", "due_date__next_days"),
    ("total__between=1", "total__between"), ("tenant_id=1", "tenant_id"),
])
def test_b10_a_bad_list_filter_is_422_naming_the_parameter(api, invoices, query, parameter):
    response = api.get(f"/api/v1/books/invoices?{query}")
    assert response.status_code == 422, response.get_json()
    assert list(response.get_json()["errors"]) == [parameter]


def test_b10_private_views_are_their_owners_shared_ones_everyones(api, api_for, tenant, make_user, invoices):
    colleague = make_user(tenant, profile="Standard")
    theirs = api_for(colleague)
    private = api.post("/api/v1/books/invoices/views", json={"name": "Mine only"}).get_json()
    shared = api.post("/api/v1/books/invoices/views", json={"name": "For all", "shared": True}).get_json()
    own = theirs.post("/api/v1/books/invoices/views", json={"name": "Colleague's"}).get_json()
    assert [v["name"] for v in theirs.get("/api/v1/books/invoices/views").get_json()["data"]] == ["Colleague's", "For all"]
    assert [v["name"] for v in api.get("/api/v1/books/invoices/views").get_json()["data"]] == ["For all", "Mine only"]
    assert api.get(f"/api/v1/books/invoices/views/{own['id']}").status_code == 404  # an administrator too
    assert theirs.patch(f"/api/v1/books/invoices/views/{own['id']}", json={"shared": True}).status_code == 200
    for method, url in (("get", f"views/{private['id']}"), ("patch", f"views/{private['id']}"),
                        ("delete", f"views/{private['id']}"), ("get", f"?view={private['id']}")):
        response = getattr(theirs, method)(f"/api/v1/books/invoices/{url}".replace("/?", "?"), json={"name": "x"})
        assert response.status_code == 404, (method, url, response.get_json())
    # a shared view: used by all, changed only by its owner or an administrator
    assert theirs.get(f"/api/v1/books/invoices?view={shared['id']}").status_code == 200
    view = theirs.get(f"/api/v1/books/invoices/views/{shared['id']}").get_json()
    assert (view["mine"], view["can_change"]) == (False, False)
    assert theirs.patch(f"/api/v1/books/invoices/views/{shared['id']}", json={"name": "Taken"}).status_code == 403
    assert theirs.delete(f"/api/v1/books/invoices/views/{shared['id']}").status_code == 403
    changed = api.patch(f"/api/v1/books/invoices/views/{own['id']}", json={"name": "Renamed by the admin"})  # shared
    assert changed.status_code == 200 and changed.get_json()["name"] == "Renamed by the admin"
    assert SavedView.get_by_id(own["id"]).owner_id == colleague.id
    assert theirs.delete(f"/api/v1/books/invoices/views/{own['id']}").status_code == 204
    assert theirs.get(f"/api/v1/books/invoices/views/{own['id']}").status_code == 404


def test_b10_another_tenants_view_is_404(api, api_for, make_tenant, make_user, invoices):
    other = make_tenant()
    stranger = api_for(make_user(other))
    view = stranger.post("/api/v1/books/invoices/views", json={"name": "Theirs", "shared": True}).get_json()
    for method in ("get", "patch", "delete"):
        response = getattr(api, method)(f"/api/v1/books/invoices/views/{view['id']}", json={"name": "x"})
        assert response.status_code == 404, response.get_json()
    assert api.get(f"/api/v1/books/invoices?view={view['id']}").status_code == 404
    assert api.get("/api/v1/books/invoices/views").get_json()["data"] == []
    assert SavedView.get_by_id(view["id"]).name == "Theirs"


@pytest.mark.parametrize("body, fields", [
    ({}, ["name"]),
    ({"name": " "}, ["name"]),
    ({"name": "x" * 101}, ["name"]),
    ({"name": 5}, ["name"]),
    ({"name": "V", "filters": [{"field": "nope", "op": "eq", "value": "1"}]}, ["filters.0.field"]),
    ({"name": "V", "filters": [{"field": "total", "op": "contains", "value": "1"}]}, ["filters.0.value"]),
    ({"name": "V", "filters": [{"field": "status", "op": "eq", "value": "sent"},
                               {"field": "total", "op": "gt", "value": "ten"}]}, ["filters.1.value"]),
    ({"name": "V", "filters": [{"field": "total", "op": "gt", "value": 10.5}]}, ["filters.0.value"]),
    ({"name": "V", "filters": [{"op": "eq"}]}, ["filters.0.field"]),
    ({"name": "V", "filters": [{"field": "total", "op": "gt", "value": "1", "extra": 1}]}, ["filters.0.extra"]),
    ({"name": "V", "filters": "status=sent"}, ["filters"]),
    ({"name": "V", "columns": ["number", "secret"]}, ["columns.1"]),
    ({"name": "V", "columns": ["number", "number"]}, ["columns.1"]),
    ({"name": "V", "sort": "-notes"}, ["sort"]),
    ({"name": "V", "shared": "yes"}, ["shared"]),
    ({"name": "V", "owner_id": 1}, ["owner_id"]),
])
def test_b10_bad_view_is_422_naming_the_field_and_nothing_saved(api, tenant, invoices, body, fields):
    response = api.post("/api/v1/books/invoices/views", json=body)
    assert response.status_code == 422, response.get_json()
    assert sorted(response.get_json()["errors"]) == fields
    assert SavedView.scoped(tenant).count() == 0


def test_b10_patch_checks_what_it_changes_and_keeps_the_rest(api, tenant, invoices):
    view = api.post("/api/v1/books/invoices/views", json={
        "name": "Big", "filters": [{"field": "total", "op": "gt", "value": "150"}]}).get_json()
    refused = api.patch(f"/api/v1/books/invoices/views/{view['id']}",
                        json={"name": "Bigger", "filters": [{"field": "total", "op": "gt", "value": "x"}]})
    assert refused.status_code == 422 and list(refused.get_json()["errors"]) == ["filters.0.value"]
    assert SavedView.get_by_id(view["id"]).name == "Big"
    changed = api.patch(f"/api/v1/books/invoices/views/{view['id']}", json={"sort": "total"}).get_json()
    assert (changed["name"], changed["sort"], changed["filters"]) == (
        "Big", "total", [{"field": "total", "op": "gt", "value": "150"}])
    listed = api.get(f"/api/v1/books/invoices?view={view['id']}").get_json()
    assert [row["id"] for row in listed["data"]] == [invoices["g1"].id, invoices["a2"].id]


def test_b10_views_need_the_modules_view_permission(api_for, tenant, make_user, invoices):
    reader = api_for(make_user(tenant, profile="Read only"))
    made = reader.post("/api/v1/books/invoices/views", json={"name": "Reader's"})
    assert made.status_code == 201  # a view changes no record: viewing is enough
    from core.models import Profile
    profile = Profile.create(tenant=tenant, name="No books")
    profile.grants = ["accounts.view"]
    profile.save()
    outsider = api_for(make_user(tenant, profile="No books"))
    assert outsider.get("/api/v1/books/invoices/views").status_code == 403
    assert outsider.post("/api/v1/books/invoices/views", json={"name": "x"}).status_code == 403


def test_b10_views_url_never_names_a_module(api, registry):
    assert not any(name.endswith("/views") for name in registry.modules)
    assert api.get("/api/v1/books/invoices/views").status_code == 200
    assert api.get("/api/v1/accounts/views").status_code == 200
    put = api.put("/api/v1/accounts/views", json={})
    assert put.status_code == 405 and set(put.headers["Allow"].split(", ")) == {"GET", "POST"}
    assert api.get("/api/v1/books/invoices/views/0").status_code == 404
    assert api.get("/api/v1/books/invoices?view=abc").status_code == 422


def test_b10_the_openapi_document_describes_views_and_list_filters(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    paths = document["paths"]
    for module in ("accounts", "books/invoices", "expense/expenses"):
        assert set(paths[f"/api/v1/{module}/views"]) == {"get", "post"}
        assert set(paths[f"/api/v1/{module}/views/{{view_id}}"]) == {"get", "patch", "delete"}
        listing = paths[f"/api/v1/{module}"]["get"]
        assert "view" in {p["name"] for p in listing["parameters"]}
        assert "`field__op=value`" in listing["description"]
    body = paths["/api/v1/books/invoices/views"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["name"] and body["additionalProperties"] is False
    assert {"total", "account_id", "due_date"} <= set(body["properties"]["columns"]["items"]["enum"])
    assert "-total" in body["properties"]["sort"]["enum"]


def test_b10_a_plugin_module_named_like_a_views_url_is_refused():
    """``/api/v1/<module>/views`` are a module's custom views: no module name may end that way."""
    import types

    from core import Manifest, Module, hookimpl
    from core.crm.models import Account
    from core.crm.schemas import AccountSchema
    from core.registry import Registry

    plugin = types.ModuleType("clash_views")
    plugin.manifest = Manifest(name="clash", label="Clash", version="0.1")
    plugin.register_modules = hookimpl(lambda: [Module(name="clash/views", label="Views", singular="View",
                                                       model=Account, schema=AccountSchema)])
    registry = Registry()
    registry.load(extra=(plugin,), use_entry_points=False)
    assert "clash/views" not in registry.modules
    assert [f.name for f in registry.failures] == ["clash"]
    assert "may not end with '/views'" in registry.failures[0].error
