"""The stored search text of every searched table (C10): a column ``search_text`` holding the
row's searched fields folded (:mod:`.folding`), kept by the database's own triggers, so every
write keeps it, whichever way it comes (a form, the API, a bulk insert, the sync's answers and
pulls, a plugin's ``Model.update``), and a search reads one column instead of folding every
row. On PostgreSQL a trigram index (``pg_trgm``, when the server offers it) serves
``LIKE '%word%'``; SQLite scans the one column.

The column is no field of the models (a plugin declares nothing): :func:`ensure` adds it, and
the triggers, to each table whose modules have ``search_fields``, at the end of every
``core.migrations.migrate``. A trigger's name carries a digest of the table, its searched
columns and the folding table: when one of them changes (a plugin searches another field, a
migration rebuilt the table), the next migration rebuilds the triggers and folds every row
again; otherwise it costs one query per table.

SQLite's triggers call ``finsuite_search(...)``, a function every connection of
:func:`core.db.make_database` has: write to these tables through Finsuite (a bare ``sqlite3``
shell can read them, but its writes fail with "no such function").
"""
from __future__ import annotations

import hashlib
import logging

import peewee

from . import folding

log = logging.getLogger(__name__)

COLUMN = "search_text"
PREFIX = "search_"


def searched_columns(registry) -> dict:
    """``{model: [column, ...]}``: the columns stored in each model's search text, the union of
    the ``search_fields`` of the modules over it, in declaration order; a reference field
    (``account_id``) is searched through the referenced module instead (:mod:`.query`)."""
    out: dict = {}
    for module in registry.modules.values():
        for name in module.search_fields:
            if name in module.references:
                continue
            field = stored_field(module.model, name)
            if field is not None:
                columns = out.setdefault(module.model, [])
                if field.column_name not in columns:
                    columns.append(field.column_name)
    return out


def stored_field(model, name: str):
    """The model's column field for the search field ``name`` (``account_id`` is ``account``)."""
    fields = model._meta.fields
    attr = name[:-3] if name.endswith("_id") and name[:-3] in fields else name
    return fields.get(attr)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _trigger_name(table: str, columns: list[str]) -> str:
    spec = f"{table}|{','.join(columns)}|{folding.version()}"
    return PREFIX + hashlib.sha256(spec.encode()).hexdigest()[:16]


def _postgres(database) -> bool:
    return isinstance(database, peewee.PostgresqlDatabase)


def _existing_triggers(database, table: str) -> set[str]:
    if _postgres(database):
        rows = database.execute_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal "
            "AND tgname LIKE 'search!_%%' ESCAPE '!'", (_quote(table),))
    else:
        rows = database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "AND name LIKE 'search!_%' ESCAPE '!'", (table,))
    return {row[0] for row in rows.fetchall()}


def _expected(database, name: str) -> set[str]:
    return {name} if _postgres(database) else {f"{name}_insert", f"{name}_update"}


def _drop(database, names: set[str]) -> None:
    for name in sorted(names):
        if _postgres(database):
            database.execute_sql(f"DROP FUNCTION IF EXISTS {_quote(name)}() CASCADE")
        else:
            database.execute_sql(f"DROP TRIGGER IF EXISTS {_quote(name)}")


def _create_postgres(database, table: str, columns: list[str], name: str) -> None:
    values = ", ".join(f"NULLIF(NEW.{_quote(c)}::text, '')" for c in columns)
    database.execute_sql(
        f"CREATE OR REPLACE FUNCTION {_quote(name)}() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
        f"NEW.{COLUMN} := coalesce(finsuite_fold(concat_ws(' ', {values})), ''); RETURN NEW; END $f$")
    database.execute_sql(
        f"CREATE TRIGGER {_quote(name)} BEFORE INSERT OR UPDATE OF {', '.join(map(_quote, columns))} "
        f"ON {_quote(table)} FOR EACH ROW EXECUTE FUNCTION {_quote(name)}()")


def _create_sqlite(database, table: str, columns: list[str], name: str, key: str) -> None:
    values = ", ".join(f"NEW.{_quote(c)}" for c in columns)
    body = (f"BEGIN UPDATE {_quote(table)} SET {COLUMN} = finsuite_search({values}) "
            f"WHERE {_quote(key)} = NEW.{_quote(key)}; END")
    database.execute_sql(f"CREATE TRIGGER {_quote(name + '_insert')} AFTER INSERT ON {_quote(table)} {body}")
    database.execute_sql(f"CREATE TRIGGER {_quote(name + '_update')} AFTER UPDATE OF "
                         f"{', '.join(map(_quote, columns))} ON {_quote(table)} {body}")


def _trigram_index(database, table: str) -> None:
    """A GIN trigram index on the column, when ``pg_trgm`` can be had (trusted since
    PostgreSQL 13: the database's owner may create it); without, searches scan the column."""
    try:
        with database.atomic():
            database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except peewee.DatabaseError as exc:
        log.warning("no pg_trgm (%s): searches of %s scan its rows", str(exc).strip(), table)
        return
    database.execute_sql(f"CREATE INDEX IF NOT EXISTS {_quote(table + '_search_trgm')} ON {_quote(table)} "
                         f"USING gin ({COLUMN} gin_trgm_ops)")


def ensure_table(database, model, columns: list[str]) -> bool:
    """Give ``model``'s table its search column, triggers and index, unless it has them for
    these ``columns`` and this folding; then fold its rows. Returns whether it did anything."""
    table = model._meta.table_name
    if not database.table_exists(table):
        return False
    present = {c.name for c in database.get_columns(table)}
    missing = [c for c in columns if c not in present]
    if missing:  # a plugin whose migrations have not run here (yet)
        log.warning("search of %s left as it is: no column %s", table, ", ".join(missing))
        return False
    name = _trigger_name(table, columns)
    existing = _existing_triggers(database, table)
    if COLUMN in present and existing == _expected(database, name):
        return False
    _drop(database, existing)
    if COLUMN not in present:
        database.execute_sql(f"ALTER TABLE {_quote(table)} ADD COLUMN {COLUMN} TEXT NOT NULL DEFAULT ''")
    if _postgres(database):
        _create_postgres(database, table, columns, name)
        _trigram_index(database, table)
    else:
        _create_sqlite(database, table, columns, name, model._meta.primary_key.column_name)
    first = _quote(columns[0])
    database.execute_sql(f"UPDATE {_quote(table)} SET {first} = {first}")  # the triggers fold every row
    log.info("search text of %s: %s", table, ", ".join(columns))
    return True


def ensure(registry, database) -> list[str]:
    """:func:`ensure_table` for every searched table of ``registry``'s modules; the tables
    (re)built. PostgreSQL's ``finsuite_fold`` is (re)made first whenever one is."""
    database = getattr(database, "obj", database)
    wanted = searched_columns(registry)
    if _postgres(database) and wanted:
        known = database.execute_sql("SELECT 1 FROM pg_proc WHERE proname = 'finsuite_fold'").fetchone()
        stale = any(database.table_exists(m._meta.table_name)
                    and _existing_triggers(database, m._meta.table_name)
                    != _expected(database, _trigger_name(m._meta.table_name, columns))
                    for m, columns in wanted.items())
        if not known or stale:
            database.cursor().execute(folding.postgres_function())  # no parameters: its "%" is a "%"
    return [model._meta.table_name for model, columns in wanted.items() if ensure_table(database, model, columns)]
