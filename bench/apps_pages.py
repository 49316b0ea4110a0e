"""An account page with all five apps enabled (issue 5 figure): ``python -m bench.apps_pages``.

Makes (once) two accounts in ``FINSUITE_DATABASE_URL``'s tenant ``--tenant`` (every app enabled):
one with 1 record in each finance related list, one with ``--records`` in each (Books invoices,
estimates, sales orders; Invoice invoices and estimates; expenses; subscriptions; packages),
inserted in bulk. Prints the median server time of both account pages (Flask test client) and
their SQL statement counts, which must not grow with the records.
"""
from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal

from bench.pages import count_queries, ensure_admin, report, timed
from bench.seed import ensure_tenant
from core import create_app
from core.crm.models import Account
from core.db import db, insert_rows
from core.migrations import migrate
from core.models import UserSession, utcnow

TARGET_MS = 80.0


def _rows(tenant, account, count: int, extra) -> list[dict]:
    now, start = utcnow(), dt.date(2026, 1, 1)
    return [{"tenant": tenant.id, "account_id": account.id, "created_at": now, "updated_at": now,
             **extra(i, start + dt.timedelta(days=i % 300))} for i in range(count)]


def fill(tenant, account, count: int) -> None:
    """``count`` records of each finance related list of ``account``."""
    from plugins.books.models import Estimate, Invoice, SalesOrder
    from plugins.expense.models import Expense
    from plugins.inventory.models import Package
    from plugins.invoice.models import Estimate as InvoiceEstimate, Invoice as InvoiceInvoice
    from plugins.subscriptions.models import Subscription
    money = Decimal("125.50")

    def document(prefix):
        return lambda i, day: {"number": f"{prefix}{account.id}-{i:05d}", "status": "sent", "date": day,
                               "sub_total": money, "total": money, "balance": money}
    for model, prefix in ((Invoice, "BI"), (Estimate, "BE"), (SalesOrder, "BS"), (InvoiceInvoice, "II"),
                          (InvoiceEstimate, "IE")):
        insert_rows(model, _rows(tenant, account, count, document(prefix)))
    insert_rows(Expense, _rows(tenant, account, count, lambda i, day: {
        "date": day, "category": "Travel", "amount": money, "tax": Decimal("0"), "total": money,
        "merchant": "Rail", "status": "unreported"}))
    insert_rows(Subscription, _rows(tenant, account, count, lambda i, day: {
        "number": f"SUB-{account.id}-{i:05d}", "plan_code": "GOLD", "plan_name": "Gold", "price": money,
        "starts_at": day, "next_billing_at": day + dt.timedelta(days=30), "status": "live"}))
    insert_rows(Package, _rows(tenant, account, count, lambda i, day: {
        "number": f"PKG-{account.id}-{i:05d}", "salesorder_number": f"SO-{i:05d}", "date": day,
        "items_json": '[{"name": "Widget", "quantity": "2"}]', "status": "shipped", "carrier": "UPS",
        "tracking_number": f"1Z{i:08d}"}))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", default="apps-bench")
    parser.add_argument("--records", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args(argv)
    app = create_app()
    registry = app.extensions["finsuite"]
    with app.app_context(), db.connection_context():
        migrate(registry)
        tenant = ensure_tenant(registry, args.tenant)
        accounts = []
        for count in (1, args.records):
            name = f"Bench account with {count} record(s) in each finance list"
            account = Account.scoped(tenant).where(Account.name == name).first()
            if account is None:
                account = Account.create(tenant=tenant, name=name)
                with db.atomic():
                    fill(tenant, account, count)
            accounts.append((count, account))
        sid = UserSession.open(ensure_admin(tenant))
    client = app.test_client()
    with client.session_transaction() as session:
        session["sid"] = sid
    print(f"database {app.config['DATABASE_URL']}, tenant {tenant.slug} ({', '.join(registry.app_names)}); "
          f"{args.runs} runs after {args.warmup} warm-up, median server time (Flask test client)")
    counts = []
    for count, account in accounts:
        url = f"/m/accounts/{account.id}"
        times, status = timed(client, url, args.runs, args.warmup)
        report(f"account, {count} in each list", times, status, TARGET_MS)
        counts.append(count_queries(client, url)[0])
    print(f"  SQL statements, account page: {counts[0]} with 1 record in each list, {counts[1]} with "
          f"{args.records} ({'bounded' if counts[0] == counts[1] else 'GROWS'})")


if __name__ == "__main__":
    main()
