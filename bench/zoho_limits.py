"""Y8 under load: ``python -m bench.zoho_limits [--minutes 2] [--token-ttl 60] [--workers 4]``.

finance-serve (``create_finance_server``: Zoho's limits, ``--rate-limit`` calls per minute per
organisation, ``--daily-budget`` a day, tokens living ``--token-ttl`` s, ``--latency-ms`` per
call) is served from this process; ``finsuite worker --no-scheduler --processes N`` (PostgreSQL,
``--pg-url``, created if missing) drains, through the ``zoho`` connector with its default
limits, an outbox of mixed operations of a new Books tenant: customers and items pushed by the
Contacts and Products syncs, invoices and estimates (each sends its customer first) and their
status actions. After ``--minutes`` the workers are stopped and the server's figures printed:
calls, 429 answers, 401 answers, token refreshes, the most calls seen in any 60 s and at once.
``--minutes 60 --token-ttl 3600`` is the one-hour run with one-hour tokens.
"""
from __future__ import annotations

import argparse
import bisect
import logging
import os
import random
import tempfile
import threading
import time

from werkzeug.serving import make_server

from bench.seed import bulk, seed
from bench.sync_workers import CREDENTIALS, ensure_database, spawn, stop
from core import create_app
from core.crm.models import Account, Product
from core.db import db
from core.migrations import migrate
from core.models import utcnow


class Recorder:
    """What finance-serve saw: API call arrival times, calls in flight, answers by status."""

    def __init__(self):
        self.lock = threading.Lock()
        self.times: list[float] = []
        self.statuses: dict[int, int] = {}
        self.refreshes = 0
        self.in_flight = self.max_in_flight = 0

    def attach(self, server) -> None:
        from flask import g, request

        @server.before_request
        def arrive():
            with self.lock:
                if request.path.startswith("/oauth/"):
                    self.refreshes += 1
                    return
                g.bench_counted = True
                self.times.append(time.monotonic())
                self.in_flight += 1
                self.max_in_flight = max(self.max_in_flight, self.in_flight)

        @server.after_request
        def answer(resp):
            if g.get("bench_counted"):
                with self.lock:
                    self.statuses[resp.status_code] = self.statuses.get(resp.status_code, 0) + 1
                    self.in_flight -= 1
            return resp

    def max_in_window(self, window: float) -> int:
        times = sorted(self.times)
        return max((bisect.bisect_left(times, t + window) - i for i, t in enumerate(times)), default=0)


