"""The embedded finance application's own database: a second peewee proxy, never the CRM's.

Where it lives (``finance_url``): ``FINANCE_DATABASE_URL`` if configured; else, when the CRM
is on SQLite, a file ``finance.db`` beside the CRM's file; when the CRM is on PostgreSQL, the
same database, schema ``finance``. Nothing is bound at import time.
"""
from __future__ import annotations

import datetime as dt
import os
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlparse

import peewee

from ...db import make_database

finance_db = peewee.DatabaseProxy()
CENT = Decimal("0.01")
SCHEMA = "finance"


def utcnow() -> dt.datetime:
    """Naive UTC with microseconds (how every time is stored)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def to_money(value) -> Decimal:
    """An exact amount, rounded half-up to cents; ``ValueError`` if it is not a number."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not a number")
    return amount.quantize(CENT, ROUND_HALF_UP)


def is_sqlite() -> bool:
    return isinstance(finance_db.obj, peewee.SqliteDatabase)


def is_postgres() -> bool:
    return isinstance(finance_db.obj, peewee.PostgresqlDatabase)


class Money(peewee.Field):
    """2-decimal exact amount: integer cents on SQLite, NUMERIC(15,2) on PostgreSQL."""

    field_type = "MONEY"

    def db_value(self, value):
        if value is None:
            return None
        amount = to_money(value)
        return int(amount * 100) if is_sqlite() else amount

    def python_value(self, value):
        if value is None:
            return None
        if is_sqlite() and isinstance(value, int):
            return (Decimal(value) / 100).quantize(CENT)
        return to_money(value)


MILLI = Decimal("0.001")


class Quantity(peewee.Field):
    """3-decimal exact quantity: integer thousandths on SQLite, NUMERIC(18,3) on PostgreSQL."""

    field_type = "QUANTITY"

    def db_value(self, value):
        if value is None:
            return None
        amount = Decimal(str(value)).quantize(MILLI, ROUND_HALF_UP)
        return int(amount * 1000) if is_sqlite() else amount

    def python_value(self, value):
        if value is None:
            return None
        if is_sqlite() and isinstance(value, int):
            return (Decimal(value) / 1000).quantize(MILLI)
        return Decimal(str(value)).quantize(MILLI)


def money_sum(field):
    """``SUM(field)`` read back exactly (``Decimal``) on both backends."""
    return peewee.fn.COALESCE(peewee.fn.SUM(field), 0).coerce(True).python_value(field.python_value)


def finance_url(config) -> str:
    """The finance database URL for a Flask-style config mapping (see the module doc)."""
    url = config.get("FINANCE_DATABASE_URL") or os.environ.get("FINSUITE_FINANCE_DATABASE_URL")
    if url:
        return url
    crm = config.get("DATABASE_URL") or ""
    scheme = urlparse(crm).scheme
    if scheme in ("postgres", "postgresql"):
        return crm
    if scheme == "sqlite":
        path = crm[len("sqlite:///"):] if crm.startswith("sqlite:///") else crm[len("sqlite://"):]
        if path and path != ":memory:":
            return "sqlite:///" + os.path.join(os.path.dirname(os.path.abspath(path)), "finance.db")
    instance = config.get("INSTANCE_PATH") or os.environ.get(
        "FINSUITE_INSTANCE", os.path.join(os.getcwd(), "instance"))
    return "sqlite:///" + os.path.join(os.path.abspath(instance), "finance.db")


def all_tables() -> list:
    """The built-in tables and those of the kinds plugins declared (``doc_types.install``)."""
    from .doc_types import installed
    from .models import FINANCE_TABLES
    tables = list(FINANCE_TABLES)
    for kind in installed().values():
        tables.extend(t for t in (kind.model, *kind.tables) if t not in tables)
    return tables


def bind_finance(url: str) -> peewee.Database:
    """Point ``finance_db`` at ``url``; on PostgreSQL the tables live in schema ``finance``."""
    database = make_database(url)
    finance_db.initialize(database)
    schema = SCHEMA if isinstance(database, peewee.PostgresqlDatabase) else None
    for model in all_tables():
        model._meta.schema = schema
    return database


def init_finance_db() -> None:
    """Create the schema (PostgreSQL) and the tables; idempotent."""
    from .models import PaymentApplication
    if is_postgres():
        finance_db.execute_sql(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    schema = SCHEMA if is_postgres() else None
    applications_new = not finance_db.table_exists(PaymentApplication._meta.table_name, schema)
    tables = all_tables()
    for model in tables:
        model._meta.schema = schema
    finance_db.create_tables(tables, safe=True)
    add_missing_columns()
    if applications_new:
        _applications_of_older_payments()


def _applications_of_older_payments() -> None:
    """A database made when a payment paid one invoice (``invoice_id``) gets the application."""
    from .models import Payment, PaymentApplication
    query = Payment.select(Payment.id, Payment.invoice_id, Payment.amount).where(Payment.invoice_id != 0)
    PaymentApplication.insert_from(query, [PaymentApplication.payment_id, PaymentApplication.invoice_id,
                                           PaymentApplication.amount_applied]).execute()


def add_missing_columns(database=None) -> None:
    """Add the columns of ``models.ADDED_COLUMNS`` that a database made before them lacks (their
    default in the rows it already has: a text field's own, zero otherwise)."""
    from .models import ADDED_COLUMNS
    database = finance_db if database is None else database
    schema = SCHEMA if isinstance(getattr(database, "obj", database), peewee.PostgresqlDatabase) else None
    types = database.get_context_options()["field_types"]
    for model, name in ADDED_COLUMNS:
        table, field = model._meta.table_name, model._meta.fields[name]
        if not database.table_exists(table, schema):
            continue  # made whole by create_tables
        if field.column_name in {c.name for c in database.get_columns(table, schema)}:
            continue
        qualified = ".".join(f'"{part}"' for part in (schema, table) if part)
        default = field.default if isinstance(field.default, str) else None
        value = "'" + default.replace("'", "''") + "'" if default is not None else "0"
        database.execute_sql(f'ALTER TABLE {qualified} ADD COLUMN "{field.column_name}" '
                             f"{types.get(field.field_type, field.field_type)} NOT NULL DEFAULT {value}")
