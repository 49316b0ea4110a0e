"""Sorting text as a reader of the locale expects (issue 11): case ignored, accents with their
base letter (é with e, Ł with L, ø with o, æ as ae), names, titles and numbers kept as text
alike, on both databases (docs/sorting.md).

- **PostgreSQL** sorts with an ICU collation (``COLLATE "und-x-icu"``): the reader's own one
  when their locale has its own order (``fr-CA-x-icu``: accents compared from the end of the
  word, ``sv-x-icu``: å after z), else the root order of CLDR (``und-x-icu``), which is English's
  and French's; the collations the server has are read once per process. A server built
  without ICU sorts by its default collation.
- **SQLite** sorts with the collation :data:`SQLITE` that :func:`register` gives every
  connection of :func:`core.db.make_database`: by :func:`sort_key`, the search's folding
  (:mod:`core.search.folding`) first, then accents, then case (lower first), then the text
  itself. The same for every locale: no per-language tailoring.

:func:`ensure` gives each index that serves a sort by a text column (``(tenant_id, name, id)``)
a twin in that collation, so a list sorted by name still walks an index.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import unicodedata

import peewee
from marshmallow import validate

from .search import folding

log = logging.getLogger(__name__)

#: the SQLite collation of every connection
SQLITE = "finsuite_locale"
#: CLDR's root order, which ICU calls ``und``
ROOT = "und-x-icu"
#: languages whose order is the root's (CLDR has no standard tailoring for them) ...
ROOT_LANGUAGES = frozenset({"en", "fr"})
#: ... but for these locales of theirs (Canadian French compares accents from the word's end)
TAILORED = frozenset({"fr_CA"})
#: bumped when :func:`sort_key` changes: SQLite's indexes in its order are built again
KEY_VERSION = "1"
#: the names of the twin indexes (:func:`ensure`)
PREFIX = "sort_"


@functools.lru_cache(maxsize=16384)
def sort_key(text: str) -> tuple[str, str, str, str]:
    """What SQLite's :data:`SQLITE` compares: the letters as search folds them (``Ærøskøbing``
    as ``aeroskobing``), then the accents (``cote`` < ``coté`` < ``côte``), then the case, lower
    first (``émile`` < ``Émile``), as ICU's levels do; then the text, so no two differ and tie."""
    plain = unicodedata.normalize("NFC", text)
    return folding.fold(plain), plain.lower(), plain.swapcase(), text


def compare(a: str, b: str) -> int:
    """SQLite's collation function: -1, 0 or 1 as ``a`` sorts before, with or after ``b``."""
    key_a, key_b = sort_key(a), sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register(database: peewee.SqliteDatabase) -> None:
    """Give every connection of ``database`` the collation :data:`SQLITE`."""
    database.register_collation(compare, SQLITE)


def _postgres(database) -> bool:
    return isinstance(database, peewee.PostgresqlDatabase)


def icu_collations(database) -> frozenset[str]:
    """The ICU collations of a PostgreSQL server (``fr-x-icu`` ...), read once per process."""
    found = getattr(database, "_finsuite_icu_collations", None)
    if found is None:
        rows = database.execute_sql("SELECT collname FROM pg_collation WHERE collprovider = 'i'").fetchall()
        found = database._finsuite_icu_collations = frozenset(row[0] for row in rows)
    return found


def reader_locale(tenant=None) -> str:
    """The reader's locale (:func:`core.i18n.locale_for`: the user's language, else the
    organisation's); outside a request, ``tenant``'s."""
    from flask import has_request_context
    if has_request_context():
        from flask_babel import get_locale
        locale = get_locale()
        if locale is not None:
            return str(locale)
    return getattr(tenant, "locale", None) or "en_US"


def _candidates(locale: str) -> list[str]:
    locale = locale.replace("-", "_")
    language = locale.split("_")[0].lower()
    if language in ROOT_LANGUAGES and locale not in TAILORED:
        return [ROOT]
    tags = [locale.replace("_", "-"), language] if "_" in locale else [language]
    return [f"{tag}-x-icu" for tag in tags] + [ROOT]


def collation(database, locale: str | None = None) -> str | None:
    """The quoted collation that sorts text for a reader of ``locale`` (default: the reader's)
    on ``database``; ``None``: the database's default."""
    database = getattr(database, "obj", database)
    if isinstance(database, peewee.SqliteDatabase):
        return SQLITE
    if not _postgres(database):
        return None
    available = icu_collations(database)
    name = next((n for n in _candidates(locale or reader_locale()) if n in available), None)
    return None if name is None else '"' + name + '"'


def collated(expression, database, locale: str | None = None):
    """``expression COLLATE <collation>``: text sorted as the reader expects (or as it is,
    where the database has no such collation)."""
    name = collation(database, locale)
    if name is None:
        return expression
    if not isinstance(expression, (peewee.Field, peewee.Column)):
        expression = peewee.EnclosedNodeList([expression])
    return peewee.NodeList((expression, peewee.SQL(f"COLLATE {name}")))


