"""Reports seen again come from the rows the process kept (B11, B12: a dashboard costs its
aggregates once), and never show less than what is committed: any write of a table the report
reads, by any path and any process, makes the next run read the database again."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from core import data_versions
from core.crm.models import Account
from core.db import db
from core.reports import Aggregate, Definition, Grouping, run_report
from core.reports.result_cache import results
from tests.reports.helpers import TODAY, make_invoice

SALES = Definition("books/invoices", group_by=(Grouping("account_id"),),
                   aggregates=(Aggregate("sum", "total"), Aggregate("count")))


@pytest.fixture
def shop(ctx, make_tenant, make_user, registry):
    tenant = make_tenant()
    user = make_user(tenant)
    acme = Account.create(tenant=tenant, name="Acme")
    make_invoice(registry, tenant, user, acme, [("Widget", None, "2", "10.00", "0", "0")], "sent", TODAY, TODAY)
    return {"tenant": tenant, "user": user, "acme": acme}


def sales(registry, shop) -> dict:
    rows = run_report(registry, SALES, shop["tenant"], shop["user"], TODAY).rows
    return {row[0]["title"]: (row[1], row[2]) for row in rows}


def test_b12_a_report_seen_again_is_not_read_from_the_database_again(registry, shop):
    cache = results()
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}
    misses, hits = cache.misses, cache.hits
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}
    assert (cache.misses, cache.hits) == (misses, hits + 1)


def test_b12_a_new_invoice_shows_at_once(registry, shop):
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}
    make_invoice(registry, shop["tenant"], shop["user"], shop["acme"], [("Gadget", None, "1", "5.50", "0", "0")],
                 "sent", TODAY, TODAY)
    assert sales(registry, shop) == {"Acme": (Decimal("25.50"), 2)}


def test_b12_a_bulk_update_and_a_renamed_customer_show_at_once(registry, shop):
    """The finance application's answers are written by bulk UPDATEs; titles come from accounts."""
    invoices = registry.modules["books/invoices"].model
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}
    invoices.update(total=Decimal("21.00")).where(invoices.tenant == shop["tenant"]).execute()
    assert sales(registry, shop) == {"Acme": (Decimal("21.00"), 1)}
    Account.update(name="Acme Ltd").where(Account.id == shop["acme"].id).execute()
    assert sales(registry, shop) == {"Acme Ltd": (Decimal("21.00"), 1)}


def test_b12_a_rolled_back_write_is_never_served_and_a_transaction_sees_its_own(registry, shop):
    invoices = registry.modules["books/invoices"].model
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}
    with db.atomic() as transaction:
        invoices.update(total=Decimal("99.00")).where(invoices.tenant == shop["tenant"]).execute()
        assert sales(registry, shop) == {"Acme": (Decimal("99.00"), 1)}  # its own write
        transaction.rollback()
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}


def test_b12_versions_grow_after_the_commit_once_per_table(ctx, shop):
    before = data_versions.current(db, ["crm_account"])
    with db.atomic():
        for name in ("One", "Two", "Three"):
            Account.create(tenant=shop["tenant"], name=name)
        assert data_versions.current(db, ["crm_account"]) == before  # not before the commit
    after = data_versions.current(db, ["crm_account"])
    assert after[1] == before[1] + 1 and after[0] == before[0]  # ("*", "crm_account")


def test_b12_a_write_by_another_process_shows_at_once(app, registry, shop, database_url):
    assert sales(registry, shop) == {"Acme": (Decimal("20.00"), 1)}
    script = textwrap.dedent(f"""
        from decimal import Decimal
        from core import create_app
        from core.db import db
        app = create_app({{"TESTING": True, "DATABASE_URL": {database_url!r}, "SECRET_KEY": "x"}})
        invoices = app.extensions["finsuite"].modules["books/invoices"].model
        with app.app_context(), db.connection_context():
            invoices.update(total=Decimal("42.00")).where(invoices.tenant == {shop["tenant"].id}).execute()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sales(registry, shop) == {"Acme": (Decimal("42.00"), 1)}
