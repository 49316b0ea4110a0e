"""Reports at scale (issue 9): ``python -m bench.reports --database-url URL --items 1000000``.

Fills a tenant with invoices of 5 line items each (``--items`` lines, over 1,000 products and
2,000 customers, two years of dates) with the database's bulk path (SQLite ``executemany``,
PostgreSQL ``COPY``), then prints:

- *Sales by product* (the default report, through the Items module) run by the engine, beside
  the same query written by hand in SQL and run with the driver, alternating rounds; the ratio
  of the medians (target <= 1.5);
- the Books dashboard's data call, its components run one after the other (target < 300 ms at 100k
  invoices);
- a CSV export of every line item (``--export``) streamed to /dev/null in a child process, with
  its peak RSS next to the peak of a 10,000-row export (flat memory: the two close).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import time

TENANT = "reports-bench"
STATUSES = ["sent", "paid", "paid", "overdue", "partially_paid", "draft", "void"]


def _app(url: str):
    from core import create_app
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True})


def _fast_insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    from core import data_versions
    from core.db import db, is_postgres
    if is_postgres():
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_ALL).writerows(rows)  # "" is text, never NULL
        buffer.seek(0)
        with db.atomic():
            db.cursor().copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer)
        data_versions.written(db, table)
        return
    marks = ", ".join("?" for _ in columns)
    with db.atomic():
        db.cursor().executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    data_versions.written(db, table)


def seed(registry, items: int, rng: random.Random):
    """The bench tenant with ``items`` line items (5 per invoice); reused if it has them."""
    from core.crm.models import Account, Product
    from core.db import is_postgres
    from core.models import Tenant, utcnow
    from core.provisioning import create_tenant
    from plugins.books.models import BooksLine, Invoice
    tenant = Tenant.get_or_none(Tenant.slug == TENANT) or create_tenant(registry, TENANT, "Reports bench",
                                                                        apps=["books", "invoice", "expense"])
    have = BooksLine.scoped(tenant).count()
    if have >= items:
        return tenant, 0.0
    started, now, pg = time.perf_counter(), utcnow(), is_postgres()
    money = (lambda cents: f"{cents / 100:.2f}") if pg else (lambda cents: cents)
    quantity = (lambda milli: f"{milli / 1000:.3f}") if pg else (lambda milli: milli)
    if not Account.scoped(tenant).exists():
        _fast_insert("crm_account", ["tenant_id", "name", "website", "phone", "email", "industry", "street", "city",
                                     "postal_code", "country", "description", "created_at", "updated_at"],
                     [(tenant.id, f"Customer {i:04d}", "", "", "", "", "", "", "", "", "", now, now) for i in range(2000)])
        _fast_insert("crm_product", ["tenant_id", "name", "code", "unit_price", "tax_rate", "is_active", "description",
                                     "created_at", "updated_at"],
                     [(tenant.id, f"Product {i:04d}", f"P{i}", money(1000 + i), "20.000" if pg else 20, True, "", now, now)
                      for i in range(1000)])
    accounts = [a.id for a in Account.scoped(tenant, Account.id)]
    products = [p.id for p in Product.scoped(tenant, Product.id)]
    first = (Invoice.select(Invoice.id).order_by(Invoice.id.desc()).scalar() or 0) + 1
    count = (items - have) // 5
    today = dt.date.today()
    for start in range(0, count, 20_000):
        invoices, lines = [], []
        for n in range(start, min(count, start + 20_000)):
            invoice_id = first + n
            day = today - dt.timedelta(days=rng.randrange(730))
            status = rng.choice(STATUSES)
            total = 0
            for position in range(5):
                qty, rate = rng.randint(1, 10), rng.randint(100, 50_000)
                amount = qty * rate
                total += amount * 120 // 100
                lines.append((tenant.id, "books/invoices", invoice_id, position, rng.choice(products), "Line", "",
                              quantity(qty * 1000), money(rate), quantity(0), quantity(20000), money(0), money(amount),
                              money(amount * 20 // 100), now, now))
            invoices.append((invoice_id, tenant.id, rng.choice(accounts), f"INV-{invoice_id:07d}", status, day,
                             day + dt.timedelta(days=30), money(total * 100 // 120), money(0),
                             money(total - total * 100 // 120), money(total), money(0 if status == "paid" else total),
                             False, "", "", "", now, now))
        _fast_insert("books_invoice", ["id", "tenant_id", "account_id", "number", "status", "date", "due_date",
                                       "sub_total", "discount_total", "tax_total", "total", "balance",
                                       "status_set_by_user", "reference", "terms", "notes", "created_at", "updated_at"],
                     invoices)
        _fast_insert("books_line", ["tenant_id", "document_module", "document_id", "position", "product_id", "name",
                                    "description", "quantity", "rate", "discount_percent", "tax_percent",
                                    "discount_amount", "amount", "tax_amount", "created_at", "updated_at"], lines)
    if pg:
        from core.db import db
        db.execute_sql("SELECT setval(pg_get_serial_sequence('books_invoice', 'id'), (SELECT MAX(id) FROM books_invoice))")
        db.execute_sql("ANALYZE")
    return tenant, time.perf_counter() - started


#: the same report written by hand: lines of the invoices sold, summed per product, then named
RAW_SALES_BY_PRODUCT = """
SELECT g.product_id, p.name, g.quantity, g.amount FROM (
  SELECT l.product_id, SUM(l.quantity) AS quantity, SUM(l.amount) AS amount
  FROM books_invoice i
  LEFT JOIN books_line l ON l.document_module = 'books/invoices' AND l.document_id = i.id AND l.tenant_id = {t}
  WHERE i.tenant_id = {t} AND i.status IN ('sent', 'overdue', 'partially_paid', 'paid')
  GROUP BY l.product_id) AS g
