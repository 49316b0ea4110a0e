"""What the report pages and the builder show of the engine: the fields a user may pick (the
module's, its to-one relations', the related module's), the operators, a result's cells formatted
as the other pages format them (money in the tenant's currency, dates by locale, records linked)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import current_app, g
from flask_babel import format_decimal, lazy_gettext
from flask_babel import gettext as _

from ..i18n import format_day, format_money, translate_declared as tr
from ..reports.catalogue import fields_of, relations_of
from .display import record_url
from .fields import spec_for
from .filter_words import sentence, values_of
from .nav import module_visible

FUNCTION_LABELS = {"count": lazy_gettext("Count"), "sum": lazy_gettext("Sum"), "avg": lazy_gettext("Average"), "min": lazy_gettext("Minimum"),
                   "max": lazy_gettext("Maximum")}
BUCKET_LABELS = {"": lazy_gettext("as is"), "day": lazy_gettext("by day"), "week": lazy_gettext("by week"), "month": lazy_gettext("by month"),
                 "quarter": lazy_gettext("by quarter"), "year": lazy_gettext("by year")}
CHART_LABELS = {"table": lazy_gettext("Table only"), "bar": lazy_gettext("Bar chart"), "line": lazy_gettext("Line chart"), "pie": lazy_gettext("Pie chart"),
                "number": lazy_gettext("A number")}


def registry():
    return current_app.extensions["finsuite"]


def viewable_modules() -> list:
    """The modules a report may be built on: those this user may view in this tenant."""
    return [m for m in registry().modules.values() if module_visible(m, g.user)]


def to_many(module) -> list:
    """The related modules the builder offers for ``module`` (its Items module, B9; the records
    that point at it), those the user may view."""
    return [r for r in relations_of(registry(), module).values() if r.to_many and module_visible(r.module, g.user)]


def field_groups(module, related: str = "") -> list[tuple[str, list[tuple[str, str, str]]]]:
    """``[(group label, [(path, label, kind)])]``: the module's fields, then each to-one
    relation's (``account.industry``) and the related module's (``items.amount``) the user may view."""
    groups = [(str(tr(str(module.label))), [(f.name, tr(f.label), f.kind) for f in fields_of(module).values()])]
    for relation in relations_of(registry(), module).values():
        if (relation.to_many and relation.name != related) or not module_visible(relation.module, g.user):
            continue
        label = tr(str(relation.module.label)) if relation.to_many else tr(str(relation.module.singular))
        groups.append((f"{label} ({relation.name})", [(f"{relation.name}.{f.name}", f"{label}: {tr(f.label)}", f.kind)
                                                      for f in fields_of(relation.module).values()]))
    return groups


def field_labels(groups) -> dict[str, str]:
    return {path: label for _group, fields in groups for path, label, _kind in fields}


def _day(value):
    try:
        return format_day(dt.date.fromisoformat(value)) if isinstance(value, str) else format_day(value)
    except ValueError:
        return value


def cell(column, value, module) -> dict:
    """``{"text", "url", "num"}`` of one result cell, as the list pages show values."""
    if value is None:
        return {"text": "", "url": None, "num": column.kind in ("money", "number", "quantity", "ratio")}
    if column.kind in ("reference", "user"):
        target = registry().modules.get(column.target)
        url = record_url(target.name, value["id"]) if target is not None and module_visible(target, g.user) else None
        return {"text": value.get("title") or f"#{value['id']}", "url": url, "num": False}
    if column.kind == "money":
        return {"text": format_money(value), "url": None, "num": True}
    if column.kind in ("number", "quantity", "ratio"):
        return {"text": format_decimal(Decimal(str(value))), "url": None, "num": True}
    if column.kind == "date":
        return {"text": _day(value), "url": None, "num": False}
    if column.kind == "boolean":
        return {"text": _("Yes") if value else _("No"), "url": None, "num": False}
    spec = spec_for(module, column.key) if "." not in column.key and ":" not in column.key else None
    if spec is not None and spec.choices:
        return {"text": tr(dict(spec.choices).get(str(value), str(value))), "url": None, "num": False}
    return {"text": str(value), "url": None, "num": False}


def describe_filter(f, labels: dict[str, str], module) -> str:
    """``Status is one of Sent, Paid``, ``Due date is in the next 5 days``: a definition's own
    filter as a sentence."""
    values = ["" if v is None else str(v) for v in values_of(f.value, f.op)]
    spec = spec_for(module, f.field) if "." not in f.field else None
    if spec is not None and spec.choices:
        values = [tr(dict(spec.choices).get(v, v)) for v in values]
    return sentence(labels.get(f.field, f.field), f.op, values)
