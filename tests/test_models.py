"""C1/C3 data layer: exact money, tenant scoping, migrations that keep data."""
from __future__ import annotations

from decimal import Decimal

from peewee import CharField

from core.crm.models import Account, Deal
from core.db import db
from core.migrations import migrate
from core.models import AuditLog, money_sum
from core.records import create_record, update_record


def test_c3_money_is_exact_decimal_in_rows_and_sums(ctx, make_tenant):
    tenant = make_tenant(apps=())
    for amount in ("0.10", "0.20", "1234567890.99", "19.995"):
        Deal.create(tenant=tenant, name=f"deal {amount}", amount=Decimal(amount))
    amounts = sorted(d.amount for d in Deal.scoped(tenant))
    assert amounts == [Decimal("0.10"), Decimal("0.20"), Decimal("20.00"), Decimal("1234567890.99")]
    assert all(isinstance(a, Decimal) for a in amounts)
    total = Deal.scoped(tenant, money_sum(Deal.amount)).scalar()
    assert total == Decimal("1234567911.29")


def test_c1_scoped_queries_never_return_another_tenants_rows(ctx, make_tenant):
    a, b = make_tenant(apps=()), make_tenant(apps=())
    mine = Account.create(tenant=a, name="Mine")
    Account.create(tenant=b, name="Theirs")
    assert [x.name for x in Account.scoped(a)] == ["Mine"]
    assert Account.get_scoped(b, mine.id) is None
    assert Account.get_scoped(a, "not-a-number") is None


def test_c3_saving_through_the_records_service_is_audited(app, ctx, tenant, admin, registry):
    accounts = registry.modules["accounts"]
    with app.test_request_context():
        record = create_record(accounts, tenant, admin, {"name": "Audited Ltd"})
        update_record(accounts, tenant, admin, record, {"city": "Lyon"})
    rows = list(AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.record_id == record.id))
                .order_by(AuditLog.id))
    assert [r.action for r in rows] == ["create", "update"]
    assert rows[1].user_id == admin.id and '"city": ["", "Lyon"]' in rows[1].changes


def test_c5_plugin_migration_adds_a_column_and_keeps_the_data(app, ctx, make_tenant, registry):
    """An upgrade that adds a column to a table with rows: applied once, nothing dropped."""
    from core.declarations import Migration
    tenant = make_tenant(apps=())
    Account.create(tenant=tenant, name="Kept Ltd")

    def add_rating(migrator, database):
        from playhouse.migrate import migrate as run
        run(migrator.add_column("crm_account", "rating_test", CharField(default="warm")))

    def drop_rating(migrator, database):
        from playhouse.migrate import migrate as run
        run(migrator.drop_column("crm_account", "rating_test"))

    step = Migration("crm", "9001_add_rating_test", add_rating)
    undo = Migration("crm", "9002_drop_rating_test", drop_rating)
    registry.migrations.append(step)
    try:
        assert migrate(registry) == ["crm.9001_add_rating_test"]
        assert migrate(registry) == []
        row = db.execute_sql("SELECT name, rating_test FROM crm_account WHERE tenant_id = %s" % tenant.id).fetchone()
        assert tuple(row) == ("Kept Ltd", "warm")
        registry.migrations.append(undo)
        assert migrate(registry) == ["crm.9002_drop_rating_test"]
    finally:
        registry.migrations.remove(step)
        if undo in registry.migrations:
            registry.migrations.remove(undo)
    assert Account.scoped(tenant).first().name == "Kept Ltd"
