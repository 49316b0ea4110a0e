"""Filters, the same in custom views, reports and list query strings: a field, an operator and
a value, turned into one SQL condition. Values arrive as text (a query string, a form) or JSON
and are read by the field's kind: ``"12.50"`` for money (a JSON number is refused, as for a
record), ``2026-12-07`` for a date, a record id for a reference. Dates are the server's UTC days
(an organisation has no time zone yet)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _

from ..i18n import translate_declared
from ..ids import parse_id
from ..inputs import unstorable, unstorable_message
from ..models import utcnow
from ..records import Invalid
from .catalogue import NUMERIC, Field

#: operator -> the kinds it applies to (None: every kind)
OPERATORS: dict[str, tuple | None] = {
    "eq": None, "ne": None, "in": None, "empty": None, "not_empty": None,
    "contains": ("text",), "starts": ("text",),
    "lt": (*NUMERIC, "date", "datetime"), "gt": (*NUMERIC, "date", "datetime"),
    "lte": (*NUMERIC, "date", "datetime"), "gte": (*NUMERIC, "date", "datetime"),
    "between": (*NUMERIC, "date", "datetime"),
    "last_days": ("date", "datetime"), "next_days": ("date", "datetime"),
    "this_month": ("date", "datetime"), "last_month": ("date", "datetime"),
    "before_today": ("date", "datetime"), "after_today": ("date", "datetime"),
    "is": ("reference", "user"),  # "is this record"
}
NO_VALUE = {"empty", "not_empty", "this_month", "last_month", "before_today", "after_today"}
MAX_DAYS = 36600


@dataclass(frozen=True)
class Filter:
    field: str
    op: str = "eq"
    value: Any = None

    def to_dict(self) -> dict:
        return {"field": self.field, "op": self.op, **({} if self.op in NO_VALUE else {"value": self.value})}


def _fail(key: str, message: str):
    raise Invalid({key: [message]})


def _list(value, key: str) -> list:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",")]
    if isinstance(value, (list, tuple)):
        return list(value)
    _fail(key, _("Give a list of values."))


def read_value(field: Field, value, key: str):
    """One value for ``field``, read by its kind; :class:`Invalid` under ``key``."""
    kind = field.kind
    if value is None or (isinstance(value, str) and value.strip() == "" and kind != "text"):
        _fail(key, _("Enter a value."))
    if isinstance(value, float) or (isinstance(value, bool) and kind != "boolean"):
        _fail(key, _("Give the value as text, e.g. \"12.50\"."))
    if kind == "text":
        if not isinstance(value, (str, int)) or unstorable(str(value)):
            _fail(key, unstorable_message() if isinstance(value, str) else _("Enter text."))
        return str(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).lower() in ("true", "1", "yes"):
            return True
        if str(value).lower() in ("false", "0", "no"):
            return False
        _fail(key, _("Enter true or false."))
    if kind in ("reference", "user") or field.name == "id":
        found = parse_id(value)
        if found is None:
            _fail(key, _("Enter a record id."))
        return found
    if kind in ("money", "quantity", "number"):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 15:
            _fail(key, _("Enter a number."))
        if kind == "number" and number != number.to_integral_value():
            _fail(key, _("Enter a whole number."))
        return int(number) if kind == "number" else number
    if kind in ("date", "datetime"):
        try:
            day = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            _fail(key, _("Enter a date as YYYY-MM-DD."))
        return day
    _fail(key, _("This field cannot be filtered."))


def _days(value, key: str) -> int:
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_DAYS:
        _fail(key, _("Enter a number of days from 1 to %(high)s.", high=MAX_DAYS))
    return int(text)


def _month(today: dt.date, back: int) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    for _step in range(back):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following


def day_range(op: str, value, key: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days ``[start, end)`` a relative date filter covers; None for another operator.
    ``next_days`` N: today and the N - 1 days after; ``last_days`` N: today and the N - 1 before."""
    if op == "next_days":
        return today, today + dt.timedelta(days=_days(value, key))
    if op == "last_days":
        return today - dt.timedelta(days=_days(value, key) - 1), today + dt.timedelta(days=1)
    if op in ("this_month", "last_month"):
        return _month(today, 0 if op == "this_month" else 1)
    return None


def _bound(field: Field, day: dt.date):
    """A day as the column compares it: a datetime column's midnight."""
    return dt.datetime.combine(day, dt.time()) if field.kind == "datetime" else day


def condition(field: Field, column, op: str, value, key: str, today: dt.date | None = None):
    """The SQL condition of ``column`` (``field``'s column, maybe on a joined alias) ``op`` ``value``."""
    kinds = OPERATORS.get(op, ())
    if op not in OPERATORS or (kinds is not None and field.kind not in kinds):
        usable = sorted(name for name, on in OPERATORS.items() if on is None or field.kind in on)
        _fail(key, _("%(op)s does not apply to %(field)s; use one of: %(ops)s.",
                     op=str(op), field=translate_declared(field.label), ops=", ".join(usable)))
    if op in ("empty", "not_empty"):
        blank = column.is_null() | (column == "") if field.kind == "text" else column.is_null()
        return blank if op == "empty" else ~blank
    today = today or utcnow().date()
    if op == "before_today":
        return column < _bound(field, today)
    if op == "after_today":
        return column >= _bound(field, today + dt.timedelta(days=1))
    span = day_range(op, value, key, today)
    if span is not None:
        return (column >= _bound(field, span[0])) & (column < _bound(field, span[1]))
    if op in ("in", "between"):
        values = [read_value(field, v, key) for v in _list(value, key)]
        if op == "between":
            if len(values) != 2:
                _fail(key, _("Give two values: from and to."))
            if field.kind == "datetime":
                return (column >= _bound(field, values[0])) & (column < _bound(field, values[1] + dt.timedelta(days=1)))
            return column.between(values[0], values[1])
        if not values or len(values) > 1000:
            _fail(key, _("Give from 1 to 1000 values."))
        return column.in_(values)
    one = read_value(field, value, key)
    if field.kind == "datetime" and op in ("eq", "ne", "lt", "gt", "lte", "gte"):
        start, end = _bound(field, one), _bound(field, one + dt.timedelta(days=1))
        return {"eq": (column >= start) & (column < end), "ne": (column < start) | (column >= end),
                "lt": column < start, "gte": column >= start, "gt": column >= end, "lte": column < end}[op]
    if op == "contains":
        return column.contains(one)
    if op == "starts":
        return column.startswith(one)
    return {"eq": column == one, "is": column == one, "ne": column != one, "lt": column < one,
            "gt": column > one, "lte": column <= one, "gte": column >= one}[op]


#: query-string keys that are not filters
RESERVED = frozenset({"q", "page", "per_page", "sort", "view", "format", "limit", "cursor", "columns"})


def filters_from_query(args, reserved=RESERVED) -> list[tuple[str, Filter]]:
    """Filters written in a query string, each with the parameter it came from:
    ``status=sent`` (equals), ``total__gt=100``, ``due_date__next_days=5``,
    ``status__in=sent,paid``, ``account_id__empty=1`` (an operator without a value takes any).
    What they name is checked when the report or list runs (:func:`condition`)."""
    found = []
    for param, value in args.items():
        if param in reserved:
            continue
        name, _sep, op = param.rpartition("__") if "__" in param else (param, "", "eq")
        found.append((param, Filter(name, op or "eq", None if op in NO_VALUE else value)))
    return found
