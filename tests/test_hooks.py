"""C4: each hook, exercised through a third-party-style plugin (tests/fake_plugins/sample.py)
and the core's own CRM plugin."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from core import create_app
from core.db import db
from core.migrations import migrate
from core.models import SchemaMigration, UserSession
from core.pages import detail_strips, email_options, product_sections, related_lists, status_actions
from core.permissions import can
from core.records import title
from core.registry import Registry
from core.tenancy import set_enabled


@pytest.fixture(scope="module")
def sample_app(app, database_url):
    """An application with the sample plugin loaded, on the suite's database."""
    return create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", "PLUGINS": ["tests.fake_plugins.sample"],
                       "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


@pytest.fixture
def sample():
    registry = Registry()
    registry.load(extra=["tests.fake_plugins.sample"], use_entry_points=False)
    assert registry.failures == []
    return registry


ADMIN = SimpleNamespace(is_active=True, profile=SimpleNamespace(is_admin=True, grants=frozenset()))


def test_hook_register_modules(registry):
    assert list(registry.modules)[:5] == ["accounts", "contacts", "vendors", "deals", "products"]
    assert registry.modules["contacts"].references == {"account_id": "accounts"}


def test_hook_register_tabs(sample):
    keys = [t.key for t in sample.tabs]
    assert keys[:5] == ["accounts", "contacts", "vendors", "deals", "products"]
    assert keys[-1] == "sample"  # order=90 sorts it after the CRM tabs


def test_hook_register_permissions(registry):
    assert registry.permissions["books.email"].group == "Books"
    assert {"app.books", "app.invoice", "app.expense", "app.inventory", "app.subscriptions"} <= set(registry.permissions)


def test_hook_register_sync_jobs(sample):
    job = sample.sync_jobs["sample.pull"]
    assert job.app == "sample" and job.interval_seconds == 7200


def test_hook_register_sync_types(registry):
    books_accounts = registry.sync_types["books:accounts"]
    assert (books_accounts.doc_type, books_accounts.instant, books_accounts.job) == ("contacts", False, "contacts")
    assert registry.sync_types["books:vendors"].job == "vendors"
    assert "expense:products" not in registry.sync_types  # Expense needs no items
    assert registry.sync_types["invoice:products"].doc_type == "items"


def test_hook_register_reports(sample):
    report = sample.reports["sample.count"]
    assert sample.report_folders[report.folder].label == "Sample reports"
    assert report.definition.module == "accounts"


def test_hook_register_report_folders(sample, registry):
    assert sample.report_folders["sample"].app == "sample"
    books = registry.report_folders["books"]
    assert (str(books.label), dict(books.renamed_with)["inventory"]) == ("Books reports", "Finance reports")


def test_hook_register_dashboard_components(sample):
    assert sample.dashboard_components["sample.chart"].report in sample.reports


def test_hook_register_pdf_templates(sample):
    assert sample.pdf_templates["accounts"].template == "sample/account.html"


def test_hook_register_email_templates(sample):
    template = sample.email_templates["accounts"]
    assert template.subject == "Hello {{ title }}"
    assert template.recipients(SimpleNamespace(email="ada@example.com")) == ["ada@example.com"]


def test_hook_register_settings(sample):
    assert sample.settings["sample.mode"].default == "off"
    assert [v for v, _label in sample.settings["sample.mode"].choices] == ["off", "on"]


def test_hook_record_saved(sample_app, make_tenant, make_user):
    """Heard after create and update, with the changed fields; not by a tenant without the app."""
    from core.records import create_record, update_record
    from tests.fake_plugins import sample as plugin
    other = sample_app
    registry = other.extensions["finsuite"]
    with other.app_context():
        tenant = make_tenant(apps=())
        user = make_user(tenant)
        accounts = registry.modules["accounts"]
        plugin.SAVED.clear()
        create_record(accounts, tenant, user, {"name": "Quiet"})
        assert plugin.SAVED == []  # the tenant has not enabled the sample app
        set_enabled(registry, tenant, "sample", True)
        account = create_record(accounts, tenant, user, {"name": "Acme"})
        update_record(accounts, tenant, user, account, {"city": "Lyon"})
    assert plugin.SAVED[0][:3] == ("accounts", account.id, True) and "name" in plugin.SAVED[0][3]
    assert plugin.SAVED[1] == ("accounts", account.id, False, ["city"])


def test_hook_validate_record(sample_app, make_tenant, make_user):
    """A rule across records refuses a create and an update naming the field; nothing is
    written; a tenant without the app is not asked."""
    from core.crm.models import Account
    from core.records import Invalid, create_record, update_record
    other = sample_app
    registry = other.extensions["finsuite"]
    with other.app_context():
        tenant = make_tenant(apps=())
        user = make_user(tenant)
        accounts = registry.modules["accounts"]
        create_record(accounts, tenant, user, {"name": "Acme"})
        create_record(accounts, tenant, user, {"name": "Acme"})  # the tenant has not enabled the sample app
        set_enabled(registry, tenant, "sample", True)
        with pytest.raises(Invalid) as refused:
            create_record(accounts, tenant, user, {"name": "Acme"})
        assert refused.value.errors == {"name": ["Another account is named Acme."]}
        zurich = create_record(accounts, tenant, user, {"name": "Zurich"})
        with pytest.raises(Invalid) as refused:
            update_record(accounts, tenant, user, zurich, {"name": "Acme", "city": "Basel"})
        assert refused.value.errors == {"name": ["Another account is named Acme."]}
        stored = Account.get_by_id(zurich.id)
        assert (stored.name, stored.city) == ("Zurich", "")
        assert Account.scoped(tenant).where(Account.name == "Acme").count() == 2
        with pytest.raises(Invalid) as refused:  # a check that cannot run lets nothing through
            create_record(accounts, tenant, user, {"name": "Crash"})
        assert refused.value.errors == {"_schema": [
            "A plugin could not check this record, so nothing was saved. Try again, or tell your administrator."]}
        assert not Account.scoped(tenant).where(Account.name == "Crash").exists()


