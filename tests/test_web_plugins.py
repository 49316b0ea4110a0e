"""C4, C5 in the web UI: a plugin's module gets list, detail and form pages, its strips, related
lists with row links, product sections and status actions render, and it all answers 404 for a
tenant that has not enabled the app.

This file is itself the plugin (``tests.test_web_plugins``), loaded by a second application.
"""
from __future__ import annotations

import re

import peewee
import pytest
from marshmallow import fields, validate

from core import (
    Column, DetailStrip, Manifest, Migration, Module, Money, MoneyField, Permission, ProductSection, RecordSchema,
    RelatedList, StatusAction, StripItem, Tab, TenantModel, create_app, hookimpl, reference, required_text, text,
)
from core.crm.models import Account, Product
from core.db import db
from core.migrations import migrate
from core.models import UserSession
from core.provisioning import create_tenant, create_user
from core.testing import PASSWORD, csrf_from, unique

manifest = Manifest(name="webtest", label="Web test", version="0.0.1", description="Gadgets for the web tests.")


class Gadget(TenantModel):
    name = peewee.CharField(max_length=100)
    price = MoneyField(default=0)
    kind = peewee.CharField(max_length=20, default="small")
    notes = peewee.TextField(default="")
    status = peewee.CharField(max_length=20, default="draft")
    account = peewee.ForeignKeyField(Account, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "webtest_gadget"


class GadgetSchema(RecordSchema):
    name = required_text(100, "Gadget name")
    price = Money(load_default="0.00", metadata={"label": "Price"})
    kind = fields.String(load_default="small", validate=validate.OneOf(["small", "large"], labels=["Small", "Large"]),
                         metadata={"label": "Kind"})
    notes = text(1000, "Notes", metadata={"widget": "textarea"})
    status = fields.String(dump_only=True, metadata={"label": "Status"})
    account_id = reference("Account")


GADGETS = Module(name="webtest/gadgets", label="Gadgets", singular="Gadget", model=Gadget, schema=GadgetSchema,
                 app="webtest", columns=(Column("name", "Gadget name", link=True), Column("price", "Price"),
                                         Column("status", "Status")),
                 search_fields=("name",), sort_fields=("name", "price"), filter_fields=("status", "account_id"),
                 references={"account_id": "accounts"})


@hookimpl
def register_modules():
    return [GADGETS]


@hookimpl
def register_permissions():
    return [Permission("app.webtest", "Access Web test", "Apps")]


@hookimpl
def register_tabs():
    return [Tab(key="webtest", label="Web test", modules=("webtest/gadgets", "webtest/gizmos"), order=60, app="webtest")]


@hookimpl
def register_migrations():
    return [Migration("webtest", "0001_initial", lambda migrator, database: database.create_tables([Gadget]))]


@hookimpl
def related_lists(module, record, user):
    if module.name != "accounts":
        return None
    rows = list(Gadget.scoped(record.tenant_id).where(Gadget.account == record))
    return [RelatedList(key="gadgets", label="Gadgets", module="webtest/gadgets", records=rows,
                        columns=(Column("name", "Gadget name", link=True), Column("price", "Price")),
                        can_create=True, new_params={"account_id": record.id},
                        row_links=(("PDF", lambda g: f"/webtest/{g.id}.pdf"),))]


@hookimpl
def detail_strips(module, record, user):
    if module.name == "accounts":
        return [DetailStrip(key="money", label="Finance", items=[StripItem("Receivables", Gadget.price.default or 0),
                                                                 StripItem("Open gadgets", 3)])]
    return None


@hookimpl
def product_sections(record, user):
    return [ProductSection(key="stock", label="Finance information", items=[StripItem("On hand", 7)])]


@hookimpl
def status_actions(module, record, user):
    if module.name == "webtest/gadgets" and record.status == "draft":
        def ship(rec, usr):
            rec.status = "shipped"
            rec.save()
        return [StatusAction(key="ship", label="Mark as Shipped", run=ship)]
    return None


@pytest.fixture(scope="module")
def plugin_app(database_url, app):
    second = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000", "PLUGINS": ["tests.test_web_plugins", "tests.fake_plugins.sample",
                                                                       "tests.fake_plugins.depends_on_sample",
                                                                       "tests.fake_plugins.broken_import"]})
    with second.app_context(), db.connection_context():
        migrate(second.extensions["finsuite"])
    return second


