"""Marshmallow building blocks shared by the core's and the plugins' schemas."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import lazy_gettext
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from .i18n import N_
from .field_words import TextLength, worded
from .ids import MAX_ID, parse_id
from .inputs import NotPlainDecimal, plain_decimal, unstorable


class PlainDecimal(fields.Decimal):
    """A decimal written plainly (``"1234.56"``: :func:`core.inputs.plain_decimal`), with at
    most ``places`` places, never rounded; a ``Decimal`` in Python, a string in JSON."""

    #: the largest value the column holds (``None``: no bound beyond ``max_digits``)
    MAX: Decimal | None = None
    default_error_messages = {
        "invalid": lazy_gettext("Enter a number like 2.5."),
        "places": lazy_gettext("At most %(places)s decimal places."),
        "too_large": lazy_gettext("Number too large."),
    }

    def __init__(self, places: int = 2, **kwargs):
        kwargs.setdefault("as_string", True)
        kwargs.setdefault("allow_nan", False)
        super().__init__(places=places, **kwargs)
        self.decimal_places = places

    def _validated(self, value) -> Decimal:
        if isinstance(value, (int, float)):  # a JSON number: amounts travel as strings, never floats
            raise self.make_error("invalid")
        try:
            number = plain_decimal(value, self.decimal_places)
        except NotPlainDecimal as exc:
            message = self.error_messages[exc.reason]
            raise ValidationError(str(message) % {"places": self.decimal_places}) from None
        if self.MAX is not None and abs(number) > self.MAX:
            raise self.make_error("too_large")
        return number


class Money(PlainDecimal):
    """An amount: a decimal string in JSON (``"59.97"``), a ``Decimal`` in Python; at most 2
    places (what ``MoneyField`` stores), never rounded."""

    #: what NUMERIC(15, 2) holds (and SQLite's integer cents)
    MAX = Decimal("9999999999999.99")
    default_error_messages = {"invalid": lazy_gettext("Enter an amount like 1234.56."), "too_large": lazy_gettext("Amount too large.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 2)
        super().__init__(**kwargs)


class Quantity(PlainDecimal):
    """A quantity (``"2.5"``): at most 3 places (what ``QuantityField`` stores)."""

    MAX = Decimal("999999999999999.999")  # NUMERIC(18, 3)

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 3)
        super().__init__(**kwargs)


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


class Rate(PlainDecimal):
    """A percentage such as a tax rate, 0-100, at most 3 places."""

    default_error_messages = {"invalid": lazy_gettext("Enter a percentage like 5.5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("places", 3)
        kwargs.setdefault("validate", validate.Range(min=Decimal(0), max=Decimal(100)))
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        out = super()._serialize(value, attr, obj, **kwargs)
        if isinstance(out, str) and "." in out:
            out = out.rstrip("0").rstrip(".")
        return out


class RecordIdField(fields.Integer):
    """The id of a record: a whole number from 1 to 2**63 - 1 (:func:`core.ids.parse_id`)."""

    default_error_messages = {"invalid": lazy_gettext("Enter a record id: a whole number from 1 to %(max)s.")}

    def _validated(self, value) -> int:
        if isinstance(value, str) and not value.strip():  # a form's empty choice: "Choose a vendor."
            raise self.make_error("required")
        number = parse_id(value)
        if number is None:
            raise ValidationError(str(self.error_messages["invalid"]) % {"max": MAX_ID})
        return number


class WholeNumber(fields.Integer):
    """A whole number (``"12"`` in a form, ``12`` in JSON): ASCII digits only, never a fraction
    (``2.5`` is refused, not truncated), a digit of another script or a boolean."""

    default_error_messages = {"invalid": lazy_gettext("Enter a whole number like 12.")}

    def _validated(self, value) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise self.make_error("invalid")
        text = value.strip() if isinstance(value, str) else str(value)
        digits = text[1:] if text.startswith("-") else text
        if not digits.isascii() or not digits.isdigit() or len(digits) > 18:
            raise self.make_error("invalid")
        return int(text)


def required_text(max_length: int, label: str, **kwargs) -> fields.String:
    """A text that may not be blank ("Enter a name."), at most ``max_length`` characters."""
    return fields.String(required=True, validate=[TextLength(label, max_length, required=True)],
                         metadata={"label": label, **kwargs.pop("metadata", {})}, **kwargs)


def text(max_length: int, label: str, **kwargs) -> fields.String:
    return fields.String(load_default="", validate=TextLength(label, max_length),
                         metadata={"label": label, **kwargs.pop("metadata", {})}, **kwargs)


_check_email = validate.Email()


def _email_or_blank(value: str) -> bool:
    """An e-mail address, or blank ("Not a valid e-mail address.", in the reader's language)."""
    if value == "":
        return True
    try:
        return _check_email(value) is not None
    except ValidationError:
        raise ValidationError(str(lazy_gettext("Not a valid e-mail address."))) from None


def email_field(label: str = N_("Email"), **kwargs) -> fields.String:
    """An e-mail address, or blank."""
    return fields.String(load_default="", validate=[validate.Length(max=254), _email_or_blank],
                         metadata={"label": label, "widget": "email", **kwargs.pop("metadata", {})}, **kwargs)


def reference(label: str, **kwargs) -> fields.Integer:
    """An id of another record of the same tenant (checked by the core on save)."""
    if not kwargs.get("required"):
        kwargs.setdefault("load_default", None)
    return RecordIdField(allow_none=not kwargs.get("required"), strict=False,
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

    def on_bind_field(self, field_name, field_obj):
        """Every field, the plugins' too, says what is missing in words: "Choose a vendor.",
        "Enter a name." (:mod:`core.field_words`)."""
        worded(type(self), field_name, field_obj)

    @pre_load
    def _booleans_are_booleans(self, data, **kwargs):
        """A yes/no field takes ``true`` or ``false`` (a form's checkbox is one already), not ``0``,
        ``"y"`` or ``"on"``, which marshmallow alone would read as one (the OpenAPI document says
        boolean)."""
        if isinstance(data, dict):
            errors = {key: [str(lazy_gettext("Must be true or false."))]
                      for key, field in ((f.data_key or n, f) for n, f in self.load_fields.items())
                      if isinstance(field, fields.Boolean) and key in data
                      and not isinstance(data[key], bool) and not (data[key] is None and field.allow_none)}
            if errors:
                raise ValidationError(errors)
        return data

    @validates_schema(skip_on_field_errors=False)
    def _storable_text(self, data, **kwargs):
        """Every text field, the plugins' too: no NUL, control character or lone surrogate (tab
        and line breaks only in a multi-line field, ``metadata={"widget": "textarea"}``)."""
        errors = {}
        for name, field in self.load_fields.items():
            value = data.get(field.attribute or name)
            if isinstance(field, fields.String) and isinstance(value, str) and unstorable(
                    value, multiline=field.metadata.get("widget") == "textarea"):
                errors[field.data_key or name] = [str(lazy_gettext("Contains characters that cannot be stored."))]
        if errors:
            raise ValidationError(errors)
