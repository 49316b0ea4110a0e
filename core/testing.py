"""Finsuite's pytest plugin: the fixtures of the built-in test suite, shipped with the package
so that a plugin's own tests can use them (docs/testing.md). The ``pytest11`` entry point
``finsuite`` registers it: once finsuite is installed, every pytest run has these fixtures.

One application and database per test session: a new SQLite file in a temporary directory, or
the PostgreSQL database of ``FINSUITE_TEST_DATABASE_URL`` (its schemas ``public`` and
``finance`` are emptied first). Each test makes the tenants and users it needs. Nothing runs
at import time.
"""
from __future__ import annotations

import itertools
import os
import re

import pytest

from .app import create_app
from .db import db, make_database
from .finance.local.service import LocalFinance
from .migrations import migrate
from .models import ApiToken, UserSession
from .provisioning import create_tenant, create_user
from .sync.connections import get_connection
from .sync.worker import drain

#: the password of every user ``make_user`` creates
PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    """A name no other test of this run (nor a parallel run) uses: tenant slugs, e-mails."""
    return f"{prefix}{os.getpid()}-{next(_counter)}"


def csrf_from(html: str) -> str:
    """The CSRF token of a page (a form's hidden field, or the ``csrf-token`` meta tag)."""
    match = re.search(r'name="?csrf_token"?[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def profile_without(tenant, name: str, *removed: str) -> str:
    """A profile ``name`` of ``tenant`` with every permission of Standard but ``removed``
    (``make_user(tenant, profile=name)``); returns its name."""
    from .models import Profile
    standard = Profile.get((Profile.tenant == tenant) & (Profile.name == "Standard"))
    profile = Profile(tenant=tenant, name=name, is_admin=False)
    profile.grants = [key for key in standard.grants if key not in removed]
    profile.save()
    return name


def finance_of(tenant, app: str = "books") -> LocalFinance:
    """The organisation of the embedded finance application that ``app`` of ``tenant`` syncs
    to (its ``local`` connection, the default): read there what the sync delivered."""
    return LocalFinance(get_connection(tenant, app).organization_id)


def _reset_postgres(url: str) -> None:
    database = make_database(url)
    database.connect()
    database.execute_sql("DROP SCHEMA IF EXISTS finance CASCADE")
    database.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(scope="session")
def finsuite_config() -> dict:
    """Settings added to the test application's configuration (none). Override it in a
    conftest.py to load the plugin under test: ``{"PLUGINS": ["acme_ledger"]}``."""
    return {}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """The session's database (see the module doc)."""
    url = os.environ.get("FINSUITE_TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "finsuite.db")


@pytest.fixture(scope="session")
def app(database_url, finsuite_config, tmp_path_factory):
    """The application of the session, its database migrated; a plugin that fails to load
    fails the tests with its traceback."""
    os.environ.setdefault("FINSUITE_INSTANCE", str(tmp_path_factory.mktemp("instance")))
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        **finsuite_config,
    })
    failures = app.extensions["finsuite"].failures
    if failures:
        pytest.fail("plugins failed to load:\n" + "\n".join(
            f"{f.name} ({f.source}): {f.error}\n{f.detail}" for f in failures), pytrace=False)
    with db.connection_context():
        migrate(app.extensions["finsuite"])
    return app


@pytest.fixture
def registry(app):
    """The plugins the app loaded: modules, apps, hooks (core/registry.py)."""
    return app.extensions["finsuite"]


@pytest.fixture
def ctx(app):
    """An app context with an open connection, for tests that read and write models."""
    with app.app_context():
        db.connect(reuse_if_open=True)
        yield app
        if not db.is_closed():
            db.close()


@pytest.fixture
def make_tenant(ctx, registry):
    """``make_tenant(apps=..., currency="USD", locale="en_US", name=None)``: a new tenant with
    these apps enabled (by default every installed app)."""
    def make(apps=None, currency="USD", locale="en_US", name=None):
        slug = unique("t")
        apps = registry.app_names if apps is None else apps
        return create_tenant(registry, slug, name or f"Org {slug}", currency=currency, locale=locale, apps=apps)
    return make


@pytest.fixture
def make_user(ctx):
    """``make_user(tenant, profile="Administrator", email=None)``: a user whose password is
    :data:`PASSWORD`."""
    def make(tenant, profile="Administrator", email=None):
        return create_user(tenant, email or f"{unique('u')}@example.com", PASSWORD, profile=profile)
    return make


@pytest.fixture
def tenant(make_tenant):
    """A tenant with every installed app."""
    return make_tenant()


@pytest.fixture
def admin(tenant, make_user):
    """An Administrator of ``tenant``."""
    return make_user(tenant)


class ApiClient:
    """A test client that sends a user's Bearer token on every call."""

    def __init__(self, client, token: str):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method):
        if method not in ("get", "post", "put", "patch", "delete", "head", "options", "open"):
            raise AttributeError(method)

        def call(url, **kwargs):
            kwargs.setdefault("headers", {}).update(self.headers)
            return getattr(self.client, method)(url, **kwargs)
        return call


@pytest.fixture
def api_for(app):
    """``api_for(user)``: an API client with a new token of ``user``."""
    def make(user) -> ApiClient:
        return ApiClient(app.test_client(), ApiToken.issue(user, "test"))
    return make


@pytest.fixture
def api(api_for, admin):
    """The API client of ``admin``."""
    return api_for(admin)


@pytest.fixture
def client_for(app):
    """``client_for(user)``: a browser-like test client logged in as ``user`` (a real
    server-side session); its forms need the page's token (:func:`csrf_from`)."""
    def make(user):
        client = app.test_client()
        with client.session_transaction() as session:
            session["sid"] = UserSession.open(user)
        return client
    return make


@pytest.fixture
def web(client_for, admin):
    """A web client logged in as ``admin``."""
    return client_for(admin)


@pytest.fixture
def finance_for(ctx):
    """``finance_for(tenant, app="books")``: :func:`finance_of`, with the connection open."""
    return finance_of


@pytest.fixture
def run_sync(ctx, registry):
    """``run_sync()``: the sync worker delivers every due row of the outbox (all tenants') to
    the finance applications, until none is left; returns how many rows it handled. Rows
    waiting for a retry after a failure are not due yet."""
    def run(**options) -> int:
        return drain(registry, **options)
    return run