@pytest.fixture
def login_in(plugin_app):
    """A logged-in client of the plugin app for a new tenant with ``apps`` enabled."""
    def make(apps=("webtest",)):
        with plugin_app.app_context(), db.connection_context():
            tenant = create_tenant(plugin_app.extensions["finsuite"], unique("w"), "Web org", apps=apps)
            user = create_user(tenant, f"{unique('w')}@example.com", PASSWORD)
            sid = UserSession.open(user)
        return client_with(plugin_app, sid), tenant
    return make


def client_with(plugin_app, sid):
    client = plugin_app.test_client()
    with client.session_transaction() as session:  # outside any db context: its teardown closes the db
        session["sid"] = sid
    return client


def in_db(plugin_app, fn):
    with plugin_app.app_context(), db.connection_context():
        return fn()


def test_c5_plugin_pages_404_when_the_app_is_disabled(plugin_app, login_in):
    client, tenant = login_in(apps=())
    gadget = in_db(plugin_app, lambda: Gadget.create(tenant=tenant, name="Hidden"))
    for url in ("/m/webtest/gadgets/", "/m/webtest/gadgets/new", f"/m/webtest/gadgets/{gadget.id}",
                f"/m/webtest/gadgets/{gadget.id}/edit", "/tab/webtest"):
        assert client.get(url).status_code == 404, url
    assert 'data-tab="webtest"' not in client.get("/").get_data(as_text=True)


def test_c4_plugin_module_list_form_and_detail(plugin_app, login_in):
    client, tenant = login_in()
    acme = in_db(plugin_app, lambda: Account.create(tenant=tenant, name="Acme"))
    assert 'data-tab="webtest"' in client.get("/").get_data(as_text=True)
    tab = client.get("/tab/webtest").get_data(as_text=True)
    assert 'href="/m/webtest/gadgets/"' in tab and "not installed yet" in tab
    form = client.get(f"/m/webtest/gadgets/new?account_id={acme.id}").get_data(as_text=True)
    assert '<textarea id="f-notes"' in form and '<option value="large">Large</option>' in form
    assert 'id="f-status"' not in form  # dump-only fields are not editable
    response = client.post("/m/webtest/gadgets/new", data={
        "csrf_token": csrf_from(form), "name": "Sprocket", "price": "19.99", "kind": "large", "notes": "",
        "account_id": str(acme.id)})
    assert response.status_code == 302
    gadget = in_db(plugin_app, lambda: Gadget.get(Gadget.name == "Sprocket"))
    assert str(gadget.price) == "19.99" and gadget.kind == "large"
    listing = client.get("/m/webtest/gadgets/").get_data(as_text=True)
    assert "Sprocket" in listing and "$19.99" in listing
    detail = client.get(f"/m/webtest/gadgets/{gadget.id}").get_data(as_text=True)
    assert "Mark as Shipped" in detail and f'href="/m/accounts/{acme.id}">Acme<' in detail


