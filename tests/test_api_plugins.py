"""C6/C4/C1: a plugin's modules get the same API: 404 unless the tenant enabled the app,
related lists, strips and status actions from its hooks, read-only modules, OpenAPI."""
from __future__ import annotations

import pytest

from core import create_app
from core.db import db
from core.migrations import migrate
from core.models import ApiToken, Profile
from core.provisioning import create_tenant
from core.tenancy import set_enabled
from core.testing import unique

WIDGETS = "/api/v1/apitest/widgets"


@pytest.fixture(scope="module")
def plugin_app(app, database_url):
    """A second application, on the same database, that also loads tests.api_fixture_plugin."""
    previous = db.obj
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "PLUGINS": ["tests.api_fixture_plugin"]})
    assert not second.extensions["finsuite"].failures
    with db.connection_context():
        migrate(second.extensions["finsuite"])
    yield second
    db.initialize(previous)


class Client:
    def __init__(self, flask_app, user):
        self.client = flask_app.test_client()
        self.headers = {"Authorization": f"Bearer {ApiToken.issue(user, 'test')}"}

    def __getattr__(self, method):
        return lambda url, **kw: getattr(self.client, method)(url, headers=self.headers, **kw)


@pytest.fixture
def plugin_tenant(plugin_app, ctx):
    def make(apps=("apitest",)):
        slug = unique("p")
        return create_tenant(plugin_app.extensions["finsuite"], slug, f"Org {slug}", apps=apps)
    return make


@pytest.fixture
def client(plugin_app, plugin_tenant, make_user):
    return Client(plugin_app, make_user(plugin_tenant()))


def _profile(tenant, name, grants):
    profile = Profile(tenant=tenant, name=name, is_admin=False)
    profile.grants = grants
    profile.save()


def test_c6_plugin_module_crud(client):
    assert {"apitest/widgets", "apitest/logs"} <= {m["name"] for m in client.get("/api/v1/modules").get_json()}
    created = client.post(WIDGETS, json={"name": "Sprocket", "amount": "59.97"})
    assert created.status_code == 201, created.get_json()
    widget = created.get_json()
    assert (widget["amount"], widget["status"]) == ("59.97", "draft")
    assert created.headers["Location"].endswith(f"{WIDGETS}/{widget['id']}")
    assert client.get(f"{WIDGETS}?status=draft").get_json()["total"] == 1
    assert client.patch(f"{WIDGETS}/{widget['id']}", json={"amount": "0.30"}).get_json()["amount"] == "0.30"
    assert "status" in client.patch(f"{WIDGETS}/{widget['id']}", json={"status": "approved"}).get_json()["errors"]
    assert client.delete(f"{WIDGETS}/{widget['id']}").status_code == 204
    assert client.get(f"{WIDGETS}/{widget['id']}").status_code == 404


def test_c1_module_of_an_app_the_tenant_has_not_enabled_is_404(plugin_app, plugin_tenant, make_user):
    registry = plugin_app.extensions["finsuite"]
    tenant = plugin_tenant(apps=())
    client = Client(plugin_app, make_user(tenant))
    assert not [m for m in client.get("/api/v1/modules").get_json() if m["app"] == "apitest"]
    assert client.get(WIDGETS).status_code == 404
    assert client.post(WIDGETS, json={"name": "No"}).status_code == 404

    set_enabled(registry, tenant, "apitest", True)
    widget = client.post(WIDGETS, json={"name": "Now yes"}).get_json()
    set_enabled(registry, tenant, "apitest", False)
    url = f"{WIDGETS}/{widget['id']}"
    for response in (client.get(WIDGETS), client.get(url), client.patch(url, json={"name": "x"}),
                     client.get(f"{url}/actions"), client.post(f"{url}/actions/approve"), client.delete(url)):
        assert response.status_code == 404 and response.is_json
    set_enabled(registry, tenant, "apitest", True)  # disabling kept the data
    assert client.get(url).get_json()["name"] == "Now yes"


