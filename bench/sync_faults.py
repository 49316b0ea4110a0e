"""A fault run (issue 14): `finsuite worker` processes (4 on PostgreSQL; SQLite takes one) drain
Books documents through the ``zoho`` connector to finance-serve (the Zoho stand-in) on
localhost, which fails calls at random: 500s before a call, answers lost after the call was
carried out (504), injected 429s with X-Rate-Limit-Reset and no Retry-After, and tokens that
live 20 seconds, with its real limit of calls per window. Users keep acting on the documents
while the workers run. The run must converge: nothing failed, nothing created twice, both sides
equal in statuses and totals, and the stand-in never refused a call for its limit.

    python -m bench.sync_faults --database-url postgresql://postgres@127.0.0.1:5432/bench \\
        --documents 60 --seconds 20 --workers 4
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINSUITE = str(Path(sys.executable).with_name("finsuite"))
KINDS = ("invoices", "estimates", "salesorders")
FAULTS = {"fail": 0.05, "lose": 0.05, "throttle": 0.03}


def _lines(rng: random.Random) -> list[dict]:
    return [{"name": f"Line {i}", "quantity": str(rng.choice(["1", "2", "3.5"])), "rate": rng.choice(["19.99", "120.00", "7.25"]),
             "discount_percent": rng.choice(["0", "0", "10", "12.5"]), "tax_percent": rng.choice(["0", "20", "5.5"])}
            for i in range(rng.randint(1, 3))]


def _act(registry, tenant, user, kind: str, record, rng: random.Random) -> str | None:
    """A user's status action among those offered now, or None."""
    from core.actions import run_action
    from core.pages import status_actions
    module = registry.modules[f"books/{kind}"]
    relay = registry.relay(["books"])
    offered = [a.key for a in status_actions(relay, module, record, user)]
    if not offered:
        return None
    run_action(relay, module, tenant, user, record, rng.choice(offered))
    return module.model.get_by_id(record.id).status


def _finance_status(crm_status: str) -> str:
    """What Zoho holds for a CRM status: an order closed here stays open there (no endpoint)."""
    return "open" if crm_status == "closed" else crm_status


