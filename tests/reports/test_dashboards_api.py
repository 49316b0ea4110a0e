"""B12 dashboards over the API: the default Books dashboard and its first component (the help
page's invoices falling due on each of the next 5 days), every component's result in one call,
create / read / change / delete, private and shared, another tenant's, components a user may
not open left out, and 422s that name the field and save nothing."""
from __future__ import annotations

import threading

import pytest
import requests

from core.models import ApiToken, Dashboard
from core.tenancy import set_enabled
from tests.live_server import serve
from tests.reports.dashboard_helpers import DUE_SOON, due_soon_invoices, profile_without

BASE = "/api/v1/dashboards"


def _books_dashboard(api) -> dict:
    first = api.get(BASE).get_json()["data"][0]
    assert first["name"] == "Books dashboard" and first["based_on"] == "books.books_dashboard"
    return first


def test_b12_books_dashboard_first_component_counts_the_invoices_due_on_each_of_the_next_5_days(
        api, registry, tenant, admin, make_tenant, make_user):
    other = make_tenant()
    expected = due_soon_invoices(registry, tenant, admin, other, make_user(other))
    dashboard = _books_dashboard(api)
    assert dashboard["components"][0] == {"report": DUE_SOON, "label": "Invoices due in the next 5 days",
                                          "chart": "bar", "width": 2}
    component = api.get(f"{BASE}/{dashboard['id']}/data").get_json()["components"][0]
    assert [c["key"] for c in component["result"]["columns"]] == ["due_date:day", "count", "sum:balance"]
    assert component["result"]["rows"] == expected
    assert [row[1] for row in expected] == [2, 0, 3, 1, 2]  # paid, draft, void, yesterday's and B's left out
    assert all(isinstance(row[2], str) for row in component["result"]["rows"])  # amounts as decimal strings


def test_b12_data_answers_every_component_in_one_call(api, registry, tenant, admin):
    due_soon_invoices(registry, tenant, admin)
    dashboard = _books_dashboard(api)
    data = api.get(f"{BASE}/{dashboard['id']}/data").get_json()
    assert data["id"] == dashboard["id"]
    assert [{k: c[k] for k in ("report", "label", "chart", "width")} for c in data["components"]] \
        == dashboard["components"]
    assert len(data["components"]) == 6
    for component in data["components"]:
        assert component["error"] is None and component["result"]["columns"], component["report"]
    amounts = [row[1] for row in data["components"][1]["result"]["rows"]]  # amount due by customer
    assert amounts and all(isinstance(a, str) and "." in a for a in amounts)


def test_b12_default_dashboards_are_those_of_the_enabled_apps_books_first(api_for, make_tenant, make_user):
    tenant = make_tenant(apps=("books", "expense"))
    api = api_for(make_user(tenant))
    assert api.post(BASE, json={"name": "Aaa first by name"}).status_code == 201
    names = [d["name"] for d in api.get(BASE).get_json()["data"]]
    assert names == ["Books dashboard", "Expense dashboard", "Aaa first by name"]
    invoice_only = api_for(make_user(make_tenant(apps=("invoice",))))
    assert [d["name"] for d in invoice_only.get(BASE).get_json()["data"]] == ["Invoice dashboard"]
    assert api_for(make_user(make_tenant(apps=("inventory",)))).get(BASE).get_json()["data"] == []
    assert Dashboard.scoped(tenant).count() == 3  # made once, not on every call


