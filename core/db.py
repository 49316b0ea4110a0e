"""The database: one peewee proxy, bound by ``create_app`` (SQLite by default, PostgreSQL by URL)."""
from __future__ import annotations

import os
from urllib.parse import urlparse

import peewee
from playhouse.db_url import connect, parse

from . import data_versions, sorting
from .search.folding import fold_values

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
    "sqlite": {"MONEY": "INTEGER", "QUANTITY": "INTEGER"},
    "postgres": {"MONEY": "NUMERIC(15, 2)", "QUANTITY": "NUMERIC(18, 3)"},
}


def make_database(url: str, keeps_versions: bool = False) -> peewee.Database:
    """Build (but do not connect) the database a URL names.

    ``sqlite:///path`` (relative paths are relative to the working directory) or
    ``postgresql://user@host:port/name``. ``keeps_versions``: its writes bump the tables' data
    versions (``core.data_versions``; the CRM's database).
    """
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        # IMMEDIATE: every transaction takes the write lock first, so concurrent
        # writers wait for each other instead of failing with "database is locked".
        sqlite = data_versions.VersionedSqliteDatabase if keeps_versions else peewee.SqliteDatabase
        database = sqlite(path or ":memory:", pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE",
                          check_same_thread=False, field_types=FIELD_TYPES["sqlite"])
        # what the search triggers call on every write of a searched table (core.search.columns)
        database.register_function(fold_values, "finsuite_search", -1, deterministic=True)
        sorting.register(database)  # text sorted as a reader expects (core.sorting)
        return database
    if scheme in ("postgres", "postgresql"):
        url = url.replace("postgres://", "postgresql://", 1)
        if keeps_versions:
            return data_versions.VersionedPostgresqlDatabase(**parse(url), field_types=FIELD_TYPES["postgres"])
        return connect(url, field_types=FIELD_TYPES["postgres"])
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:///path or postgresql://...")


def bind(url: str) -> peewee.Database:
    """Point the proxy at the database ``url`` names and return it."""
    database = make_database(url, keeps_versions=True)
    db.initialize(database)
    return database


def is_postgres() -> bool:
    return isinstance(db.obj, peewee.PostgresqlDatabase)


def insert_rows(model, rows: list[dict], batch: int = 500) -> None:
    """Multi-row INSERTs of ``rows`` (field name -> Python value, the same names in each row;
    missing fields get their defaults), the SQL text written once per batch size. Same result
    as ``insert_many``, which builds an SQL node for every value (most of the cost of inserting
    thousands of rows); no RETURNING, nothing read back."""
    if not rows:
        return
    meta, database = model._meta, model._meta.database
    given = list(rows[0])
    missing = [f for f in meta.sorted_fields if f.name not in given and f.default is not None]
    fields = [meta.fields[name] for name in given] + missing
    table = peewee.quote([meta.schema, meta.table_name] if meta.schema else [meta.table_name], database.quote)
    columns = ", ".join(peewee.quote([f.column_name], database.quote) for f in fields)
    one = "(" + ", ".join([database.param] * len(fields)) + ")"
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        params = []
        for row in chunk:
            params.extend(f.db_value(row[f.name]) for f in fields[:len(given)])
            params.extend(f.db_value(f.default() if callable(f.default) else f.default) for f in missing)
        database.execute_sql(f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(chunk)), params)
    data_versions.written(database, meta.table_name)
