"""Server time and SQL queries of the accounts pages: ``python -m bench.pages --tenant SLUG``.

Run ``python -m bench.seed`` first (same ``FINSUITE_DATABASE_URL``). Prints the median time
of ``--runs`` requests after ``--warmup`` ones through Flask's test client, logged in as an
administrator this script creates, for: the accounts list sorted by name (first and last page),
an account detail page with the five plugins enabled and disabled (hook overhead), and the
number of SQL queries of a detail page with 1 related contact against 200.
"""
from __future__ import annotations

import argparse
import logging
import statistics
import time

from core import create_app
from core.crm.models import Account, Contact
from core.db import db
from core.migrations import migrate
from core.models import Profile, Tenant, User, UserSession
from core.provisioning import create_user
from core.tenancy import enable_apps, enabled_apps, set_enabled

#: the pages measured; ``--api`` measures the JSON API instead
URLS = {
    "web": {"list": "/m/accounts/?sort=name&page={page}", "detail": "/m/accounts/{id}"},
    "api": {"list": "/api/v1/accounts?sort=name&page={page}", "detail": "/api/v1/accounts/{id}/related"},
}
PER_PAGE = 25
TARGETS_MS = {"list": 30.0, "detail": 40.0}
TARGET_OVERHEAD = 15.0


class QueryCounter(logging.Handler):
    """Counts the statements peewee sends (its ``peewee`` logger logs each at DEBUG)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0
        self.statements: list[str] = []

    def emit(self, record):
        self.count += 1
        self.statements.append(str(record.msg[0] if isinstance(record.msg, tuple) else record.msg)[:160])

    def __enter__(self):
        logger = logging.getLogger("peewee")
        self._level = logger.level
        logger.addHandler(self)
        logger.setLevel(logging.DEBUG)
        return self

    def __exit__(self, *exc):
        logger = logging.getLogger("peewee")
        logger.removeHandler(self)
        logger.setLevel(self._level)


def ensure_admin(tenant) -> User:
    email = f"bench-admin@{tenant.slug}.bench.test"
    user = User.get_or_none(User.email == email)
    return user or create_user(tenant, email, "bench-password", profile="Administrator")


def ensure_account_with_contacts(tenant, contacts: int) -> Account:
    """An account named for its number of contacts, with exactly that many."""
    name = f"Bench account with {contacts} contact(s)"
    account = Account.scoped(tenant).where(Account.name == name).first()
    if account is None:
        with db.atomic():
            account = Account.create(tenant=tenant, name=name)
            Contact.insert_many([{"tenant": tenant.id, "last_name": f"Related {i:03d}", "first_name": "Bench",
                                  "account": account.id} for i in range(contacts)]).execute()
    return account


def set_all_apps(registry, tenant, on: bool) -> None:
    if on:
        enable_apps(registry, tenant, [a for a in registry.app_names if a not in enabled_apps(tenant)])
        return
    for _ in range(len(registry.app_names)):  # dependants first: retry until none is left
        for name in enabled_apps(tenant):
            try:
                set_enabled(registry, tenant, name, False)
            except Exception:
                continue
        if not enabled_apps(tenant):
            return


def timed(client, url: str, runs: int, warmup: int) -> tuple[list[float], int]:
    """Milliseconds of each of ``runs`` GETs (after ``warmup``), and the last status code."""
    status = 0
    for _ in range(warmup):
        status = client.get(url).status_code
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        status = client.get(url).status_code
        times.append((time.perf_counter() - started) * 1000)
    if status != 200:
        raise SystemExit(f"Error: {url} answered HTTP {status}; are the pages built? (try --api)")
    return times, status


def report(label: str, times: list[float], status: int, target: float | None) -> None:
    median = statistics.median(times)
    verdict = "" if target is None else f", target < {target:.0f} ms: {'ok' if median < target else 'MISSED'}"
    print(f"  {label:<30} median {median:6.2f} ms  min {min(times):6.2f} ms  (HTTP {status}{verdict})")


def count_queries(client, url: str) -> tuple[int, int, list[str]]:
    client.get(url)  # warm caches first: count a steady-state request
    with QueryCounter() as counter:
        status = client.get(url).status_code
    return counter.count, status, counter.statements


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenant", required=True)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--api", action="store_true", help="measure the JSON API instead of the web pages")
    parser.add_argument("--show-sql", action="store_true", help="print the statements of the detail page")
    args = parser.parse_args(argv)
    urls = URLS["api" if args.api else "web"]

    app = create_app()
    registry = app.extensions["finsuite"]
    with app.app_context(), db.connection_context():
        migrate(registry)
        tenant = Tenant.get_or_none(Tenant.slug == args.tenant)
        if tenant is None:
            raise SystemExit(f"Error: no tenant {args.tenant!r}: run python -m bench.seed --tenant {args.tenant} first")
        admin = ensure_admin(tenant)
        one, many = ensure_account_with_contacts(tenant, 1), ensure_account_with_contacts(tenant, 200)
        total = Account.scoped(tenant).count()
        sid = UserSession.open(admin)
        headers = {}
        if args.api:
            from core.models import ApiToken
            headers = {"Authorization": f"Bearer {ApiToken.issue(admin, 'bench')}"}
        set_all_apps(registry, tenant, True)
    last = max(1, -(-total // PER_PAGE))

    client = app.test_client()
    client.environ_base.update({f"HTTP_{k.upper()}": v for k, v in headers.items()})
    with client.session_transaction() as session:
        session["sid"] = sid

    print(f"database {app.config['DATABASE_URL']}, tenant {tenant.slug}: {total} accounts, "
          f"{args.runs} runs after {args.warmup} warm-up, median server time (Flask test client)")
    print(f"pages: {'JSON API' if args.api else 'web UI'} {urls}")
    for label, url in (("list, page 1, sorted by name", urls["list"].format(page=1)),
                       (f"list, page {last} (last)", urls["list"].format(page=last))):
        times, status = timed(client, url, args.runs, args.warmup)
        report(label, times, status, TARGETS_MS["list"])

    detail = urls["detail"].format(id=many.id)
    queries = [count_queries(client, urls["detail"].format(id=a.id)) for a in (one, many)]
    # plugins on and off in alternating rounds, so a change in the machine's load hits both alike
    on, off, rounds = [], [], 5
    try:
        for _ in range(rounds):
            for state, bucket in ((True, on), (False, off)):
                with app.app_context(), db.connection_context():
                    set_all_apps(registry, tenant, state)
                times, status = timed(client, detail, max(1, args.runs // rounds), max(1, args.warmup // 2))
                bucket.extend(times)
        off_queries = count_queries(client, detail)[0]
    finally:
        with app.app_context(), db.connection_context():
            set_all_apps(registry, tenant, True)
    report("detail, 5 plugins enabled", on, status, TARGETS_MS["detail"])
    report("detail, plugins disabled", off, status, None)
    overhead = (statistics.median(on) - statistics.median(off)) / statistics.median(off) * 100
    print(f"  hook overhead: {overhead:+.1f} % (target < {TARGET_OVERHEAD:.0f} %: "
          f"{'ok' if overhead < TARGET_OVERHEAD else 'MISSED'})")
    (q_one, _, _), (q_many, _, statements) = queries
    print(f"  SQL queries, detail page: {q_one} with 1 contact, {q_many} with 200 contacts, "
          f"{off_queries} with plugins disabled ({'bounded' if q_many == q_one else 'GROWS'})")
    if args.show_sql:
        for sql in statements:
            print("    " + sql)


if __name__ == "__main__":
    main()