def test_c4_c6_related_lists_and_strips_from_a_plugin(client, plugin_app, plugin_tenant, make_user):
    account = client.post("/api/v1/accounts", json={"name": "Customer"}).get_json()
    for amount in ("0.10", "0.20"):
        client.post(WIDGETS, json={"name": f"W {amount}", "amount": amount, "account_id": account["id"]})
    strips = {s["key"]: s for s in client.get(f"/api/v1/accounts/{account['id']}/strips").get_json()}
    assert strips["apitest"]["label"] == "Widget totals"
    assert strips["apitest"]["items"] == [{"label": "Widgets total", "value": "0.30"}, {"label": "Count", "value": 2}]
    related = {r["key"]: r for r in client.get(f"/api/v1/accounts/{account['id']}/related").get_json()}
    widgets = related["apitest_widgets"]
    assert (widgets["label"], widgets["module"], widgets["can_create"]) == ("Widgets", "apitest/widgets", True)
    assert [w["amount"] for w in widgets["records"]] == ["0.10", "0.20"]

    # a tenant without the app: the plugin's hooks do not answer
    other = Client(plugin_app, make_user(plugin_tenant(apps=())))
    plain = other.post("/api/v1/accounts", json={"name": "Plain"}).get_json()
    assert "apitest" not in {s["key"] for s in other.get(f"/api/v1/accounts/{plain['id']}/strips").get_json()}
    assert "apitest_widgets" not in {r["key"] for r in other.get(f"/api/v1/accounts/{plain['id']}/related").get_json()}


def test_c4_c6_status_actions(client):
    widget = client.post(WIDGETS, json={"name": "Flow"}).get_json()
    url = f"{WIDGETS}/{widget['id']}"
    assert client.get(f"{url}/actions").get_json() == [{"key": "approve", "label": "Approve"},
                                                      {"key": "archive", "label": "Archive"}]
    done = client.post(f"{url}/actions/approve")
    assert done.status_code == 200 and done.get_json()["status"] == "approved"
    assert client.get(url).get_json()["status"] == "approved"
    assert client.get(f"{url}/actions").get_json() == []
    again = client.post(f"{url}/actions/approve")
    assert again.status_code == 409
    assert again.get_json()["status"] == "approved" and "approve" in again.get_json()["error"]


def test_c2_status_action_needs_its_permission(plugin_app, plugin_tenant, make_user):
    tenant = plugin_tenant()
    _profile(tenant, "Widget clerk", ["app.apitest", "apitest/widgets.view", "apitest/widgets.create",
                                      "apitest/widgets.edit"])
    clerk = Client(plugin_app, make_user(tenant, profile="Widget clerk"))
    widget = clerk.post(WIDGETS, json={"name": "Guarded"}).get_json()
    url = f"{WIDGETS}/{widget['id']}"
    assert [a["key"] for a in clerk.get(f"{url}/actions").get_json()] == ["approve"]
    assert clerk.post(f"{url}/actions/archive").status_code == 403
    reader = Client(plugin_app, make_user(tenant, profile="Read only"))
    assert reader.get(f"{url}/actions").get_json() == []
    assert reader.post(f"{url}/actions/approve").status_code == 403
    assert clerk.get(url).get_json()["status"] == "draft"


def test_c2_app_access_permission_is_needed(plugin_app, plugin_tenant, make_user):
    tenant = plugin_tenant()
    _profile(tenant, "No app", ["apitest/widgets.view", "accounts.view"])
    user = Client(plugin_app, make_user(tenant, profile="No app"))
    assert user.get(WIDGETS).status_code == 403
    assert [m["name"] for m in user.get("/api/v1/modules").get_json()] == ["accounts"]


def test_c6_read_only_module_refuses_writes(client):
    widget = client.post(WIDGETS, json={"name": "Logged"}).get_json()
    logs = "/api/v1/apitest/logs"
    assert [r["id"] for r in client.get(logs).get_json()["data"]] == [widget["id"]]
    for response in (client.post(logs, json={"name": "x"}), client.patch(f"{logs}/{widget['id']}", json={"name": "x"}),
                     client.delete(f"{logs}/{widget['id']}")):
        assert response.status_code == 405 and response.is_json and response.get_json()["error"]
    assert client.get(f"{WIDGETS}/{widget['id']}").get_json()["name"] == "Logged"


def test_c6_openapi_covers_plugin_modules(plugin_app):
    doc = plugin_app.test_client().get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/apitest/widgets", "/api/v1/apitest/widgets/{id}",
            "/api/v1/apitest/widgets/{id}/actions/{action}"} <= set(doc["paths"])
    widget = doc["components"]["schemas"]["ApitestWidget"]
    assert widget["properties"]["amount"]["type"] == "string"
    assert widget["properties"]["status"]["readOnly"] is True
    assert "post" not in doc["paths"]["/api/v1/apitest/logs"]
    assert "patch" not in doc["paths"]["/api/v1/apitest/logs/{id}"]
