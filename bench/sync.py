"""Sync figures of issue 3: ``python -m bench.sync [--figures 1,2,3,4]``.

1. full sync of ``--accounts`` + ``--contacts`` CRM contacts and ``--products`` products to the
   embedded finance application (``start_push`` contacts and products, then ``drain``);
2. the same calls again with nothing changed, plus ``jobs.pull``;
3. the time from saving a record that syncs instantly (an order of the sync test plugin,
   ``tests.fake_plugins.sync_docs``, and an account with ``instant_contacts`` on) to its
   being synced by the in-process worker thread (``runner.start_thread``): median of ``--saves``;
4. outbox throughput of 1 and 4 ``finsuite worker --no-scheduler --processes N`` on PostgreSQL
   (``--pg-url``, created if missing) when each finance call waits 20 ms: ``--connector local``
   (default: ``bench.slow_local``, the embedded application behind a sleep, called as a remote
   API is) or ``zoho`` (the real connector over HTTP to ``finsuite finance-serve --latency-ms 20``);
   see ``bench/sync_workers.py``.

Figures 1-3 use the database ``FINSUITE_DATABASE_URL`` names (each run makes new tenants).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from bench.seed import bulk, seed
from core import create_app
from core.crm.models import Product
from core.db import db
from core.migrations import migrate
from core.models import utcnow
from core.provisioning import create_tenant
from core.sync.jobs import pull, start_push
from core.sync.models import SyncOutbox, SyncRun
from core.sync.reconcile import reconcile
from core.sync.worker import drain

TARGETS = {"full": 10.0, "incremental": 0.5, "instant": 0.5, "speedup": 2.5}
SYNC_PLUGIN = "tests.fake_plugins.sync_docs"


def new_tenant(registry, prefix: str, apps) -> object:
    slug = f"{prefix}-{int(time.time() * 1000) % 10**9}-{random.randint(0, 999)}"
    return create_tenant(registry, slug, f"Bench {slug}", apps=list(apps))


def seed_products(tenant, count: int, rng: random.Random) -> None:
    now = utcnow()
    bulk(Product, [{"tenant": tenant.id, "created_at": now, "updated_at": now, "name": f"Product {i:05d}",
                    "code": f"SKU-{i:05d}", "unit_price": f"{rng.randint(100, 99999) / 100:.2f}",
                    "tax_rate": "20", "description": "", "is_active": True} for i in range(count)], 1000)


def push_all(registry, tenant) -> tuple[float, list]:
    """``start_push`` contacts and products, ``drain`` until both runs are done: (seconds, runs)."""
    started = time.perf_counter()
    runs = [start_push(registry, tenant, "contacts"), start_push(registry, tenant, "products")]
    drain(registry)
    secs = time.perf_counter() - started
    return secs, [SyncRun.get_by_id(r.id) for r in runs]


def figures_1_2(app, args) -> dict:
    registry = app.extensions["finsuite"]
    with app.app_context(), db.connection_context():
        tenant = new_tenant(registry, "bench-sync", args.apps.split(","))
        seed(tenant, args.accounts, args.contacts, rng=random.Random(42))
        seed_products(tenant, args.products, random.Random(7))
        full, runs = push_all(registry, tenant)
        rows = sum(r.total for r in runs)
        assert all(r.state == "ok" and r.done == r.total for r in runs), [(r.state, r.done, r.failed) for r in runs]
        print(f"1. full sync: {rows:,} records ({args.accounts:,} accounts + {args.contacts:,} contacts, "
              f"{args.products:,} products) in {full:.2f} s = {rows / full:,.0f}/s"
              f"  (target < {TARGETS['full']:.0f} s) {'ok' if full < TARGETS['full'] else 'MISSED'}")
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            again, runs = push_all(registry, tenant)
            pulled = pull(registry, tenant)
            times.append(time.perf_counter() - started)
            assert sum(r.total for r in runs) == 0 and pulled.state == "ok"
        incremental = statistics.median(times)
        print(f"2. incremental sync, nothing changed (push + pull): median {incremental * 1000:.0f} ms "
              f"of {len(times)} (min {min(times) * 1000:.0f})  (target < {TARGETS['incremental'] * 1000:.0f} ms) "
              f"{'ok' if incremental < TARGETS['incremental'] else 'MISSED'}")
        started = time.perf_counter()
        compared = reconcile(registry, tenant)
        daily = time.perf_counter() - started
        assert compared.state == "ok" and compared.done == 0, (compared.state, compared.error)
        print(f"   daily comparison of ids (sync.reconcile), nothing deleted: {daily * 1000:.0f} ms")
    return {"full": full, "incremental": incremental}


def _wait_done(row_id: int, timeout: float = 10.0) -> float:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        state = SyncOutbox.select(SyncOutbox.state).where(SyncOutbox.id == row_id).scalar()
        if state == "done":
            return time.perf_counter()
        if state == "failed":
            raise RuntimeError(f"outbox row {row_id} failed")
        time.sleep(0.002)
    raise RuntimeError(f"outbox row {row_id} not synced within {timeout} s")


def figure_3(args) -> dict:
    from core.records import create_record
    from core.sync.connections import sync_settings
    from core.sync.runner import start_thread
    app = create_app({"PLUGINS": [SYNC_PLUGIN]})
    registry = app.extensions["finsuite"]
    with app.app_context(), db.connection_context():
        migrate(registry)
        tenant = new_tenant(registry, "bench-instant", ["synctest"])
        settings = sync_settings(tenant)
        settings.instant_contacts = True
        settings.save()
        accounts, orders = registry.modules["accounts"], registry.modules["synctest/orders"]
        account = create_record(accounts, tenant, None, {"name": "Instant customer"})
        product = create_record(registry.modules["products"], tenant, None,
                                {"name": "Instant product", "unit_price": "12.50"})
    _, stop = start_thread(app)
    out = {}
    try:
        for label, module, data in (
                ("order (synctest/orders, a sales order with its customer and item)", orders,
                 lambda i: {"name": f"Order {i}", "account_id": account.id, "product_id": product.id,
                            "quantity": "2", "rate": "12.50"}),
                ("account with instant_contacts on", accounts, lambda i: {"name": f"Instant account {i}"})):
            times = []
            with app.test_request_context(), db.connection_context():
                for i in range(args.saves + 2):
                    started = time.perf_counter()
                    record = create_record(module, tenant, None, data(i))
                    row_id = SyncOutbox.select(SyncOutbox.id).where(
                        (SyncOutbox.tenant == tenant) & (SyncOutbox.module == module.name)
                        & (SyncOutbox.record_id == record.id)).scalar()
                    synced = _wait_done(row_id)
                    if i >= 2:  # the first two warm up (and push the order's customer and item)
                        times.append(synced - started)
                    time.sleep(random.uniform(0.05, 0.15))  # saves arrive at any moment
            median = statistics.median(times)
            out[module.name] = median
            print(f"3. save -> synced, {label}: median {median * 1000:.0f} ms of {len(times)} "
                  f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})  "
                  f"(target < {TARGETS['instant'] * 1000:.0f} ms) {'ok' if median < TARGETS['instant'] else 'MISSED'}")
    finally:
        stop.set()
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", default="1,2,3,4", help="which figures, e.g. 1,2")
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--contacts", type=int, default=8000)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--apps", default="books", help="the tenant's apps for figures 1 and 2, e.g. "
                        "books,invoice,expense,subscriptions,inventory")
    parser.add_argument("--repeat", type=int, default=5, help="incremental syncs measured (median)")
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/finsuite_bench")
    parser.add_argument("--rows", type=int, default=600, help="outbox rows drained per worker count (figure 4)")
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--workers", default="1,4")
    parser.add_argument("--connector", choices=("zoho", "local"), default="local",
                        help="figure 4: the local connector sleeping per call (bench.slow_local), or zoho over finance-serve")
    args = parser.parse_args(argv)
    wanted = {int(f) for f in args.figures.split(",") if f.strip()}
    if wanted & {1, 2, 3}:
        app = create_app()
        with app.app_context(), db.connection_context():
            migrate(app.extensions["finsuite"])
        print(f"database: {app.config['DATABASE_URL']}  finance: {app.config['FINANCE_DATABASE_URL']}")
        if wanted & {1, 2}:
            figures_1_2(app, args)
        if 3 in wanted:
            figure_3(args)
    if 4 in wanted:
        from bench.sync_workers import figure_4
        figure_4(args)


if __name__ == "__main__":
    os.environ.setdefault("FINSUITE_SYNC_LEASE_SECONDS", "120")
    main()
