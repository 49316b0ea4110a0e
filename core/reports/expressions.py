"""The SQL pieces of a report: dates cut into periods by the database, a referenced record's
title, and the aggregates (checked: a sum of text, or of the invoice's total once per line item,
is refused naming the field)."""
from __future__ import annotations

import peewee
from flask_babel import gettext as _
from peewee import fn

from ..db import is_postgres
from ..i18n import translate_declared
from ..models import User
from ..records import Invalid
from .catalogue import NUMERIC, Path


def bucket(column, by: str):
    """``column`` (a date or a moment) cut to its day, week (its Monday), month, quarter or year."""
    if is_postgres():
        return {"day": peewee.Cast(column, "DATE"), "week": peewee.Cast(fn.date_trunc("week", column), "DATE"),
                "month": fn.to_char(column, "YYYY-MM"), "quarter": fn.to_char(column, 'YYYY-"Q"Q'),
                "year": fn.to_char(column, "YYYY")}[by]
    return {"day": fn.date(column), "week": fn.date(column, "weekday 0", "-6 days"),
            "month": fn.strftime("%Y-%m", column),
            "quarter": fn.strftime("%Y", column).concat("-Q").concat(
                (peewee.Cast(fn.strftime("%m", column), "INTEGER") + 2) / 3),
            "year": fn.strftime("%Y", column)}[by]


def title(module, alias):
    """A record's title in SQL on ``alias`` of ``module``'s table (``name``, a contact's first
    and last names, a document's number); a user's name, else e-mail."""
    if module is None:
        return fn.COALESCE(fn.NULLIF(alias.name, ""), alias.email)
    names = module.model._meta.fields
    if module.title_field in names:
        return getattr(alias, module.title_field)
    if "last_name" in names and "first_name" in names:
        return fn.TRIM(alias.first_name.concat(" ").concat(alias.last_name))
    for name in ("name", "title", "number", "last_name"):
        if name in names:
            return getattr(alias, name)
    return alias.id


def title_source(registry, path: Path, index: int):
    """The table a reference's title is read from, aliased, and its module (None for users)."""
    if path.field.kind == "user":
        return User.alias(f"usr{index}"), None
    target = registry.modules[path.field.target]
    return target.model.alias(f"ref{index}"), target


def field_label(path: Path) -> str:
    """The label of the field ``path`` names, in the reader's language."""
    return translate_declared(path.field.label)


def label_of(path: Path) -> str:
    if path.relation is None:
        return field_label(path)
    return _("%(module)s: %(field)s", module=translate_declared(path.relation.module.singular), field=field_label(path))


#: an aggregate's heading when it has none of its own: "Sum of Amount"
FUNCTION_LABELS = {"count": lambda field: _("Count of %(field)s", field=field),
                   "sum": lambda field: _("Sum of %(field)s", field=field),
                   "avg": lambda field: _("Average %(field)s", field=field),
                   "min": lambda field: _("Minimum %(field)s", field=field),
                   "max": lambda field: _("Maximum %(field)s", field=field)}


def aggregate_parts(aggregate, path: Path | None, column, fan_out, key: str) -> list[tuple]:
    """The SQL of one aggregate as ``[(expression, kind, convert, part)]``: one part, or for an
    average its sum and count (divided exactly afterwards). ``fan_out``: the related module of
    the report (rows are its rows), or None."""
    if path is None:  # a count of records
        return [(fn.COUNT(column.distinct()) if fan_out else fn.COUNT(column), "number", int, "")]
    kind, convert = path.field.kind, path.field.column.python_value
    once_per_row = fan_out is not None and (path.relation is None or not path.relation.to_many)
    if aggregate.fn == "count":
        return [(fn.COUNT(column.distinct()) if once_per_row else fn.COUNT(column), "number", int, "")]
    if aggregate.fn in ("sum", "avg") and kind not in NUMERIC:
        raise Invalid({key: [_("%(field)s is not a number: it cannot be summed or averaged.", field=field_label(path))]})
    if aggregate.fn in ("sum", "avg") and once_per_row:
        raise Invalid({key: [_("%(field)s would count once per %(related)s row: use a field of %(related)s.",
                               field=field_label(path), related=translate_declared(fan_out.module.label))]})
    if aggregate.fn in ("min", "max"):
        if kind not in (*NUMERIC, "date", "datetime"):
            raise Invalid({key: [_("%(field)s has no minimum or maximum.", field=field_label(path))]})
        return [(getattr(fn, aggregate.fn.upper())(column), kind, convert, "")]
    if aggregate.fn == "sum":
        return [(fn.SUM(column), kind, convert, "")]
    return [(fn.SUM(column), kind, convert, "#sum"), (fn.COUNT(column), "number", int, "#count")]