def fill_outbox(registry, tenant, rows: int) -> dict:
    """About ``rows`` outbox rows of mixed operations (a third customers, a sixth items, the
    rest invoices and estimates, half of them with a status action)."""
    from core import create_record, perform_action
    from core.provisioning import create_user
    from core.sync.jobs import start_push
    from plugins.books.modules import ESTIMATES, INVOICES
    rng = random.Random(8)
    accounts, items, documents = rows // 3, rows // 6, rows - rows // 3 - rows // 6
    seed(tenant, accounts, 0, rng=rng)
    now = utcnow()
    bulk(Product, [{"tenant": tenant.id, "created_at": now, "updated_at": now, "name": f"Item {i:05d}",
                    "code": f"SKU-{i:05d}", "unit_price": f"{rng.randint(100, 9999) / 100:.2f}", "tax_rate": "20",
                    "description": "", "is_active": True} for i in range(items)], 1000)
    start_push(registry, tenant, "contacts")
    start_push(registry, tenant, "products")
    user = create_user(tenant, f"bench-{tenant.slug}@example.com", "correct horse battery")
    account_ids = [a.id for a in Account.scoped(tenant, Account.id)]
    products = list(Product.scoped(tenant).limit(50))
    actions = 0
    for i in range(documents // 3 * 2):
        # Zoho accepts only a sent estimate: its estimates are sent, then accepted
        module, steps = (INVOICES, ("mark_sent",)) if i % 2 else (ESTIMATES, ("mark_sent", "mark_accepted"))
        document = create_record(module, tenant, user, {
            "account_id": rng.choice(account_ids), "date": now.date().isoformat(),
            "line_items": [{"product_id": rng.choice(products).id, "quantity": str(rng.randint(1, 9))}]})
        if i % 2 == 0 or i % 4 == 1:
            for action in steps:
                perform_action(module.name, document, action, user)
                actions += 1
    return {"customers": accounts, "items": items, "documents": documents // 3 * 2, "actions": actions}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--token-ttl", type=int, default=60, help="seconds a token lives")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rate-limit", type=int, default=100, help="calls per minute per organisation")
    parser.add_argument("--daily-budget", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--rows", type=int, default=None, help="outbox rows (default: enough for the time)")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/finsuite_bench")
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    ensure_database(args.pg_url)
    instance = tempfile.mkdtemp(prefix="finsuite-zoho-limits-")
    env = {**os.environ, "FINSUITE_DATABASE_URL": args.pg_url, "FINSUITE_INSTANCE": instance}
    env.pop("FINSUITE_FINANCE_DATABASE_URL", None)
    app = create_app({"DATABASE_URL": args.pg_url, "FINANCE_DATABASE_URL": None})
    registry = app.extensions["finsuite"]
    from core.finance.local import setup_finance
    from core.finance.server import create_finance_server
    from core.sync.connections import configure
    from core.sync.worker import pending_count
    setup_finance(app)
    server = create_finance_server({"RATE_LIMIT": args.rate_limit, "RATE_WINDOW": 60.0, "TOKEN_TTL": args.token_ttl,
                                    "DAILY_BUDGET": args.daily_budget, "LATENCY_MS": args.latency_ms})
    recorder = Recorder()
    recorder.attach(server)
    httpd = make_server("127.0.0.1", 0, server, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    rows = args.rows or int(args.rate_limit * args.minutes * 0.8) + 20
    with app.test_request_context(), db.connection_context():
        migrate(registry)
        from bench.sync import new_tenant
        tenant = new_tenant(registry, "bench-limits", ["books"])
        configure(tenant, "books", "zoho", tenant.slug, {"api_base": base, "accounts_url": base,
                                                          "daily_budget": args.daily_budget, **CREDENTIALS})
        made = fill_outbox(registry, tenant, rows)
        queued = pending_count(tenant)
    print(f"finance-serve on {base}: {args.rate_limit} calls/min, {args.daily_budget} a day, tokens live "
          f"{args.token_ttl} s, {args.latency_ms} ms per call; tenant {tenant.slug}: {queued} outbox rows "
          f"({made}); {args.workers} worker processes for {args.minutes:g} min; logs in {instance}")
    log = open(os.path.join(instance, "workers.log"), "ab")
    workers = spawn(["worker", "--no-scheduler", "--processes", str(args.workers)], env, log)
    started = time.monotonic()
    try:
        while time.monotonic() - started < args.minutes * 60:
            time.sleep(1.0)
    finally:
        elapsed = time.monotonic() - started
        stop(workers)  # SIGTERM: each finishes the batch it holds, within 20 s
        log.close()
    with app.app_context(), db.connection_context():
        left = pending_count(tenant)
    httpd.shutdown()
    calls, times = len(recorder.times), recorder.times
    per_minute = [sum(1 for t in times if started + 60 * m <= t < started + 60 * (m + 1))
                  for m in range(int(elapsed // 60))]
    late = sum(1 for t in times if t >= started + elapsed)
    print(f"{calls - late} calls in {elapsed / 60:.1f} min (+{late} while the workers stopped), per full minute "
          f"{per_minute}; {queued - left} of {queued} rows done (a batch's rows are stored when it ends); 429 answers: {recorder.statuses.get(429, 0)}; 401 answers: {recorder.statuses.get(401, 0)}; "
          f"token refreshes: {recorder.refreshes}; most calls in any 60 s: {recorder.max_in_window(60.0)} "
          f"(limit {args.rate_limit}); most at once: {recorder.max_in_flight}; answers by status: "
          f"{dict(sorted(recorder.statuses.items()))}")


if __name__ == "__main__":
    main()
