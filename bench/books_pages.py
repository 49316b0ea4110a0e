"""Server time of the Books pages (issue 4 figures): ``python -m bench.books_pages --tenant SLUG``.

Fills ``FINSUITE_DATABASE_URL`` (migrated first; the tenant made with every app if missing) up to
``--invoices`` invoices of ``--accounts`` accounts with multi-row INSERTs, plus an account with
``--docs`` invoices, estimates and sales orders each and one with one of each. Then prints the
median server time (Flask test client, ``--runs`` after ``--warmup``) of the invoices list, page 1
and a deep page (default sort: newest first), and of both accounts' detail pages with their Books
related lists, with the SQL statements of each detail page (counted as ``bench.pages`` does).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal

from bench.pages import count_queries, ensure_admin, report, timed
from bench.seed import ensure_tenant, seed
from core import create_app
from core.crm.models import Account
from core.db import db, insert_rows
from core.migrations import migrate
from core.models import UserSession, utcnow

TARGETS_MS = {"list": 40.0, "detail": 60.0}
STATUSES = ("draft", "sent", "overdue", "partially_paid", "paid", "void")
PER_PAGE = 25


def _doc_rows(tenant, count: int, account_ids: list[int], prefix: str, rng: random.Random, due: str | None,
              first: int = 1) -> list[dict]:
    now, start = utcnow(), dt.date(2023, 1, 1)
    rows = []
    for i in range(count):
        day = start + dt.timedelta(days=rng.randrange(1400))
        total = Decimal(rng.randrange(1000, 5_000_000)) / 100
        row = {"tenant": tenant.id, "number": f"{prefix}-{first + i:06d}", "status": rng.choice(STATUSES),
               "date": day, "account_id": rng.choice(account_ids), "sub_total": total, "total": total,
               "balance": total, "created_at": now, "updated_at": now}
        if due:
            row[due] = day + dt.timedelta(days=30)
        rows.append(row)
    return rows


def insert(model, rows: list[dict], batch: int = 5000) -> None:
    for start in range(0, len(rows), batch):
        with db.atomic():
            insert_rows(model, rows[start:start + batch])


def fill(tenant, invoices: int, accounts: int, docs: int) -> tuple[Account, Account]:
    """Top the tenant up to ``invoices`` invoices; make the two measured accounts once."""
    from plugins.books.models import Estimate, Invoice, SalesOrder
    rng = random.Random(42)
    have = Account.scoped(tenant).count()
    if have < accounts:
        seed(tenant, accounts - have, 0)
    account_ids = [a for (a,) in Account.scoped(tenant, Account.id).order_by(Account.id).limit(accounts).tuples()]
    missing = invoices - Invoice.scoped(tenant).count()
    if missing > 0:
        started = time.perf_counter()
        insert(Invoice, _doc_rows(tenant, missing, account_ids, "INV", rng, "due_date", invoices - missing + 1))
        took = time.perf_counter() - started
        print(f"inserted {missing} invoices in {took:.1f} s ({missing / took:,.0f} rows/s)")
    measured = []
    for count in (1, docs):
        name = f"Bench account with {count} Books document(s) of each type"
        account = Account.scoped(tenant).where(Account.name == name).first()
        if account is None:
            account = Account.create(tenant=tenant, name=name)
            for model, prefix, due in ((Invoice, "BI", "due_date"), (Estimate, "BE", "expiry_date"),
                                       (SalesOrder, "BS", "shipment_date")):
                insert(model, _doc_rows(tenant, count, [account.id], f"{prefix}{count}", rng, due))
        measured.append(account)
    return measured[0], measured[1]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", default="books-bench")
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=2_000)
    parser.add_argument("--docs", type=int, default=200, help="documents of each type of the big account")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--show-sql", action="store_true", help="print the statements of the big detail page")
    args = parser.parse_args(argv)

    app = create_app()
    registry = app.extensions["finsuite"]
    with app.app_context(), db.connection_context():
        migrate(registry)
        tenant = ensure_tenant(registry, args.tenant)
        one, many = fill(tenant, args.invoices, args.accounts, args.docs)
        from plugins.books.models import Invoice
        total = Invoice.scoped(tenant).count()
        sid = UserSession.open(ensure_admin(tenant))
    client = app.test_client()
    with client.session_transaction() as session:
        session["sid"] = sid

    last = max(1, -(-total // PER_PAGE))
    print(f"database {app.config['DATABASE_URL']}, tenant {tenant.slug}: {total} invoices; "
          f"{args.runs} runs after {args.warmup} warm-up, median server time (Flask test client)")
    deep = max(1, last - 1)  # the last full page
    for label, url in (("invoices list, page 1", "/m/books/invoices/"),
                       (f"invoices list, page {last // 2} (middle)", f"/m/books/invoices/?page={last // 2}"),
                       (f"invoices list, page {deep} (deep)", f"/m/books/invoices/?page={deep}")):
        times, status = timed(client, url, args.runs, args.warmup)
        report(label, times, status, TARGETS_MS["list"])
    for account, label in ((one, "1 document of each type"), (many, f"{args.docs} documents of each type")):
        url = f"/m/accounts/{account.id}"
        times, status = timed(client, url, args.runs, args.warmup)
        report(f"account, {label}", times, status, TARGETS_MS["detail"])
    (q_one, _, _), (q_many, _, statements) = [count_queries(client, f"/m/accounts/{a.id}") for a in (one, many)]
    print(f"  SQL statements, account page: {q_one} with 1 document of each type, {q_many} with {args.docs} "
          f"({'bounded' if q_many == q_one else 'GROWS'})")
    if args.show_sql:
        for sql in statements:
            print("    " + sql)


if __name__ == "__main__":
    main()