def test_c4_status_action_button_runs_the_action(plugin_app, login_in):
    client, tenant = login_in()
    gadget = in_db(plugin_app, lambda: Gadget.create(tenant=tenant, name="Box"))
    page = client.get(f"/m/webtest/gadgets/{gadget.id}").get_data(as_text=True)
    assert f'action="/m/webtest/gadgets/{gadget.id}/actions/ship"' in page
    response = client.post(f"/m/webtest/gadgets/{gadget.id}/actions/ship", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert in_db(plugin_app, lambda: Gadget.get_by_id(gadget.id).status) == "shipped"
    page = client.get(f"/m/webtest/gadgets/{gadget.id}").get_data(as_text=True)
    assert "Mark as Shipped: done." in page and "Mark as Shipped</button>" not in page
    again = client.post(f"/m/webtest/gadgets/{gadget.id}/actions/ship", data={"csrf_token": csrf_from(page)})
    shown = client.get(again.headers["Location"]).get_data(as_text=True)  # says what happened, and who
    assert re.search(r"This gadget was already marked as shipped by [^<]+ at \d", shown), shown


def test_c4_account_page_shows_plugin_strip_and_related_list_with_row_links(plugin_app, login_in):
    client, tenant = login_in()
    acme = in_db(plugin_app, lambda: Account.create(tenant=tenant, name="Acme"))
    gadget = in_db(plugin_app, lambda: Gadget.create(tenant=tenant, name="Cog", account=acme, price="5"))
    html = client.get(f"/m/accounts/{acme.id}").get_data(as_text=True)
    assert "Finance" in html and "Receivables" in html and "Open gadgets" in html
    related = html.split('id="related-gadgets"')[1].split("</section>")[0]
    assert "Cog" in related and "$5.00" in related and f'href="/webtest/{gadget.id}.pdf">PDF<' in related
    assert f"/m/webtest/gadgets/new?account_id={acme.id}" in related


def test_b6_product_page_shows_plugin_sections(plugin_app, login_in):
    client, tenant = login_in()
    product = in_db(plugin_app, lambda: Product.create(tenant=tenant, name="Bolt"))
    html = client.get(f"/m/products/{product.id}").get_data(as_text=True)
    assert "Finance information" in html and "On hand" in html


def test_p1_plugin_related_list_hidden_without_the_app_permission(plugin_app, login_in):
    from core.models import Profile
    client, tenant = login_in()
    acme = in_db(plugin_app, lambda: Account.create(tenant=tenant, name="Acme"))

    def restrict():
        profile = Profile.get(Profile.tenant == tenant, Profile.name == "Standard")
        profile.grants = [k for k in profile.grants if k != "app.webtest"]
        profile.save()
        user = create_user(tenant, f"{unique('w')}@example.com", PASSWORD, profile="Standard")
        return UserSession.open(user)
    sid = in_db(plugin_app, restrict)
    other = client_with(plugin_app, sid)
    assert 'id="related-gadgets"' in client.get(f"/m/accounts/{acme.id}").get_data(as_text=True)
    html = other.get(f"/m/accounts/{acme.id}").get_data(as_text=True)
    assert 'id="related-gadgets"' not in html and 'data-tab="webtest"' not in html
    assert other.get("/m/webtest/gadgets/").status_code == 403


def test_c5_setup_plugins_shows_dependency_errors_and_load_failures(plugin_app, login_in):
    from core.tenancy import enabled_apps
    client, tenant = login_in(apps=())
    html = client.get("/setup/plugins").get_data(as_text=True)
    assert 'data-plugin="webtest"' in html and "Gadgets for the web tests." in html
    assert "Needs: sample" in html
    failures = html.split("Plugins that failed to load")[1]
    assert "tests.fake_plugins.broken_import" in failures and "broken on purpose" in failures
    response = client.post("/setup/plugins/needs_sample", data={"csrf_token": csrf_from(html), "enabled": "1"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "flash-error" in page and "needs sample enabled first" in page
    assert "needs_sample" not in in_db(plugin_app, lambda: enabled_apps(tenant))
    client.post("/setup/plugins/sample", data={"csrf_token": csrf_from(html), "enabled": "1"})
    client.post("/setup/plugins/needs_sample", data={"csrf_token": csrf_from(html), "enabled": "1"})
    assert in_db(plugin_app, lambda: enabled_apps(tenant)) == ["needs_sample", "sample"]
