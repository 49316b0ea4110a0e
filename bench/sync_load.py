"""Load with real processes (issue 14, items 10 and 11): gunicorn web processes and `finsuite
worker` outbox processes on one database, API clients creating invoices and sales orders and
acting on them, the worker killed with SIGKILL midway and started again. At the end every record
must hold the user's last word here and in the finance application, each created there once,
and no row failed.

    python -m bench.sync_load --database-url postgresql://postgres@127.0.0.1:5432/bench \\
        --seconds 60 --web 2 --workers 2 --clients 6 --kill-at 15

The embedded finance application (``local``) stands for the finance side; its database is
``--finance-database-url`` (default: beside the CRM's, as the app places it).
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
FINSUITE = str(Path(sys.executable).with_name("finsuite"))
#: kind -> action -> (statuses it starts from, status it leads to): Books' moves (B4)
MOVES = {"invoices": {"mark_sent": ({"draft"}, "sent"), "mark_void": ({"draft", "sent"}, "void")},
         "salesorders": {"convert_to_open": ({"draft"}, "open"), "mark_closed": ({"open"}, "closed"),
                         "mark_void": ({"draft", "open"}, "void"), "reopen": ({"void", "closed"}, "open")}}
LINE = {"name": "Consulting", "quantity": "2", "rate": "50.00"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


def provision(app):
    """A tenant with Books, its administrator's API token, an account and an empty outbox."""
    from core.crm.models import Account
    from core.models import ApiToken
    from core.provisioning import create_tenant, create_user
    slug = f"load{os.getpid()}{random.randrange(10**6)}"
    tenant = create_tenant(app.extensions["finsuite"], slug, f"Load {slug}", apps=["books"])
    user = create_user(tenant, f"{slug}@example.com", "correct horse battery")
    account = Account.create(tenant=tenant, name="Load Customer Ltd")
    return tenant, ApiToken.issue(user, "load"), account.id


class Clients:
    """``count`` threads creating documents and acting on them over the API until ``stop``;
    ``words`` keeps each record's last status as the API answered it."""

    def __init__(self, base: str, token: str, account_id: int, count: int, seed: int = 1):
        self.base, self.account_id, self.count = base, account_id, count
        self.headers = {"Authorization": f"Bearer {token}"}
        self.words: dict[tuple, str] = {}
        self.stats = Counter()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.rng = random.Random(seed)

    def run(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(self.count)]
        for thread in threads:
            thread.start()
        return threads

    def _client(self, index: int) -> None:
        rng = random.Random(self.rng.random() + index)
        session = requests.Session()
        while not self.stop.is_set():
            kind = rng.choice(sorted(MOVES))
            response = session.post(f"{self.base}/api/v1/books/{kind}", headers=self.headers, timeout=30,
                                    json={"account_id": self.account_id, "line_items": [LINE]})
            self._count(response)
            if response.status_code != 201:
                continue
            doc_id, status = response.json()["id"], "draft"
            self._word(kind, doc_id, status)
            for _ in range(rng.randint(1, 4)):
                choices = [a for a, (sources, _) in MOVES[kind].items() if status in sources]
                if not choices:
                    break
                response = session.post(f"{self.base}/api/v1/books/{kind}/{doc_id}/actions/{rng.choice(choices)}",
                                        headers=self.headers, timeout=30)
                self._count(response)
                if response.status_code == 200:
                    status = response.json()["status"]
                    self._word(kind, doc_id, status)

    def _count(self, response) -> None:
        with self.lock:
            self.stats[response.status_code] += 1

    def _word(self, kind: str, doc_id: int, status: str) -> None:
        with self.lock:
            self.words[(kind, doc_id)] = status


def start_web(env: dict, port: int, processes: int, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", str(processes), "-b", f"127.0.0.1:{port}",
                             "--graceful-timeout", "5", "core:create_app()"], env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)


def start_worker(env: dict, processes: int, log) -> subprocess.Popen:
    return subprocess.Popen([FINSUITE, "worker", "--processes", str(processes), "--no-scheduler"], env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen, sig=signal.SIGTERM, grace: float = 20) -> None:
    try:
        os.killpg(process.pid, sig)
        process.wait(grace)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


