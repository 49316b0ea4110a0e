"""C5: a plugin whose page hook raises loses its part, never the page. The account page shows the
other plugins' lists and strips with a short error panel in its place, the API answers 200 with
a ``Warning`` header, Setup > Plugins lists the fault (for this organisation only) and the log
has the traceback.

This file is itself the plugin (``tests.test_plugin_isolation_c5``, "Faulty Ledger"), loaded by
a second application next to ``tests.fake_plugins.sample``, whose parts must still show.
"""
from __future__ import annotations

import logging

import pytest

from core import Manifest, create_app, hookimpl
from core.crm.models import Account, Product
from core.db import db
from core.migrations import migrate
from core.models import ApiToken, UserSession
from core.provisioning import create_tenant, create_user
from core.testing import PASSWORD, ApiClient, unique

manifest = Manifest(name="faulty", label="Faulty Ledger", version="0.0.1", description="Fails on purpose.")


class LedgerDown(RuntimeError):
    pass


def _fail(*_args):
    raise LedgerDown("ledger offline: secret-host:5432")


@hookimpl
def related_lists(module, record, user):
    _fail()


@hookimpl
def detail_strips(module, record):
    _fail()


@hookimpl
def product_sections(record):
    _fail()


@hookimpl
def status_actions(module, record, user):
    _fail()


@hookimpl
def email_options(module, record):
    _fail()


@hookimpl
def record_title(module, record):
    _fail()


@pytest.fixture(scope="module")
def faulty_app(app, database_url):
    previous = db.obj
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
                         "PLUGINS": ["tests.test_plugin_isolation_c5", "tests.fake_plugins.sample",
                                     "tests.fake_plugins.broken_import"]})
    assert {"faulty", "sample"} <= set(second.extensions["finsuite"].manifests)
    with second.app_context(), db.connection_context():
        migrate(second.extensions["finsuite"])
    yield second
    db.initialize(previous)


@pytest.fixture
def org(faulty_app):
    """A new organisation with Faulty Ledger and Sample enabled: its admin's browser and API
    clients, and an account."""
    with faulty_app.app_context(), db.connection_context():
        tenant = create_tenant(faulty_app.extensions["finsuite"], unique("f"), "Fault org", apps=("faulty", "sample"))
        user = create_user(tenant, f"{unique('f')}@example.com", PASSWORD)
        sid, token = UserSession.open(user), ApiToken.issue(user, "test")
        account = Account.create(tenant=tenant, name="Acme Faults")
    web = faulty_app.test_client()
    with web.session_transaction() as session:
        session["sid"] = sid
    return web, ApiClient(faulty_app.test_client(), token), tenant, account


def test_c5_account_page_renders_other_plugins_parts_and_an_error_panel(org, caplog):
    web, _api, _tenant, account = org
    caplog.set_level(logging.ERROR, logger="core.plugin_faults")
    response = web.get(f"/m/accounts/{account.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Acme Faults</h1>" in html  # the failing record_title fell through to the CRM's
    assert 'id="related-contacts"' in html and 'id="related-sample"' in html  # the CRM's and Sample's lists
    assert "Sample strip" in html and 'data-action="close"' in html  # Sample's strip and action
    panels = html.split('data-plugin-fault="faulty"')[1:]
    assert {p.split('"')[1] for p in panels} == {"related_lists", "detail_strips", "status_actions"}
    assert "Faulty Ledger could not show this part." in html and "Faulty Ledger could not offer its actions." in html
    assert "ledger offline" not in html and "Traceback" not in html and "secret-host" not in html
    logged = [r for r in caplog.records if "plugin faulty failed in hook related_lists" in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info and "LedgerDown: ledger offline" in caplog.text


def test_c5_product_page_and_email_dialog_keep_the_other_plugins_parts(faulty_app, org):
    web, _api, tenant, account = org
    product = _in_db(faulty_app, lambda: Product.create(tenant=tenant, name="Bolt"))
    html = web.get(f"/m/products/{product.id}").get_data(as_text=True)
    assert "Sample section" in html and "Faulty Ledger could not show this part." in html
    dialog = web.get(f"/m/accounts/{account.id}/email")
    html = dialog.get_data(as_text=True)
    assert dialog.status_code == 200 and "Attach sample" in html
    assert "Faulty Ledger could not offer its e-mail options." in html


def test_c5_api_answers_200_without_the_plugins_part_and_warns(org):
    _web, api, _tenant, account = org
    related = api.get(f"/api/v1/accounts/{account.id}/related")
    assert related.status_code == 200
    assert {"contacts", "sample"} <= {item["key"] for item in related.get_json()}
    assert related.headers.getlist("Warning") == ['299 - "plugin faulty failed in related_lists; its part is left out"']
    strips = api.get(f"/api/v1/accounts/{account.id}/strips")
    assert strips.status_code == 200 and [s["key"] for s in strips.get_json()] == ["sample"]
    assert "failed in detail_strips" in strips.headers["Warning"]
    actions = api.get(f"/api/v1/accounts/{account.id}/actions")
    assert actions.status_code == 200 and [a["key"] for a in actions.get_json()] == ["close"]
    ran = api.post(f"/api/v1/accounts/{account.id}/actions/close")  # another plugin's action still runs
    assert ran.status_code == 200 and "failed in status_actions" in ran.headers["Warning"]
    assert "Warning" in api.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/accounts/{id}/related"][
        "get"]["responses"]["200"]["headers"]


def test_c5_setup_plugins_lists_runtime_faults_of_this_organisation_and_load_failures(faulty_app, org):
    web, _api, _tenant, account = org
    web.get(f"/m/accounts/{account.id}")
    web.get(f"/m/accounts/{account.id}")
    html = web.get("/setup/plugins").get_data(as_text=True)
    assert "tests.fake_plugins.broken_import" in html.split("Plugins that failed to load")[1]
    faults = html.split('id="plugin-faults"')[1].split("</section>")[0]
    row = faults.split('data-fault="faulty:related_lists"')[1].split("</tr>")[0]
    assert "LedgerDown: ledger offline" in row and "<td>2</td>" in row
    overview = web.get("/setup/").get_data(as_text=True)
    assert "failed while running" in overview  # the Setup overview's Plugins card says so too
    other_web, *_rest = _other_org(faulty_app)
    other = other_web.get("/setup/plugins").get_data(as_text=True)
    assert 'id="plugin-faults"' not in other  # another organisation's errors stay its own
    assert "failed while running" not in other_web.get("/setup/").get_data(as_text=True)


def _in_db(flask_app, fn):
    with flask_app.app_context(), db.connection_context():
        return fn()


def _other_org(faulty_app):
    with faulty_app.app_context(), db.connection_context():
        tenant = create_tenant(faulty_app.extensions["finsuite"], unique("f"), "Quiet org", apps=("faulty",))
        sid = UserSession.open(create_user(tenant, f"{unique('f')}@example.com", PASSWORD))
    web = faulty_app.test_client()
    with web.session_transaction() as session:
        session["sid"] = sid
    return web, tenant
