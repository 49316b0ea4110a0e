"""Marshmallow building blocks shared by the core's and the plugins' schemas."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from marshmallow import Schema, fields, validate


class Money(fields.Decimal):
    """An amount: a decimal string in JSON (``"59.97"``), a ``Decimal`` in Python."""

    #: what NUMERIC(15, 2) holds (and SQLite's integer cents)
    MAX = Decimal("9999999999999.99")
    default_error_messages = {"too_large": "Amount too large."}

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 2)
        kwargs.setdefault("rounding", ROUND_HALF_UP)  # as the finance applications round
        kwargs.setdefault("as_string", True)
        kwargs.setdefault("allow_nan", False)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        amount = super()._deserialize(value, attr, data, **kwargs)
        if amount is not None and abs(amount) > self.MAX:
            raise self.make_error("too_large")
        return amount


def rfc3339(value: dt.datetime) -> str:
    """A moment as RFC 3339 with its UTC offset (``2026-05-04T09:30:00Z``): stored times are UTC,
    naive ones included (``core.models.base.utcnow``). The one way the API writes a date-time."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat() + "Z"


class UtcDateTime(fields.DateTime):
    """A moment, written as RFC 3339 in UTC with ``Z`` (:func:`rfc3339`); read with any offset
    (none means UTC)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else rfc3339(value)

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
        return moment


class Rate(fields.Decimal):
    """A percentage such as a tax rate, 0-100."""

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 3)
        kwargs.setdefault("as_string", True)
        kwargs.setdefault("validate", validate.Range(min=Decimal(0), max=Decimal(100)))
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        out = super()._serialize(value, attr, obj, **kwargs)
        if isinstance(out, str) and "." in out:
            out = out.rstrip("0").rstrip(".")
        return out


def required_text(max_length: int, label: str, **kwargs) -> fields.String:
    return fields.String(required=True, validate=[validate.Length(min=1, max=max_length)],
                         metadata={"label": label, **kwargs.pop("metadata", {})}, **kwargs)


def text(max_length: int, label: str, **kwargs) -> fields.String:
    return fields.String(load_default="", validate=validate.Length(max=max_length),
                         metadata={"label": label, **kwargs.pop("metadata", {})}, **kwargs)


def email_field(label: str = "Email", **kwargs) -> fields.String:
    """An e-mail address, or blank."""
    check = validate.Email(error="Not a valid e-mail address.")
    return fields.String(load_default="", validate=[validate.Length(max=254), lambda v: v == "" or check(v)],
                         metadata={"label": label, "widget": "email", **kwargs.pop("metadata", {})}, **kwargs)


def reference(label: str, **kwargs) -> fields.Integer:
    """An id of another record of the same tenant (checked by the core on save)."""
    if not kwargs.get("required"):
        kwargs.setdefault("load_default", None)
    return fields.Integer(allow_none=not kwargs.get("required"), strict=False,
                          metadata={"label": label, "widget": "reference", **kwargs.pop("metadata", {})}, **kwargs)


class RecordSchema(Schema):
    """Base of every module's schema: ``id`` and timestamps are read-only."""

    class Meta:
        ordered = True

    id = fields.Integer(dump_only=True)
    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("unknown", "raise")
        super().__init__(*args, **kwargs)