def test_b12_create_read_reorder_resize_rename_delete(api):
    body = {"name": "Sales", "components": [
        {"report": "books.sales_by_customer", "chart": "pie", "width": 2},
        {"report": "books.sales_by_product"},
        {"report": "expense.by_category", "label": "Where the money goes", "chart": "number", "width": 1}]}
    created = api.post(BASE, json=body)
    assert created.status_code == 201
    dashboard = created.get_json()
    assert created.headers["Location"].endswith(f"{BASE}/{dashboard['id']}")
    assert (dashboard["shared"], dashboard["editable"], dashboard["based_on"]) == (False, True, None)
    assert dashboard["components"][1] == {"report": "books.sales_by_product", "label": "Sales by product",
                                          "chart": "bar", "width": 2}  # the report's label and chart
    url = f"{BASE}/{dashboard['id']}"
    reordered = [dashboard["components"][i] for i in (2, 0, 1)]
    reordered[1] = {**reordered[1], "width": 4, "chart": "table"}
    changed = api.patch(url, json={"name": "Sales overview", "components": reordered})
    assert changed.status_code == 200
    again = api.get(url).get_json()
    assert again["name"] == "Sales overview" and again["components"] == reordered
    assert [c["report"] for c in api.get(f"{url}/data").get_json()["components"]] == \
        ["expense.by_category", "books.sales_by_customer", "books.sales_by_product"]
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.get(f"{url}/data").status_code == 404


def test_b12_private_dashboards_are_their_owners_shared_ones_changed_by_owner_or_admin(
        api_for, tenant, make_user):
    owner, colleague, admin = (api_for(make_user(tenant, profile=p)) for p in ("Standard", "Standard", "Administrator"))
    dashboard = owner.post(BASE, json={"name": "Mine", "components": [{"report": "books.sales_by_user"}]}).get_json()
    url = f"{BASE}/{dashboard['id']}"
    for other in (colleague, admin):  # private: not even an admin sees it
        assert other.get(url).status_code == 404 and other.get(f"{url}/data").status_code == 404
        assert other.patch(url, json={"name": "Taken"}).status_code == 404
        assert "Mine" not in [d["name"] for d in other.get(BASE).get_json()["data"]]
    assert owner.patch(url, json={"shared": True}).status_code == 200
    seen = colleague.get(url).get_json()
    assert seen["editable"] is False and seen["owner"]["name"]
    assert colleague.patch(url, json={"name": "Taken"}).status_code == 403
    assert colleague.delete(url).status_code == 403
    assert admin.patch(url, json={"name": "Renamed by an admin"}).status_code == 200
    books = _books_dashboard(colleague)  # a default one has no owner: admins only
    assert books["editable"] is False
    assert colleague.patch(f"{BASE}/{books['id']}", json={"components": []}).status_code == 403
    assert admin.patch(f"{BASE}/{books['id']}", json={"shared": False}).status_code == 422
    assert owner.get(url).get_json()["name"] == "Renamed by an admin"


def test_b12_another_tenants_dashboard_is_404(api, api_for, make_tenant, make_user):
    dashboard = api.post(BASE, json={"name": "Shared", "shared": True}).get_json()
    books = _books_dashboard(api)
    intruder = api_for(make_user(make_tenant()))
    for target in (dashboard["id"], books["id"]):
        url = f"{BASE}/{target}"
        for response in (intruder.get(url), intruder.get(f"{url}/data"), intruder.patch(url, json={"name": "x"}),
                         intruder.delete(url)):
            assert response.status_code == 404 and response.is_json
    assert api.get(f"{BASE}/{dashboard['id']}").get_json()["name"] == "Shared"


def test_b12_a_component_whose_report_the_user_may_not_open_is_left_out(api, api_for, registry, tenant, make_user):
    body = {"name": "Mixed", "shared": True, "components": [
        {"report": "expense.by_category"}, {"report": "books.sales_by_customer"}, {"report": "expense.by_customer"}]}
    dashboard = api.post(BASE, json=body).get_json()
    url = f"{BASE}/{dashboard['id']}"
    no_expense = api_for(make_user(tenant, profile=profile_without(tenant, "No expense", "app.expense")))
    assert [c["report"] for c in no_expense.get(url).get_json()["components"]] == ["books.sales_by_customer"]
    data = no_expense.get(f"{url}/data")
    assert data.status_code == 200
    assert [c["report"] for c in data.get_json()["components"]] == ["books.sales_by_customer"]
    assert "Expense dashboard" in [d["name"] for d in no_expense.get(BASE).get_json()["data"]]
    refused = no_expense.post(BASE, json={"name": "X", "components": [{"report": "expense.by_category"}]})
    assert refused.status_code == 422 and "components.0.report" in refused.get_json()["errors"]

    set_enabled(registry, tenant, "expense", False)  # an app turned off: its components, its dashboard
    assert [c["report"] for c in api.get(url).get_json()["components"]] == ["books.sales_by_customer"]
    assert "Expense dashboard" not in [d["name"] for d in api.get(BASE).get_json()["data"]]
    assert api.patch(url, json={"components": [{"report": "books.sales_by_customer", "width": 4}]}).status_code == 200
    set_enabled(registry, tenant, "expense", True)  # what the user could not see was kept
    assert [(c["report"], c["width"]) for c in api.get(url).get_json()["components"]] == [
        ("books.sales_by_customer", 4), ("expense.by_category", 2), ("expense.by_customer", 2)]


