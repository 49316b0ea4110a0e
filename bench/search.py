"""Search at scale (C10): ``python -m bench.search --accounts 100000 --invoices 50000``.

On the database ``FINSUITE_DATABASE_URL`` names (migrated first), in a new tenant: seeds the
accounts (``bench.seed``'s names: München, Zürich, Société, Café ... plus one in a hundred named
after Łódź or Sørensen) and Books invoices of random accounts, then prints the median time of
list searches, of ``core.record_lists.list_records`` alone (the count, the page's ids, its rows)
and through the API (Flask's test client: authentication and JSON too), a search of
the invoices by their customer's name, the global search, and, for comparison, the same accounts
query folding every row at query time instead of reading the stored column. Also: the cost the
triggers add to bulk inserts, and folding the stored text of every row again (what a migration
does when the searched fields or the folding change).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

import peewee

from bench.seed import ensure_tenant, seed
from core import create_app
from core.crm.models import Account
from core.db import db, insert_rows, is_postgres
from core.migrations import migrate
from core.models import ApiToken
from core.record_lists import list_records
from core.provisioning import create_user
from core.search import COLUMN, fold
from core.search.columns import _drop, _existing_triggers, ensure_table, searched_columns

QUERIES = (("accounts", "", "no search (baseline)"), ("accounts", "lodz", "1 % of the rows"),
           ("accounts", "SORENSEN", "1 % of the rows"), ("accounts", "zurich", "a city, 1 row in 16"),
           ("accounts", "müller cafe", "two words"), ("accounts", "nothing-like-this", "no row"),
           ("books/invoices", "", "no search (baseline)"), ("books/invoices", "lodz", "by the customer's name"),
           ("books/invoices", "INV-004242", "a number"))


def timed(call, runs: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def seed_all(tenant, accounts: int, invoices: int) -> dict:
    figures = seed(tenant, accounts, 0)
    ids = [a.id for a in Account.scoped(tenant, Account.id)]
    started = time.perf_counter()
    with db.atomic():
        for place, rest in (("Łódź ", 1), ("Sørensen ", 2)):
            Account.update(name=peewee.Value(place).concat(Account.name)).where(
                (Account.tenant == tenant) & (Account.id - Account.id / 100 * 100 == rest)).execute()
    figures["renamed_secs"] = time.perf_counter() - started
    from plugins.books.models import Invoice
    rng, today = random.Random(7), dt.date.today()
    started = time.perf_counter()
    rows = [{"tenant": tenant.id, "account_id": rng.choice(ids), "number": f"INV-{i:06d}", "status": "sent",
             "date": today - dt.timedelta(days=i % 700), "due_date": today, "total": 100, "balance": 100}
            for i in range(invoices)]
    with db.atomic():
        insert_rows(Invoice, rows)
    figures["invoices_secs"] = time.perf_counter() - started
    return figures


def trigger_cost(tenant, rows: int) -> tuple[float, float, float]:
    """Seconds to insert ``rows`` accounts with the triggers and without; then to fold the whole
    table again (``ensure_table`` after its triggers were dropped)."""
    def insert(tag: str) -> float:
        started = time.perf_counter()
        with db.atomic():
            insert_rows(Account, [{"tenant": tenant.id, "name": f"Trigger Bench {tag} Zürich {i}",
                                   "email": f"t{i}@example.com", "city": "Genève"} for i in range(rows)])
        return time.perf_counter() - started
    with_triggers = insert("on")
    columns = searched_columns_of(Account)
    with db.atomic():
        _drop(db.obj, _existing_triggers(db.obj, "crm_account"))
    try:
        without = insert("off")
    finally:
        started = time.perf_counter()
        with db.atomic():
            ensure_table(db.obj, Account, columns)
        refold = time.perf_counter() - started
    return with_triggers, without, refold


def searched_columns_of(model) -> list[str]:
    from flask import current_app
    return searched_columns(current_app.extensions["finsuite"])[model]


def query_time_fold(tenant, word: str):
    """The accounts query folding every row as it reads it (no stored column), for comparison."""
    if is_postgres():
        folded = peewee.fn.finsuite_fold(peewee.fn.concat_ws(" ", Account.name, Account.email, Account.city))
    else:
        folded = peewee.fn.finsuite_search(Account.name, Account.email, Account.city)
    query = Account.scoped(tenant).where(folded.contains(fold(word)))
    return lambda: (query.count(), list(query.order_by(Account.name).limit(25)))


def former_search(tenant, word: str):
    """The search before C10, for comparison: ``ILIKE`` (SQLite: ``LIKE``) on each field, no folding."""
    matches = Account.name.contains(word) | Account.email.contains(word) | Account.city.contains(word)
    query = Account.scoped(tenant).where(matches)
    return lambda: (query.count(), list(query.order_by(Account.name).limit(25)))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--invoices", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--trigger-rows", type=int, default=20_000)
    args = parser.parse_args(argv)
    app = create_app()
    registry = app.extensions["finsuite"]
    with app.app_context(), db.connection_context():
        migrate(registry)
        tenant = ensure_tenant(registry, f"search{int(time.time())}")
        figures = seed_all(tenant, args.accounts, args.invoices)
        admin = create_user(tenant, f"bench-{tenant.slug}@example.com", "bench password", profile="Administrator")
        token = ApiToken.issue(admin, "bench")
        if is_postgres():
            db.execute_sql("ANALYZE")
    print(f"database {app.config['DATABASE_URL'].split('@')[-1]}, tenant {tenant.slug}: {args.accounts:,} accounts "
          f"in {figures['accounts_secs']:.1f} s, {args.invoices:,} invoices in {figures['invoices_secs']:.1f} s, "
          f"2 % renamed in {figures['renamed_secs']:.1f} s; median (min) of {args.runs} runs")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}

    def get(url: str):
        def call():
            response = client.get(url, headers=headers)
            assert response.status_code == 200, response.get_json()
            return response.get_json()
        return call
    print(f"  {'module':<15} {'q':<18} {'':<24} {'found':>7}   list_records    GET /api/v1/<module>?q=")
    for module, q, what in QUERIES:
        url = f"/api/v1/{module}?q={q}"
        total = get(url)()["total"]
        median, low = timed(get(url), args.runs)
        with app.test_request_context():
            listed = timed(lambda: list_records(registry.modules[module], tenant, {"q": q}), args.runs)
        print(f"  {module:<15} {q:<18} {what:<24} {total:>7} {listed[0]:7.1f} ({listed[1]:5.1f}) "
              f"{median:7.1f} ms ({low:.1f})")
    body = get("/api/v1/search?q=lodz")()
    median, low = timed(get("/api/v1/search?q=lodz"), args.runs)
    found = ", ".join(f"{g['module']} {g['total']}" for g in body["results"])
    print(f"  GET /api/v1/search?q=lodz (global: {found}) {median:7.1f} ms ({low:.1f})")
    with app.app_context(), db.connection_context():
        for word in ("lodz", "zurich"):
            median, low = timed(query_time_fold(tenant, word), max(3, args.runs // 4), 1)
            print(f"  accounts '{word}' folded at query time, no stored column: {median:7.1f} ms ({low:.1f})")
        for word in ("Łódź", "Zürich"):
            median, low = timed(former_search(tenant, word), max(3, args.runs // 4), 1)
            print(f"  accounts '{word}' as searched before (no folding, 3 columns): {median:7.1f} ms ({low:.1f})")
        on, off, refold = trigger_cost(tenant, args.trigger_rows)
        rows = Account.scoped(tenant).count()
    n = args.trigger_rows
    print(f"  insert {n:,} accounts: {n / on:,.0f} rows/s with the triggers, {n / off:,.0f} rows/s without "
          f"(+{(on / off - 1) * 100:.0f} %); folding all {rows:,} accounts' {COLUMN} again: {refold:.1f} s")


if __name__ == "__main__":
    main()
