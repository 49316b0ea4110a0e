"""Model bases and fields every table of the core and the plugins builds on."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import peewee

from ..db import db
from ..ids import parse_id

CENT = Decimal("0.01")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def to_money(value) -> Decimal:
    """Round a value to cents, half-up, as the finance applications do."""
    return Decimal(str(value) if not isinstance(value, Decimal) else value).quantize(CENT, ROUND_HALF_UP)


class MoneyField(peewee.Field):
    """An exact amount of money (2 decimal places).

    PostgreSQL stores ``NUMERIC(15,2)``; SQLite, whose NUMERIC affinity is a binary
    float, stores integer cents. Python always sees a ``Decimal``, and ``fn.SUM`` over
    the field is converted back the same way, so aggregates stay exact on both.
    """

    field_type = "MONEY"

    def _sqlite(self) -> bool:
        return isinstance(db.obj, peewee.SqliteDatabase)

    def db_value(self, value):
        if value is None:
            return None
        amount = to_money(value)
        return int(amount * 100) if self._sqlite() else amount

    def python_value(self, value):
        if value is None:
            return None
        if self._sqlite() and isinstance(value, int):
            return (Decimal(value) / 100).quantize(CENT)
        return to_money(value)


MILLI = Decimal("0.001")


class QuantityField(peewee.Field):
    """An exact decimal with 3 places (a quantity, a discount or tax percentage).

    Stored like :class:`MoneyField`: ``NUMERIC(18,3)`` on PostgreSQL, integer thousandths on
    SQLite (whose NUMERIC is a binary float); Python sees a ``Decimal``.
    """

    field_type = "QUANTITY"

    def db_value(self, value):
        if value is None:
            return None
        amount = Decimal(str(value) if not isinstance(value, Decimal) else value).quantize(MILLI, ROUND_HALF_UP)
        return int(amount * 1000) if isinstance(db.obj, peewee.SqliteDatabase) else amount

    def python_value(self, value):
        if value is None:
            return None
        if isinstance(db.obj, peewee.SqliteDatabase) and isinstance(value, int):
            return (Decimal(value) / 1000).quantize(MILLI)
        return Decimal(str(value)).quantize(MILLI)


def money_sum(field: MoneyField):
    """``SUM(field)`` read back as an exact ``Decimal`` on every backend.

    peewee does not convert aggregates (``SUM`` is a no-coerce function), and SQLite keeps
    cents: use this, never a bare ``fn.SUM``, over a :class:`MoneyField`.
    """
    return peewee.fn.SUM(field).coerce(True).python_value(field.python_value)


class BaseModel(peewee.Model):
    class Meta:
        database = db
        legacy_table_names = False


class Tenant(BaseModel):
    """An organisation: its own users, data, apps, base currency and language."""

    slug = peewee.CharField(max_length=63, unique=True)
    name = peewee.CharField(max_length=200)
    currency = peewee.CharField(max_length=3, default="USD")
    locale = peewee.CharField(max_length=10, default="en_US")
    address = peewee.TextField(default="")
    created_at = peewee.DateTimeField(default=utcnow)

    def __str__(self):
        return self.name


class RecordId(peewee.AutoField):
    """The id of a record other systems know it by (a tenant's row, a finance record). On
    SQLite it is ``AUTOINCREMENT``: the id of a deleted record is never given to a new one
    (PostgreSQL's sequences never give an id twice)."""

    def ddl(self, ctx):
        node = super().ddl(ctx)
        database = self.model._meta.database
        if isinstance(getattr(database, "obj", database), peewee.SqliteDatabase):
            return peewee.NodeList((node, peewee.SQL("AUTOINCREMENT")))
        return node


class TenantModel(BaseModel):
    """A row that belongs to one tenant. Read it only through :meth:`scoped`."""

    id = RecordId()
    tenant = peewee.ForeignKeyField(Tenant, on_delete="CASCADE")
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)

    @classmethod
    def scoped(cls, tenant, *fields):
        """A query over this tenant's rows only: the one way views and jobs read data."""
        return cls.select(*fields).where(cls.tenant == tenant)

    @classmethod
    def get_scoped(cls, tenant, record_id):
        """This tenant's row ``record_id`` or ``None`` (another tenant's id is not found)."""
        record_id = parse_id(record_id)
        if record_id is None:  # no such row; SQLite cannot even bind a larger int
            return None
        return cls.scoped(tenant).where(cls.id == record_id).first()

    def save(self, *args, **kwargs):
        self.updated_at = utcnow()
        return super().save(*args, **kwargs)