def is_text(field) -> bool:
    """A column of words (a name, a title, a number as text), sorted by :func:`collated`."""
    field = field.field if isinstance(field, peewee.FieldAlias) else field  # a column of a table's alias
    return isinstance(field, (peewee.CharField, peewee.TextField)) and not isinstance(field, peewee.ForeignKeyField)


def _is_choice(module, name: str) -> bool:
    """A field of declared choices (a status): its stored key is no word a reader reads."""
    field = getattr(module.schema, "_declared_fields", {}).get(name)
    if field is None:
        return False
    return bool(field.metadata.get("choices")) or any(isinstance(v, validate.OneOf) for v in field.validators)


def sorts_as_text(module, name: str, field) -> bool:
    """Whether the module's sort by ``name`` (its column ``field``) is a sort of words."""
    return is_text(field) and not _is_choice(module, name)


def ordering(field, descending: bool, database, locale: str | None = None, text: bool | None = None):
    """``field`` ascending or descending, collated when it holds text (``text`` decides when
    given)."""
    expression = collated(field, database, locale) if (is_text(field) if text is None else text) else field
    return expression.desc() if descending else expression.asc()


def ascending(*fields, locale: str | None = None) -> list:
    """``ORDER BY`` terms of ``fields`` (model fields), ascending, the text ones collated:
    ``query.order_by(*ascending(User.name, User.email))``."""
    return [ordering(field, False, field.model._meta.database, locale) for field in fields]


# -- the indexes of the sorted text columns ---------------------------------------------------

def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sorted_columns(registry) -> dict:
    """``{model: {column, ...}}``: the text columns a module's list sorts by."""
    out: dict = {}
    for module in registry.modules.values():
        fields = module.model._meta.fields
        for name in {*module.sort_fields, module.default_sort.lstrip("-")}:
            field = fields.get(name)
            if field is not None and sorts_as_text(module, name, field):
                out.setdefault(module.model, set()).add(field.column_name)
    return out


def _index_collation(database) -> str | None:
    """The collation the twin indexes are built in: the root's, that English and French readers
    sort by (a reader whose locale has its own order sorts without them)."""
    return collation(database, "en_US")


def _version(database, name: str) -> str:
    """What the order of collation ``name`` depends on: on SQLite the key and the folding, on
    PostgreSQL the ICU library's version of the collation."""
    if not _postgres(database):
        return f"{KEY_VERSION}|{folding.version()}"
    row = database.execute_sql("SELECT pg_collation_actual_version(oid) FROM pg_collation WHERE collname = %s",
                               (name.strip('"'),)).fetchone()
    return str(row[0] if row else "")


def wanted_indexes(database, table: str, columns: set[str], name: str, version: str) -> dict[str, str]:
    """``{index name: CREATE INDEX ...}``: a twin, in collation ``name``, of each index of
    ``table`` that serves a sort by one of ``columns`` (the column last, or before the id)."""
    out = {}
    for index in database.get_indexes(table):
        parts = list(index.columns or ())
        if index.name.startswith(PREFIX) or not parts or not all(parts):
            continue
        tail = parts[:-1] if parts[-1] == "id" and len(parts) > 1 else parts
        if tail[-1] not in columns:
            continue
        at = len(tail) - 1
        spec = ", ".join(f"{_quote(c)} COLLATE {name}" if i == at else _quote(c) for i, c in enumerate(parts))
        digest = hashlib.sha256(f"{table}|{spec}|{version}".encode()).hexdigest()[:16]
        out[PREFIX + digest] = f"CREATE INDEX IF NOT EXISTS {_quote(PREFIX + digest)} ON {_quote(table)} ({spec})"
    return out


def existing_twins(database, table: str) -> set[str]:
    """The names of the twin indexes (:func:`ensure`) ``table`` has."""
    if _postgres(database):
        rows = database.execute_sql(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
            "AND indexname LIKE 'sort!_%%' ESCAPE '!'", (table,))
    else:
        rows = database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                    "AND name LIKE 'sort!_%' ESCAPE '!'", (table,))
    return {row[0] for row in rows.fetchall()}


def ensure(registry, database) -> list[str]:
    """Give every index that serves a sort by a text column its twin in the collation lists
    sort by (:func:`wanted_indexes`), and drop the twins of another collation or version (their
    order is no longer the collation's); the names of the indexes made. At the end of every
    ``core.migrations.migrate``; one query per table when nothing changed."""
    database = getattr(database, "obj", database)
    name = _index_collation(database)
    if name is None:  # PostgreSQL without ICU: lists sort by the default collation, in its indexes
        return []
    version = _version(database, name)
    made = []
    for model, columns in sorted_columns(registry).items():
        table = model._meta.table_name
        if not database.table_exists(table):
            continue
        wanted = wanted_indexes(database, table, columns, name, version)
        existing = existing_twins(database, table)
        for stale in sorted(existing - set(wanted)):
            database.execute_sql(f"DROP INDEX IF EXISTS {_quote(stale)}")
        for index, sql in wanted.items():
            if index not in existing:
                database.execute_sql(sql)
                made.append(index)
                log.info("index %s of %s in the collation %s", index, table, name)
    return made