def run(app, documents: int = 40, seconds: float = 15, workers: int = 4, seed: int = 7,
        folder: str | None = None, faults: dict | None = None, actions: int | None = None,
        window: float = 10.0) -> dict:
    """The run; ``actions``: users act until that many actions were made (else for ``seconds``),
    ``faults={}``: a clean run; ``window``: the seconds in which at most 100 calls are allowed
    (Zoho's is 60; the tests use 10 to be quick). Returns the figures and what differs."""
    from core.crm.models import Account
    from core.db import db, is_postgres
    from core.finance.local.service import LocalFinance
    from core.finance.server import create_finance_server, served_organisation
    from core.finance.server_state import DEFAULTS
    from core.provisioning import create_tenant, create_user
    from core.records import create_record
    from core.sync.connections import configure
    from core.sync.models import SyncOutbox
    from core.sync.worker import pending_count
    from tests.live_server import serve
    registry, rng = app.extensions["finsuite"], random.Random(seed)
    folder = folder or tempfile.mkdtemp(prefix="finsuite-faults-")
    workers = workers if is_postgres() else 1
    server = create_finance_server({"TESTING": True, "TOKEN_TTL": 20, "RATE_LIMIT": 100, "RATE_WINDOW": window,
                                    "FAULT_RATES": dict(FAULTS if faults is None else faults), "FAULT_SEED": seed})
    state = server.extensions["finance_serve"]
    env = {**os.environ, "FINSUITE_DATABASE_URL": app.config["DATABASE_URL"], "FINSUITE_INSTANCE": folder,
           "FINSUITE_SECRETS_KEY": app.config["SECRETS_KEY"],  # the workers read the secrets it sealed
           "FINSUITE_FINANCE_DATABASE_URL": app.config["FINANCE_DATABASE_URL"], "FINSUITE_SECRET_KEY": "faults",
           "FINSUITE_SYNC_LEASE_SECONDS": "5", "PYTHONPATH": str(ROOT)}
    words: dict[tuple, str] = {}
    with serve(server) as url, db.connection_context():
        slug = f"faults{os.getpid()}{rng.randrange(10**6)}"
        tenant = create_tenant(registry, slug, f"Faults {slug}", apps=["books"])
        user = create_user(tenant, f"{slug}@example.com", "correct horse battery")
        org = f"{slug}-zoho"
        configure(tenant, "books", "zoho", org, {
            "api_base": url, "accounts_url": url, "client_id": DEFAULTS["CLIENT_ID"],
            "client_secret": DEFAULTS["CLIENT_SECRET"], "refresh_token": DEFAULTS["REFRESH_TOKEN"], "timeout": 5,
            "rate_limit": 100, "rate_window": window, "max_retries": 1, "backoff_base": 0.05, "backoff_cap": 0.5,
            "retry_after_cap": 5})
        customers = [Account.create(tenant=tenant, name=f"Customer {i}") for i in range(5)]
        records = []
        for i in range(documents):
            kind = KINDS[i % len(KINDS)]
            record = create_record(registry.modules[f"books/{kind}"], tenant, user, {
                "account_id": rng.choice(customers).id, "line_items": _lines(rng)})
            records.append((kind, record))
            words[(kind, record.id)] = record.status
        log = open(Path(folder) / "workers.log", "ab")
        process = subprocess.Popen([FINSUITE, "worker", "--processes", str(workers), "--no-scheduler"], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started, acted = time.monotonic(), 0
        try:
            while (acted < actions) if actions is not None else (time.monotonic() - started < seconds):
                kind, record = rng.choice(records)  # users keep acting while the workers sync
                status = _act(registry, tenant, user, kind, record.__class__.get_by_id(record.id), rng)
                if status is not None:
                    words[(kind, record.id)] = status
                    acted += 1
                time.sleep(rng.uniform(0.05, 0.3) if actions is None else 0.01)
            deadline = time.monotonic() + 240 + 6 * window * documents / 100
            while pending_count(tenant) and time.monotonic() < deadline:
                time.sleep(0.5)
            drained = pending_count(tenant) == 0
            took = time.monotonic() - started
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(30)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
            log.close()
        server.config["FAULT_RATES"] = {}
        finance = LocalFinance(served_organisation(org))  # finance-serve's own organisation
        from core.sync.connections import get_connection
        from core.sync.models import SyncMapping
        org_key = get_connection(tenant, "books").org_key
        mapped = {(m.module, m.record_id): m.finance_id for m in SyncMapping.select().where(
            (SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key))}
        unequal = []
        for (kind, record_id), word in sorted(words.items()):
            record = registry.modules[f"books/{kind}"].model.get_by_id(record_id)
            finance_id = mapped.get((f"books/{kind}", record_id))
            remote = finance.get(kind, finance_id) if finance_id else None
            seen = (record.status, remote and remote["status"], record.total, remote and Decimal(remote["total"]))
            if seen != (word, _finance_status(word), record.total, record.total):
                unequal.append((kind, record_id, word, seen))
        copies = Counter(r["crm_id"] for kind in (*KINDS, "contacts") for r in finance.list_changed(kind, None))
        not_done = [(r.module, r.record_id, r.operation, r.state, r.last_error) for r in SyncOutbox.select().where(
            (SyncOutbox.tenant == tenant) & (SyncOutbox.state != "done"))]
        # what was synced: each outbox row, and each customer sent first (Y5) with no row of its own
        operations = (SyncOutbox.select().where((SyncOutbox.tenant == tenant) & (SyncOutbox.state == "done")).count()
                      + sum(1 for module, _ in mapped if module == "accounts"))
    return {"documents": documents, "workers": workers, "seconds": round(took, 1), "drained": drained,
            "operations": operations, "calls": state.calls,
            "calls_per_operation": round(state.calls / operations, 3) if operations else None, "refused_for_the_limit": state.refused, "injected": dict(state.injected),
            "token_refreshes": len(state.tokens), "unequal": unequal, "not_done": not_done,
            "twice": sorted(k for k, n in copies.items() if n > 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--actions", type=int, default=None, help="act until this many actions (else --seconds)")
    parser.add_argument("--clean", action="store_true", help="no injected faults: count calls per operation")
    parser.add_argument("--window", type=float, default=60.0, help="seconds of the 100-call limit (Zoho: 60)")
    args = parser.parse_args()
    import logging
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per call of finance-serve
    from core import create_app
    from core.db import db
    from core.migrations import migrate
    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": "faults"})
    with db.connection_context():
        migrate(app.extensions["finsuite"])
    with app.test_request_context():
        report = run(app, args.documents, args.seconds, args.workers, args.seed,
                     faults={} if args.clean else None, actions=args.actions, window=args.window)
    for key, value in report.items():
        print(f"{key:>22}: {len(value) if isinstance(value, list) else value}"
              + (f" {value[:3]}" if isinstance(value, list) and value else ""))


if __name__ == "__main__":
    main()
