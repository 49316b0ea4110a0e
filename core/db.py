"""The database: one peewee proxy, bound by ``create_app`` (SQLite by default, PostgreSQL by URL)."""
from __future__ import annotations

import os
from urllib.parse import urlparse

import peewee
from playhouse.db_url import connect

db = peewee.DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "cache_size": -32000,
}


#: column types of the core's custom fields, per backend (see ``core.models.MoneyField``)
FIELD_TYPES = {
    "sqlite": {"MONEY": "INTEGER"},
    "postgres": {"MONEY": "NUMERIC(15, 2)"},
}


def make_database(url: str) -> peewee.Database:
    """Build (but do not connect) the database a URL names.

    ``sqlite:///path`` (relative paths are relative to the working directory) or
    ``postgresql://user@host:port/name``.
    """
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # IMMEDIATE: every transaction takes the write lock first, so concurrent
        # writers wait for each other instead of failing with "database is locked".
        return peewee.SqliteDatabase(path or ":memory:", pragmas=SQLITE_PRAGMAS,
                                     lock_type="IMMEDIATE", check_same_thread=False,
                                     field_types=FIELD_TYPES["sqlite"])
    if scheme in ("postgres", "postgresql"):
        return connect(url.replace("postgres://", "postgresql://", 1),
                       field_types=FIELD_TYPES["postgres"])
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:///path or postgresql://...")


def bind(url: str) -> peewee.Database:
    """Point the proxy at the database ``url`` names and return it."""
    database = make_database(url)
    db.initialize(database)
    return database


def is_postgres() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)
