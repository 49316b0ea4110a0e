"""Y2, Y4 and tenant isolation of the periodic syncs; the pull of balances by cursor."""
from __future__ import annotations

from decimal import Decimal

from core.crm.models import Account, Contact, Product
from core.finance.local.service import LocalFinance
from core.records import create_record
from core.sync.connections import sync_settings
from core.sync.jobs import pull, start_push
from core.sync.models import SyncMapping, SyncRun
from core.sync.worker import drain
from tests.sync_helpers import finance_records, new_tenant, outbox, sync, sync_app  # noqa: F401


def test_y2_contacts_sync_pushes_accounts_and_contacts_then_only_what_changed(sync):
    tenant, _ = new_tenant(sync)
    acme = Account.create(tenant=tenant, name="Acme")
    Contact.create(tenant=tenant, first_name="Ada", last_name="Lovelace", account=acme)
    Product.create(tenant=tenant, name="Not in this job")
    run = start_push(sync, tenant, "contacts")
    assert run.total == 2 and run.state == "running"
    drain(sync)
    run = SyncRun.get_by_id(run.id)
    assert (run.state, run.done, run.failed) == ("ok", 2, 0)
    assert sorted(c["contact_name"] for c in finance_records(tenant, "contacts")) == ["Acme", "Ada Lovelace"]
    assert start_push(sync, tenant, "contacts").total == 0  # nothing changed
    acme.city = "Lyon"
    acme.save()
    again = start_push(sync, tenant, "contacts")
    assert again.total == 1
    drain(sync)
    assert len(finance_records(tenant, "contacts")) == 2


def test_y4_instant_switch_makes_accounts_sync_on_save(sync):
    tenant, user = new_tenant(sync)
    accounts = sync.modules["accounts"]
    create_record(accounts, tenant, user, {"name": "Periodic Ltd"})
    assert outbox(tenant) == []  # waits for the 2-hour run
    switches = sync_settings(tenant)
    switches.instant_contacts = True
    switches.save()
    record = create_record(accounts, tenant, user, {"name": "Instant Ltd"})
    assert [(r.module, r.record_id) for r in outbox(tenant)] == [("accounts", record.id)]
    create_record(sync.modules["products"], tenant, user, {"name": "Gizmo"})
    assert len(outbox(tenant)) == 1  # products have their own switch


def test_c1_one_tenants_sync_never_touches_anothers_data(sync):
    a, _ = new_tenant(sync)
    b, _ = new_tenant(sync)
    Account.create(tenant=a, name="A's customer")
    Account.create(tenant=b, name="B's customer")
    start_push(sync, a, "contacts")
    drain(sync)
    assert [c["contact_name"] for c in finance_records(a, "contacts")] == ["A's customer"]
    assert finance_records(b, "contacts") == []
    assert SyncMapping.select().where(SyncMapping.tenant == b).count() == 0


def test_y2_a_disabled_apps_jobs_do_nothing_for_that_tenant(sync):
    tenant, _ = new_tenant(sync, apps=())
    Account.create(tenant=tenant, name="Nobody syncs me")
    run = start_push(sync, tenant, "contacts")
    assert (run.total, run.state) == (0, "ok")
    assert outbox(tenant) == []


def test_b5_pull_brings_back_balances_by_cursor_and_reads_nothing_twice(sync):
    tenant, _ = new_tenant(sync)
    account = Account.create(tenant=tenant, name="Debtor SA")
    start_push(sync, tenant, "contacts")
    drain(sync)
    mapping = SyncMapping.get(SyncMapping.module == "accounts", SyncMapping.record_id == account.id)
    finance = LocalFinance(tenant.slug)
    invoice = finance.create("invoices", {"customer_id": mapping.finance_id, "crm_id": "finance-side:1",
                                          "line_items": [{"name": "Consulting", "quantity": "2", "rate": "150.00"}]})
    finance.action("invoices", invoice["id"], "mark_sent")
    finance.record_payment(invoice["id"], "100.00")
    first = pull(sync, tenant)
    assert first.state == "ok" and first.done >= 1
    remote = SyncMapping.get_by_id(mapping.id).remote
    assert Decimal(remote["outstanding_receivable_amount"]) == Decimal("200.00")
    assert pull(sync, tenant).done == 0  # incremental: nothing changed since the cursor


def test_y3_pull_imports_records_made_only_in_the_finance_application(sync):
    """Payments exist only on the finance side: the pull makes a CRM record for each one of a
    customer we know, once, and updates it later; other organisations' payments stay out."""
    from tests.fake_plugins.sync_docs import Payment
    tenant, user = new_tenant(sync)
    acme = create_record(sync.modules["accounts"], tenant, user, {"name": "Acme"})
    start_push(sync, tenant, "contacts")
    drain(sync)
    books = LocalFinance(tenant.slug)
    customer = SyncMapping.get((SyncMapping.module == "accounts") & (SyncMapping.record_id == acme.id)).finance_id
    stranger = books.create("contacts", {"contact_name": "Not in the CRM", "contact_type": "customer",
                                         "crm_id": "elsewhere:1"})["id"]
    for who in (customer, stranger):
        invoice = books.create("invoices", {"customer_id": who, "crm_id": f"x:{who}", "line_items": [
            {"name": "Work", "quantity": "1", "rate": "100.00"}]})
        books.action("invoices", invoice["id"], "mark_sent")
        books.record_payment(invoice["id"], "40.00")
    pull(sync, tenant)
    [payment] = list(Payment.scoped(tenant))
    assert (payment.account_id, payment.amount) == (acme.id, Decimal("40.00")) and payment.number
    pull(sync, tenant)
    assert Payment.scoped(tenant).count() == 1  # imported once
    other, _ = new_tenant(sync)
    pull(sync, other)
    assert Payment.scoped(other).count() == 0


class WithoutTimes:
    """The embedded service answering lists as Zoho's item list does: entries without
    ``last_modified_time``."""

    def __init__(self, service):
        self.service = service

    def __getattr__(self, name):
        return getattr(self.service, name)

    def list_changed(self, doc_type, since):
        for record in self.service.list_changed(doc_type, since):
            yield {k: v for k, v in record.items() if k != "last_modified_time"}


def test_y2_a_list_entry_without_a_modified_time_is_applied_when_its_fields_changed(sync):
    """Stock pulled from a list whose entries carry no time: each pull compares the fields."""
    from core.declarations import ConnectorSpec
    from core.sync.connections import configure
    tenant, _ = new_tenant(sync)
    product = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("5"))
    start_push(sync, tenant, "products")
    drain(sync)
    sync.connectors["untimed"] = ConnectorSpec("untimed", "Untimed", lambda s: WithoutTimes(
        LocalFinance(s["organization_id"], s.get("app"))), cursor_overlap_seconds=0)
    try:
        configure(tenant, "synctest", "untimed", tenant.slug)
        mine = (SyncMapping.module == "products") & (SyncMapping.record_id == product.id)
        SyncMapping.update(org_key=f"untimed:{tenant.slug}").where(mine).execute()
        pull(sync, tenant)
        item_id = SyncMapping.get(mine).finance_id
        LocalFinance(tenant.slug).adjust_stock(item_id, "7")
        pull(sync, tenant)
        assert Decimal(SyncMapping.get(mine).remote["stock_on_hand"]) == 7
    finally:
        configure(tenant, "synctest", "local", tenant.slug)
        del sync.connectors["untimed"]
