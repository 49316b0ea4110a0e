"""No duplicates and nothing lost with several workers, and with a worker killed mid-run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from core.crm.models import Account
from core.db import db
from core.models import utcnow
from core.sync.connections import configure
from core.sync.jobs import start_push
from core.sync.models import SyncOutbox
from core.sync.worker import claim
from tests.browser.helpers import wait_for
from tests.sync_helpers import finance_records, new_tenant, outbox, sync, sync_app  # noqa: F401

FINSUITE = str(Path(sys.executable).with_name("finsuite"))


def add_accounts(tenant, count: int) -> None:
    now = utcnow()
    rows = [{"tenant": tenant.id, "name": f"Customer {i:05d}", "created_at": now, "updated_at": now}
            for i in range(count)]
    with db.atomic():
        for start in range(0, count, 500):
            Account.insert_many(rows[start:start + 500]).execute()


def test_two_workers_never_claim_the_same_row(sync):
    tenant, _ = new_tenant(sync)
    add_accounts(tenant, 120)
    start_push(sync, tenant, "contacts")
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    took_first = {name: threading.Event() for name in claimed}

    def work(name):
        # Each worker waits for the other's first claim before its second, so both take
        # part however the threads are scheduled (one could otherwise drain all 120 rows
        # before the other starts).
        other = next(n for n in claimed if n != name)
        with db.connection_context():
            while True:
                rows = claim(7, who=name)
                took_first[name].set()
                if not rows:
                    return
                claimed[name] += [r.id for r in rows]
                took_first[other].wait(30)

    threads = [threading.Thread(target=work, args=(n,)) for n in claimed]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not set(claimed["a"]) & set(claimed["b"])
    assert len(claimed["a"]) + len(claimed["b"]) == 120
    assert claimed["a"] and claimed["b"]  # both took part


def _worker(env, log: Path) -> subprocess.Popen:
    """``finsuite worker`` in its own process group; its output goes to ``log`` (a pipe nobody
    reads would fill and block it)."""
    with open(log, "ab") as out:
        return subprocess.Popen([FINSUITE, "worker", "--processes", "1", "--no-scheduler"], env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _count(tenant, state) -> int:
    with db.connection_context():
        return SyncOutbox.select().where((SyncOutbox.tenant == tenant) & (SyncOutbox.state == state)).count()


def test_y1_worker_killed_mid_sync_then_another_delivers_every_record_once(sync, app, tmp_path):
    """The connector waits 2 ms per call (bench/slow_local.py, loaded into the workers as a
    plugin), as a remote service does, so the kill lands mid-run and not after it."""
    tenant, _ = new_tenant(sync, apps=("books",))
    configure(tenant, "books", "slow_local", tenant.slug)
    add_accounts(tenant, 2000)
    run = start_push(sync, tenant, "contacts")
    assert run.total == 2000
    env = {**os.environ, "FINSUITE_DATABASE_URL": app.config["DATABASE_URL"], "FINSUITE_INSTANCE": str(tmp_path),
           "FINSUITE_FINANCE_DATABASE_URL": app.config["FINANCE_DATABASE_URL"], "FINSUITE_SYNC_LEASE_SECONDS": "2",
           "FINSUITE_PLUGINS": '["bench.slow_local"]', "FINSUITE_BENCH_LATENCY_MS": "2",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    log = tmp_path / "workers.log"
    first = _worker(env, log)
    try:
        assert wait_for(lambda: _count(tenant, "done") >= 300, 90), log.read_text()[-2000:]
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    left = 2000 - _count(tenant, "done")
    assert left > 0, "the first worker finished before it was killed"
    second = _worker(env, log)
    try:
        assert wait_for(lambda: _count(tenant, "done") == 2000, 180), log.read_text()[-2000:]
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        try:
            second.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
            raise AssertionError("the worker did not stop on SIGTERM:\n" + log.read_text()[-2000:]) from None
    with db.connection_context():
        crm_ids = Counter(c["crm_id"] for c in finance_records(tenant, "contacts"))
        assert len(crm_ids) == 2000 and set(crm_ids.values()) == {1}
        assert {r.state for r in outbox(tenant)} == {"done"}
