"""Shared fixtures: one app and database per test session, a fresh tenant per test.

``FINSUITE_TEST_DATABASE_URL`` runs the suite on PostgreSQL (its schema ``public`` is
emptied first); by default a new SQLite file is used.
"""
from __future__ import annotations

import itertools
import os
import re

import pytest

from core import create_app
from core.db import db
from core.migrations import migrate
from core.models import UserSession
from core.provisioning import create_tenant, create_user

ALL_APPS = ("books", "invoice", "expense", "inventory", "subscriptions")
PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def _reset_postgres(url: str) -> None:
    from core.db import make_database
    database = make_database(url)
    database.connect()
    database.execute_sql("DROP SCHEMA IF EXISTS finance CASCADE")
    database.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("FINSUITE_TEST_DATABASE_URL")
    if url:
        _reset_postgres(url)
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "finsuite.db")


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    os.environ.setdefault("FINSUITE_INSTANCE", str(tmp_path_factory.mktemp("instance")))
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    with db.connection_context():
        migrate(app.extensions["finsuite"])
    return app


@pytest.fixture
def registry(app):
    return app.extensions["finsuite"]


@pytest.fixture
def ctx(app):
    """An app context with an open connection, for tests that read and write models."""
    with app.app_context():
        db.connect(reuse_if_open=True)
        yield app
        if not db.is_closed():
            db.close()


def unique(prefix: str) -> str:
    return f"{prefix}{os.getpid()}-{next(_counter)}"


@pytest.fixture
def make_tenant(ctx, registry):
    def make(apps=ALL_APPS, currency="USD", locale="en_US", name=None):
        slug = unique("t")
        return create_tenant(registry, slug, name or f"Org {slug}", currency=currency, locale=locale, apps=apps)
    return make


@pytest.fixture
def make_user(ctx):
    def make(tenant, profile="Administrator", email=None):
        return create_user(tenant, email or f"{unique('u')}@example.com", PASSWORD, profile=profile)
    return make


@pytest.fixture
def tenant(make_tenant):
    return make_tenant()


@pytest.fixture
def admin(tenant, make_user):
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
    from core.models import ApiToken

    def make(user) -> ApiClient:
        return ApiClient(app.test_client(), ApiToken.issue(user, "test"))
    return make


@pytest.fixture
def api(api_for, admin):
    return api_for(admin)


@pytest.fixture
def client_for(app):
    """A browser-like test client logged in as ``user`` (a real server-side session)."""
    def make(user):
        client = app.test_client()
        with client.session_transaction() as session:
            session["sid"] = UserSession.open(user)
        return client
    return make


@pytest.fixture
def web(client_for, admin):
    return client_for(admin)


def csrf_from(html: str) -> str:
    match = re.search(r'name="?csrf_token"?[^>]*value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)
