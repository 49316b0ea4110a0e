"""Shared pieces of the sync tests: an app with the sync test plugin, tenants, finance lookups."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest

from core import create_app
from core.db import db
from core.finance.local.service import LocalFinance
from core.migrations import migrate
from core.models import utcnow
from core.provisioning import create_tenant, create_user
from core.sync.models import SyncOutbox
from core.testing import PASSWORD, unique


def app_with(database_url: str, plugin: str):
    """An app on the session's database with the test plugin ``plugin`` loaded, migrated."""
    other = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", "TESTING": True,
                        "PLUGINS": [plugin], "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with db.connection_context():
        migrate(other.extensions["finsuite"])
    return other


def quiet_registry(other):
    """``other``'s registry inside a request context with an open connection and an empty outbox:
    earlier tests (other apps, no worker) may have left rows waiting, and the sync tests count
    what one drain delivers."""
    with other.test_request_context():
        db.connect(reuse_if_open=True)
        SyncOutbox.delete().execute()
        yield other.extensions["finsuite"]
        if not db.is_closed():
            db.close()


@pytest.fixture(scope="module")
def sync_app(app, database_url):
    return app_with(database_url, "tests.fake_plugins.sync_docs")


@pytest.fixture
def sync(sync_app):
    """The sync test app's registry, inside a request context with an open connection."""
    yield from quiet_registry(sync_app)


def new_tenant(registry, apps=("synctest",)):
    slug = unique("s")
    tenant = create_tenant(registry, slug, f"Sync {slug}", apps=list(apps))
    user = create_user(tenant, f"{slug}@example.com", PASSWORD)
    return tenant, user


def finance_records(tenant, doc_type: str, org: str | None = None) -> list[dict]:
    return list(LocalFinance(org or tenant.slug).list_changed(doc_type, None))


def make_due(tenant) -> None:
    """Let time pass: every waiting row of the tenant is due now (instead of sleeping through
    its back-off)."""
    SyncOutbox.update(next_attempt_at=utcnow() - dt.timedelta(seconds=1)).where(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.state == "pending")).execute()


def hold_retries(tenant) -> None:
    """The tenant's rows waiting for a retry wait an hour: the back-off has full jitter (it may
    be a few milliseconds), so a test that asserts a row is still waiting sets its time."""
    SyncOutbox.update(next_attempt_at=utcnow() + dt.timedelta(hours=1)).where(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.state == "pending") & (SyncOutbox.attempts > 0)).execute()


def outbox(tenant, **where) -> list[SyncOutbox]:
    query = SyncOutbox.select().where(SyncOutbox.tenant == tenant)
    for name, value in where.items():
        query = query.where(getattr(SyncOutbox, name) == value)
    return list(query.order_by(SyncOutbox.id))


@contextmanager
def through_finserve(tenant, app: str = "books", organization_id: str | None = None, **settings):
    """``app`` of ``tenant`` on the ``zoho`` connector, talking over HTTP to a finance-serve on
    localhost (organisation ``organization_id``, by default ``<slug>-zoho``); yields ``(server,
    org)`` (``server.extensions["finance_serve"].config`` injects faults; ``served(org)`` of
    tests/zoho_serve_fixtures.py reads what finance-serve holds)."""
    from core.finance.server import create_finance_server
    from core.finance.server_state import DEFAULTS
    from core.sync.connections import configure
    from tests.live_server import serve
    server = create_finance_server({"TESTING": True, "RATE_LIMIT": 10_000})
    with serve(server) as url:
        org = organization_id or f"{tenant.slug}-zoho"
        configure(tenant, app, "zoho", org, {
            "api_base": url, "accounts_url": url, "client_id": DEFAULTS["CLIENT_ID"],
            "client_secret": DEFAULTS["CLIENT_SECRET"], "refresh_token": DEFAULTS["REFRESH_TOKEN"],
            "timeout": 5, "max_retries": 0, **settings})
        yield server, org