def test_hook_demo_records(sample_app, make_tenant, make_user):
    """Called with the CRM's demo records for a tenant that has the app, not for one without."""
    from core.demo import load_demo
    from tests.fake_plugins import sample as plugin
    other = sample_app
    registry = other.extensions["finsuite"]
    with other.app_context():
        plugin.DEMO.clear()
        without = make_tenant(apps=())
        load_demo(registry, without, [make_user(without)])
        assert plugin.DEMO == []
        tenant = make_tenant(apps=())
        set_enabled(registry, tenant, "sample", True)
        load_demo(registry, tenant, [make_user(tenant)])
    assert plugin.DEMO == [(tenant.slug, ["accounts", "contacts", "deals", "products", "vendors"], 1)]


def test_hook_register_connectors(sample):
    assert sample.connectors["sample-erp"].apps == ("sample",)


def test_hook_register_migrations(app, database_url):
    from tests.fake_plugins import sample as plugin
    other = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", "PLUGINS": ["tests.fake_plugins.sample"],
                        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with db.connection_context():
        before = SchemaMigration.select().where(SchemaMigration.app == "sample").count()
        calls = len(plugin.MIGRATED)
        first = migrate(other.extensions["finsuite"])
        again = migrate(other.extensions["finsuite"])
        recorded = SchemaMigration.select().where(SchemaMigration.app == "sample").count()
    assert first == ([] if before else ["sample.0001_initial"])  # applied once per database
    assert len(plugin.MIGRATED) == calls + (0 if before else 1)
    assert again == []
    assert recorded == 1


def test_hook_register_blueprints(sample_app, make_tenant, make_user):
    other = sample_app
    registry = other.extensions["finsuite"]
    tenant = make_tenant(apps=())
    user = make_user(tenant)
    client = other.test_client()
    with client.session_transaction() as session:
        session["sid"] = UserSession.open(user)
    assert client.get("/sample/ping").status_code == 404  # the tenant has not enabled it
    set_enabled(registry, tenant, "sample", True)
    response = client.get("/sample/ping")
    assert response.status_code == 200 and response.get_data(as_text=True) == "pong"


def test_hook_related_lists(sample, registry, ctx, tenant, admin):
    from core.crm.models import Account, Contact
    accounts = registry.modules["accounts"]
    account = Account.create(tenant=tenant, name="Acme")
    Contact.create(tenant=tenant, last_name="Zola", account=account)
    Contact.create(tenant=tenant, last_name="Adams", account=account)
    lists = related_lists(registry.relay([]), accounts, account, admin)
    contacts = next(lst for lst in lists if lst.key == "contacts")
    assert [c.last_name for c in contacts.records] == ["Adams", "Zola"]
    assert contacts.new_params == {"account_id": account.id}
    assert [lst.key for lst in related_lists(sample.relay(["sample"]), sample.modules["accounts"], account, admin)][0] == "sample"


def test_hook_detail_strips(sample):
    strips = detail_strips(sample.relay(["sample"]), None, None, ADMIN)
    assert [(s.key, s.items[0].value) for s in strips] == [("sample", 42)]
    assert detail_strips(sample.relay([]), None, None, ADMIN) == []


def test_hook_product_sections(sample):
    sections = product_sections(sample.relay(["sample"]), None, ADMIN)
    assert sections[0].label == "Sample section"


def test_hook_status_actions(sample):
    module = sample.modules["accounts"]
    record = SimpleNamespace(id=1)
    actions = status_actions(sample.relay(["sample"]), module, record, ADMIN)
    assert [a.key for a in actions] == ["close"]
    actions[0].run(record, ADMIN)
    assert record.closed_by is ADMIN
    reader = SimpleNamespace(is_active=True, profile=SimpleNamespace(is_admin=False, grants=frozenset({"accounts.view"})))
    assert status_actions(sample.relay(["sample"]), module, record, reader) == []  # needs edit


def test_hook_email_options(sample):
    options = email_options(sample.relay(["sample"]), None, None, ADMIN)
    assert [(o.key, o.default) for o in options] == [("attach_sample", True)]


def test_hook_permission_denied(sample):
    relay = sample.relay(["sample"])
    assert can(ADMIN, "sample.special", SimpleNamespace(locked=False), relay)
    assert not can(ADMIN, "sample.special", SimpleNamespace(locked=True), relay)
    assert can(ADMIN, "sample.special", SimpleNamespace(locked=True), sample.relay([]))


def test_hook_record_title(sample, registry, ctx, tenant):
    from core.crm.models import Contact
    contacts = registry.modules["contacts"]
    contact = Contact.create(tenant=tenant, first_name="Ada", last_name="Lovelace")
    assert title(contacts, contact, registry.relay([])) == "Ada Lovelace"
    marked = SimpleNamespace(id=7, sampled=True, name="plain")
    assert title(sample.modules["accounts"], marked, sample.relay(["sample"])) == "Sample 7"
    assert title(sample.modules["accounts"], marked, sample.relay([])) == "plain"