def verify(tenant, words: dict) -> dict:
    """Compare every record's last word with the CRM and the finance application."""
    from core.finance.local.service import LocalFinance
    from core.sync.connections import get_connection
    from core.sync.models import SyncMapping, SyncOutbox
    from plugins.books.models import Invoice, SalesOrder
    models = {"invoices": Invoice, "salesorders": SalesOrder}
    connection = get_connection(tenant, "books")
    finance = LocalFinance(connection.organization_id)
    mapped = {(m.module, m.record_id): m.finance_id for m in SyncMapping.select().where(
        (SyncMapping.tenant == tenant) & (SyncMapping.org_key == connection.org_key))}
    wrong_crm, wrong_finance = [], []
    for (kind, doc_id), word in sorted(words.items()):
        record = models[kind].get_by_id(doc_id)
        if record.status != word:
            wrong_crm.append((kind, doc_id, word, record.status))
        finance_id = mapped.get((f"books/{kind}", doc_id))
        remote = finance.get(kind, finance_id) if finance_id else None
        if remote is None or remote["status"] != word:
            wrong_finance.append((kind, doc_id, word, remote and remote["status"]))
    copies = Counter(r["crm_id"] for kind in models for r in finance.list_changed(kind, None))
    failed = list(SyncOutbox.select().where((SyncOutbox.tenant == tenant) & (SyncOutbox.state != "done")))
    return {"records": len(words), "wrong_crm": wrong_crm, "wrong_finance": wrong_finance,
            "twice": sorted(crm_id for crm_id, n in copies.items() if n > 1),
            "not_done": [(r.module, r.record_id, r.operation, r.state, r.last_error) for r in failed]}


def run(app, seconds: float = 60, clients: int = 6, web: int = 2, workers: int = 2, kill_at: float | None = 15,
        folder: str | None = None) -> dict:
    """Run the load against ``app``'s database (bound in this process); returns the figures and
    what :func:`verify` found."""
    from core.db import db
    from core.sync.worker import pending_count
    folder = folder or tempfile.mkdtemp(prefix="finsuite-load-")
    with db.connection_context():
        tenant, token, account_id = provision(app)
    port = free_port()
    env = {**os.environ, "FINSUITE_DATABASE_URL": app.config["DATABASE_URL"], "FINSUITE_INSTANCE": folder,
           "FINSUITE_SECRETS_KEY": app.config["SECRETS_KEY"],
           "FINSUITE_FINANCE_DATABASE_URL": app.config["FINANCE_DATABASE_URL"], "FINSUITE_SECRET_KEY": "load",
           "FINSUITE_SYNC_LEASE_SECONDS": "3", "PYTHONPATH": str(ROOT)}
    log = open(Path(folder) / "processes.log", "ab")
    server, worker = start_web(env, port, web, log), start_worker(env, workers, log)
    base, killed, figures = f"http://127.0.0.1:{port}", 0, {}
    try:
        if not wait_until(lambda: _answers(base), 30):
            raise RuntimeError("gunicorn did not start: " + (Path(folder) / "processes.log").read_text()[-2000:])
        load = Clients(base, token, account_id, clients)
        started = time.monotonic()
        threads = load.run()
        if kill_at is not None and kill_at < seconds:
            time.sleep(kill_at)
            stop(worker, signal.SIGKILL)
            killed += 1
            worker = start_worker(env, workers, log)
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        load.stop.set()
        for thread in threads:
            thread.join(60)
        loaded = time.monotonic() - started
        drain_started = time.monotonic()
        with db.connection_context():
            drained = wait_until(lambda: pending_count(tenant) == 0, 180, every=0.5)
        figures = {"seconds": round(loaded, 1), "requests": sum(load.stats.values()),
                   "requests_per_second": round(sum(load.stats.values()) / loaded, 1),
                   "answers": dict(load.stats), "killed": killed, "drained": drained,
                   "drain_seconds": round(time.monotonic() - drain_started, 1)}
    finally:
        stop(worker)
        stop(server)
        log.close()
    with db.connection_context():
        return {**figures, **verify(tenant, load.words)}


def _answers(base: str) -> bool:
    try:
        return requests.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--finance-database-url", default=None)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--web", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-at", type=float, default=15)
    args = parser.parse_args()
    from core import create_app
    from core.db import db
    from core.migrations import migrate
    config = {"DATABASE_URL": args.database_url, "SECRET_KEY": "load"}
    if args.finance_database_url:
        config["FINANCE_DATABASE_URL"] = args.finance_database_url
    app = create_app(config)
    with db.connection_context():
        migrate(app.extensions["finsuite"])
    with app.app_context():
        report = run(app, args.seconds, args.clients, args.web, args.workers, args.kill_at)
    for key in ("seconds", "requests", "requests_per_second", "answers", "killed", "drained", "drain_seconds",
                "records"):
        print(f"{key:>20}: {report.get(key)}")
    for key in ("wrong_crm", "wrong_finance", "twice", "not_done"):
        print(f"{key:>20}: {len(report[key])} {report[key][:5]}")


if __name__ == "__main__":
    main()