@pytest.mark.parametrize("body, field", [
    ({"name": "X", "components": [{"report": "books.no_such_report"}]}, "components.0.report"),
    ({"name": "X", "components": [{"report": "custom.999999"}]}, "components.0.report"),
    ({"name": "X", "components": [{"report": "books.sales_by_user", "width": 5}]}, "components.0.width"),
    ({"name": "X", "components": [{"report": "books.sales_by_user", "width": 0}]}, "components.0.width"),
    ({"name": "X", "components": [{"report": "books.sales_by_user", "width": "2"}]}, "components.0.width"),
    ({"name": "X", "components": [{"report": "books.sales_by_user", "chart": "donut"}]}, "components.0.chart"),
    ({"name": "X", "components": [{"report": "books.sales_by_user", "colour": "red"}]}, "components.0.colour"),
    ({"name": "X", "components": [{"chart": "bar"}]}, "components.0.report"),
    ({"name": "X", "components": {"report": "books.sales_by_user"}}, "components"),
    ({"name": "  "}, "name"),
    ({"name": "x" * 101}, "name"),
    ({"shared": True}, "name"),
    ({"name": "X", "shared": "yes"}, "shared"),
    ({"name": "X", "based_on": "books.nothing"}, "based_on"),
    ({"name": "X", "owner": 1}, "owner"),
])
def test_b12_bad_input_is_a_422_naming_the_field_and_nothing_is_saved(api, tenant, body, field):
    before = Dashboard.scoped(tenant).count()
    created = api.post(BASE, json=body)
    assert created.status_code == 422 and field in created.get_json()["errors"], created.get_json()
    assert Dashboard.scoped(tenant).count() == before
    dashboard = api.post(BASE, json={"name": "Kept", "components": [{"report": "books.sales_by_user"}]}).get_json()
    if body != {"shared": True}:  # a change needs no name
        changed = api.patch(f"{BASE}/{dashboard['id']}", json=body)
        assert changed.status_code == 422 and field in changed.get_json()["errors"], changed.get_json()
    assert api.get(f"{BASE}/{dashboard['id']}").get_json() == dashboard  # unchanged


def test_b12_a_deleted_default_dashboard_stays_deleted_and_comes_back_from_based_on(api):
    books = _books_dashboard(api)
    assert api.delete(f"{BASE}/{books['id']}").status_code == 204
    assert "Books dashboard" not in [d["name"] for d in api.get(BASE).get_json()["data"]]
    again = api.post(BASE, json={"name": "Books again", "based_on": "books.books_dashboard", "shared": True})
    assert again.status_code == 201
    assert again.get_json()["components"] == books["components"]


def test_b12_first_requests_at_once_make_each_default_dashboard_once(app, make_tenant, make_user):
    tenant = make_tenant(apps=("books", "expense"))
    tokens = [ApiToken.issue(make_user(tenant), f"t{i}") for i in range(4)]
    answers, start = [], threading.Barrier(len(tokens))
    with serve(app) as base:
        def first_look(token):
            start.wait()
            answers.append(requests.get(f"{base}{BASE}", headers={"Authorization": f"Bearer {token}"}, timeout=30))
        threads = [threading.Thread(target=first_look, args=(token,)) for token in tokens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert [a.status_code for a in answers] == [200] * 4
    assert {tuple(d["name"] for d in a.json()["data"]) for a in answers} == {("Books dashboard", "Expense dashboard")}
    assert Dashboard.scoped(tenant).count() == 2