LEFT JOIN crm_product p ON p.id = g.product_id AND p.tenant_id = {t}
ORDER BY g.amount DESC"""


def side_by_side(registry, tenant, rounds: int) -> None:
    from core import data_versions
    from core.db import db
    from core.reports import run_report
    definition = registry.reports["books.sales_by_product"].definition
    raw = RAW_SALES_BY_PRODUCT.format(t=int(tenant.id))
    ours, theirs = [], []
    for _ in range(rounds):
        data_versions.written(db, "books_line")  # the engine reads the database, not its kept rows
        started = time.perf_counter()
        rows = run_report(registry, definition, tenant).rows
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        raw_rows = db.execute_sql(raw).fetchall()
        theirs.append((time.perf_counter() - started) * 1000)
    assert len(rows) == len(raw_rows), (len(rows), len(raw_rows))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"  Sales by product: engine {a:8.1f} ms, raw SQL {b:8.1f} ms (medians of {rounds}), "
          f"ratio {a / b:.2f} (target <= 1.5: {'ok' if a / b <= 1.5 else 'MISSED'}); {len(rows)} rows")


def _bench_admin(tenant):
    from core.models import User
    from core.provisioning import create_user
    return User.get_or_none(User.email == f"admin@{TENANT}.example") or create_user(
        tenant, f"admin@{TENANT}.example", "bench password", profile="Administrator")


def dashboard(registry, tenant, rounds: int) -> None:
    """The Books dashboard's data call (``GET /api/v1/dashboards/<id>/data`` without HTTP): the
    user's dashboards, the reports they may open, every component run and made JSON; first just
    after an invoice changed (every component read from the database), then seen again
    (the rows kept since: ``core.reports.result_cache``)."""
    import json
    from core import data_versions
    from core.db import db
    from core.reports import compile_report
    from core.reports.dashboards import component_data, dashboards_for, open_reports, shown_components
    from core.reports.side_by_side import run_side_by_side
    from core.tenancy import enabled_apps
    user, apps = _bench_admin(tenant), enabled_apps(tenant)

    def call() -> tuple[float, int]:
        started = time.perf_counter()
        books = next(d for d in dashboards_for(registry, tenant, user, apps) if d.based_on == "books.books_dashboard")
        shown = shown_components(books, open_reports(registry, tenant, user, apps))
        json.dumps(run_side_by_side(lambda s: component_data(registry, tenant, user, s), shown))
        return (time.perf_counter() - started) * 1000, len(shown)

    def floor() -> float:
        """The components' SQL alone, run by the driver side by side as the call runs them."""
        books = next(d for d in dashboards_for(registry, tenant, user, apps) if d.based_on == "books.books_dashboard")
        queries = [compile_report(registry, s.entry.definition, tenant, user).query.sql()
                   for s in shown_components(books, open_reports(registry, tenant, user, apps))]
        started = time.perf_counter()
        run_side_by_side(lambda q: db.execute_sql(*q).fetchall(), queries)
        return (time.perf_counter() - started) * 1000

    after_change, again, raw = [], [], []
    for _ in range(rounds):
        data_versions.written(db, "books_invoice")  # as a saved invoice does
        took, count = call()
        after_change.append(took)
        again.append(call()[0])
        raw.append(floor())
    print(f"  Books dashboard's {count} queries alone, side by side (the database's floor): "
          f"median {statistics.median(raw):.1f} ms")
    for name, times in (("just after a change", after_change), ("seen again", again)):
        median = statistics.median(times)
        print(f"  Books dashboard data call, {count} components, {name}: median {median:.1f} ms, "
              f"min {min(times):.1f} ms (target < 300 ms: {'ok' if median < 300 else 'MISSED'})")


