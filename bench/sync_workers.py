"""Figure 4 of ``bench.sync``: outbox throughput of 1 and 4 ``finsuite worker`` processes on
PostgreSQL when each finance call waits 20 ms, as a remote API does.

The ``zoho`` connector (``--connector zoho``, the default) calls ``finsuite finance-serve
--latency-ms 20 --rate-limit 1000000 --daily-budget 1000000000`` (and its settings lift the
client's limits alike) started here as a subprocess. ``--connector local``
instead loads ``bench.slow_local`` into the workers (``FINSUITE_PLUGINS``): the embedded
application behind a 20 ms sleep per call, without HTTP. For each worker count: a new tenant
(Books) with ``--rows`` accounts, the workers started and warmed up (one synced record), then
the time from ``start_push`` to the run's end.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from core import create_app
from core.crm.models import Account
from core.db import db, make_database
from core.migrations import migrate
from core.models import utcnow

FINSUITE = str(Path(sys.executable).with_name("finsuite"))
CREDENTIALS = {"client_id": "finsuite-demo-client", "client_secret": "finsuite-demo-secret",
               "refresh_token": "1000.finsuite-demo-refresh"}


def ensure_database(url: str) -> None:
    """Create the bench database if it is missing (``createdb``), never touching another."""
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = make_database(url.replace(parts.path, "/postgres"))
    with admin.connection_context():
        if admin.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return
    subprocess.run(["createdb", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
                    "-U", parts.username or "postgres", name], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"finance-serve did not listen on {port}")


def spawn(args: list[str], env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([FINSUITE, *args], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def bench_tenant(registry, connector: str, port: int | None, rows: int, prefix: str):
    from bench.sync import new_tenant
    from core.sync.connections import configure
    tenant = new_tenant(registry, prefix, ["books"])
    if connector == "zoho":
        base = f"http://127.0.0.1:{port}"
        configure(tenant, "books", "zoho", tenant.slug, {"api_base": base, "accounts_url": base,
                                                          "rate_limit": 1_000_000, "daily_budget": 10**9,
                                                          "max_in_flight": 64, **CREDENTIALS})
    else:
        configure(tenant, "books", "slow_local", tenant.slug)
    now = utcnow()
    with db.atomic():
        Account.insert_many([{"tenant": tenant.id, "name": f"Remote customer {i:05d}", "created_at": now,
                              "updated_at": now} for i in range(rows)]).execute()
    return tenant


def run_until_done(registry, tenant, timeout: float) -> float:
    from core.sync.jobs import start_push
    from core.sync.models import SyncRun
    started = time.perf_counter()
    run = start_push(registry, tenant, "contacts")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = SyncRun.select(SyncRun.state).where(SyncRun.id == run.id).scalar()
        if state != "running":
            secs = time.perf_counter() - started
            done = SyncRun.get_by_id(run.id)
            if done.state != "ok" or done.done != done.total:
                raise RuntimeError(f"run ended {done.state}: {done.done}/{done.total}, {done.failed} failed")
            return secs
        time.sleep(0.05)
    raise RuntimeError(f"run not done within {timeout} s")


def figure_4(args) -> dict:
    ensure_database(args.pg_url)
    instance = tempfile.mkdtemp(prefix="finsuite-bench-")
    env = {**os.environ, "FINSUITE_DATABASE_URL": args.pg_url, "FINSUITE_INSTANCE": instance}
    env.pop("FINSUITE_FINANCE_DATABASE_URL", None)  # the finance schema of the same database
    if args.connector == "local":
        env["FINSUITE_PLUGINS"] = json.dumps(["bench.slow_local"])
        env["FINSUITE_BENCH_LATENCY_MS"] = str(args.latency_ms)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.getcwd(), env.get("PYTHONPATH")]))
    app = create_app({"DATABASE_URL": args.pg_url, "FINANCE_DATABASE_URL": None,
                      **({"PLUGINS": ["bench.slow_local"]} if args.connector == "local" else {})})
    registry = app.extensions["finsuite"]
    log = open(os.path.join(instance, "processes.log"), "ab")
    server, port, out = None, None, {}
    print(f"4. database: {args.pg_url}; connector {args.connector}, {args.latency_ms} ms per call; "
          f"{args.rows} accounts per run; logs in {instance}")
    try:
        with app.app_context(), db.connection_context():
            migrate(registry)
        if args.connector == "zoho":
            port = free_port()
            server = spawn(["finance-serve", "--port", str(port), "--latency-ms", str(args.latency_ms),
                            "--rate-limit", "1000000", "--daily-budget", "1000000000"], env, log)
            wait_port(port)
        for count in [int(n) for n in args.workers.split(",")]:
            with app.app_context(), db.connection_context():
                warm = bench_tenant(registry, args.connector, port, 2 * count, "bench-warm")
                tenant = bench_tenant(registry, args.connector, port, args.rows, "bench-workers")
            workers = spawn(["worker", "--no-scheduler", "--processes", str(count)], env, log)
            try:
                with app.app_context(), db.connection_context():
                    run_until_done(registry, warm, 120)  # every process has started and logged in
                    time.sleep(2.0)
                    secs = run_until_done(registry, tenant, 600)
            finally:
                stop(workers)
            out[count] = secs
            print(f"   {count} worker process(es): {args.rows} records in {secs:.2f} s = {args.rows / secs:.1f}/s")
    finally:
        if server is not None:
            stop(server)
        log.close()
    counts = sorted(out)
    if len(counts) >= 2:
        speedup = out[counts[0]] / out[counts[-1]]
        print(f"4. {counts[-1]} workers drain {speedup:.2f}x faster than {counts[0]}  (target >= 2.5x) "
              f"{'ok' if speedup >= 2.5 else 'MISSED'}")
        out["speedup"] = speedup
    return out
