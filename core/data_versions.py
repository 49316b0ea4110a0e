"""Data versions: one number per table that grows after every committed write to the table, so
what was computed from some tables (a report's rows) can be kept until one of them changes,
correctly across processes (the numbers live in the database).

The CRM's database (``core.db.bind``) notes every INSERT, UPDATE and DELETE peewee runs and,
once the transaction commits, adds one to each written table's number: one statement per table
per transaction, run after the commit, so the row is never locked for a transaction's length.
A reader takes the numbers *before* it reads the data: a result computed between a write's
commit and its bump is stored under the old numbers and never served after the bump. Writes
rolled back bump nothing.

Writes that bypass peewee's queries (raw ``execute_sql``) call :func:`written` themselves;
migrations bump every table at once (:data:`EVERY_TABLE`). A process that dies between a
commit and its bump leaves that table's number behind until its next write: results cached
then may stay at most :data:`core.reports.result_cache.MAX_AGE` seconds.
"""
from __future__ import annotations

import peewee

TABLE = "data_version"
#: the number bumped by migrations and raw loads: part of every reader's numbers
EVERY_TABLE = "*"
#: tables written all the time and never read by what is cached (a report reads its modules' tables)
UNTRACKED = frozenset({TABLE, "schema_migration", "sync_outbox", "sync_run", "sync_cursor", "sync_mapping",
                       "sync_oauth_state", "login_failure", "idempotency_key", "audit_log", "api_token",
                       "user_session", "email_log"})


class _Bump:
    """The after-commit callback of one transaction: the tables it wrote."""

    def __init__(self, database):
        self.database, self.tables = database, set()

    def __call__(self):
        _bump(self.database, self.tables)


def _bump(database, tables) -> None:
    for table in sorted(tables):
        database.execute_sql(
            f'INSERT INTO "{TABLE}" (name, version) VALUES ({database.param}, 1) '
            f'ON CONFLICT (name) DO UPDATE SET version = "{TABLE}".version + 1', (table,))


def written(database, table: str) -> None:
    """Note a write of ``table`` on ``database`` (bumped now outside a transaction, else once
    the transaction commits). Does nothing on a database that does not keep versions."""
    database = getattr(database, "obj", database)
    if not getattr(database, "keeps_versions", False) or table in UNTRACKED or database.versions_paused:
        return
    if not database.in_transaction():
        _bump(database, {table})
        return
    bump = next((c for c in database._state.commit_callbacks if isinstance(c, _Bump)), None)
    if bump is None:
        bump = _Bump(database)
        database.after_commit(bump)
    bump.tables.add(table)


def pending(database, tables) -> bool:
    """Whether this connection's open transaction wrote one of ``tables`` (not yet committed:
    what it reads now is no one else's to see)."""
    database = getattr(database, "obj", database)
    return any(isinstance(c, _Bump) and (c.tables & set(tables)) for c in database._state.commit_callbacks)


def current(database, tables) -> tuple:
    """The numbers of ``tables`` and of :data:`EVERY_TABLE`, in a stable order (0: never written)."""
    names = sorted({*tables, EVERY_TABLE})
    marks = ", ".join([getattr(database, "obj", database).param] * len(names))
    found = dict(database.execute_sql(f'SELECT name, version FROM "{TABLE}" WHERE name IN ({marks})', names).fetchall())
    return tuple(found.get(name, 0) for name in names)


class _KeepsVersions:
    """A peewee database that notes the tables its write queries change (see the module)."""

    keeps_versions = True
    versions_paused = False

    def execute(self, query, **context_options):
        cursor = super().execute(query, **context_options)
        if isinstance(query, peewee._WriteQuery):
            table = query.table
            written(self, table._meta.table_name if hasattr(table, "_meta") else table.__name__)
        return cursor


class VersionedSqliteDatabase(_KeepsVersions, peewee.SqliteDatabase):
    """The CRM's SQLite database, keeping data versions."""


class VersionedPostgresqlDatabase(_KeepsVersions, peewee.PostgresqlDatabase):
    """The CRM's PostgreSQL database, keeping data versions."""


def create_table(database) -> None:
    """The table of numbers (migration core.0009)."""
    database.execute_sql(f'CREATE TABLE IF NOT EXISTS "{TABLE}" (name VARCHAR(200) NOT NULL PRIMARY KEY, '
                         "version BIGINT NOT NULL)")


class paused:
    """No notes while migrations run (the table may not exist yet; they bump
    :data:`EVERY_TABLE` once they ran, having perhaps changed any table by raw SQL)."""

    def __init__(self, database):
        self.database = getattr(database, "obj", database)

    def __enter__(self):
        self.before, self.database.versions_paused = self.database.versions_paused, True

    def __exit__(self, *exc):
        self.database.versions_paused = self.before