def view_pages(registry, tenant, rounds: int) -> None:
    """A custom view (B10): the invoices still owed, newest first; its first page and its 500th."""
    from core.reports import Filter
    from core.record_lists import list_records
    module = registry.modules["books/invoices"]
    view = [("status__in", Filter("status", "in", ["sent", "overdue", "partially_paid"]))]
    for page in (1, 500):
        times = []
        for _ in range(rounds * 2):
            started = time.perf_counter()
            found = list_records(module, tenant, {"page": page, "sort": "-date"}, filters=view)
            times.append((time.perf_counter() - started) * 1000)
        median = statistics.median(times)
        print(f"  Custom view, page {page:>3} of {found.pages}: median {median:6.1f} ms "
              f"(target < 50 ms: {'ok' if median < 50 else 'MISSED'})")


def export_child(url: str, limit: int) -> None:
    """In a child process: stream every line item (or ``limit``) as CSV to /dev/null."""
    from core.db import db
    from core.models import Tenant
    from core.reports import Definition, compile_report, csv_cell, stream_rows
    app = _app(url)
    registry = app.extensions["finsuite"]
    with app.test_request_context(), db.connection_context():
        tenant = Tenant.get(Tenant.slug == TENANT)
        compiled = compile_report(registry, Definition("books/items", columns=(
            "document_id", "product_id", "name", "quantity", "rate", "amount"), limit=limit or None), tenant)
        started, count = time.perf_counter(), 0
        with open(os.devnull, "w", newline="") as sink:
            writer = csv.writer(sink)
            for row in stream_rows(compiled):
                writer.writerow([csv_cell(v) for v in row])
                count += 1
        took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  CSV export: {count:,} rows in {took:.1f} s ({count / took:,.0f} rows/s), peak RSS {peak:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--export", action="store_true", help="also measure the CSV export's memory")
    parser.add_argument("--export-child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.export_child is not None:
        return export_child(args.database_url, args.export_child)
    from core.db import db
    from core.migrations import migrate
    app = _app(args.database_url)
    registry = app.extensions["finsuite"]
    with app.test_request_context(), db.connection_context():
        migrate(registry)
        tenant, took = seed(registry, args.items, random.Random(9))
        from plugins.books.models import BooksLine, Invoice
        print(f"{args.database_url}: {Invoice.scoped(tenant).count():,} invoices, "
              f"{BooksLine.scoped(tenant).count():,} line items" + (f" (seeded in {took:.0f} s)" if took else ""))
        side_by_side(registry, tenant, args.rounds)
        dashboard(registry, tenant, args.rounds)
        view_pages(registry, tenant, args.rounds)
    if args.export:
        for limit in (10_000, 0):
            subprocess.run([sys.executable, "-m", "bench.reports", "--database-url", args.database_url,
                            "--export-child", str(limit)], check=True)


if __name__ == "__main__":
    main()
