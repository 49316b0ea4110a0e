"""A :class:`Definition` compiled to one SQL query (peewee), scoped to the tenant: the module's
table, its to-one relations and at most one to-many relation LEFT JOINed, the groups' dates cut
by the database (``date_trunc`` / ``strftime``), and the aggregates computed there, money summed
exactly (:func:`core.models.money_sum`'s conversion). Every name is checked against the modules
and the user's view permissions first: :class:`Invalid` names the part at fault."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee
from flask_babel import gettext as _
from peewee import JOIN, SQL, fn

from ..db import is_postgres
from ..models import User, utcnow
from ..permissions import can_module
from ..records import Invalid
from ..tenancy import app_enabled
from .catalogue import NUMERIC, Path, Relation, fields_of, relations_of, resolve_path
from .definition import MAX_LIMIT, Definition
from .filters import condition, day_range


@dataclass
class Column:
    """An output column: ``key`` (``account_id``, ``created_at:month``, ``sum:total``), heading,
    kind (a field's kind, ``period`` for a month/quarter/year, ``ratio``), the referenced module."""

    key: str
    label: str
    kind: str
    target: str = ""
    hidden: bool = False  # read for another column (an average's count, a reference's title)


@dataclass
class Compiled:
    query: peewee.Query
    columns: list[Column]
    #: (output index, days) to fill with empty groups: a day grouping under a bounded date filter
    fill: tuple | None = None
    averages: dict = field(default_factory=dict)   # avg column index -> (sum index, count index)
    ratios: dict = field(default_factory=dict)     # ratio column index -> (num index, den index, percent)


def _bucket(column, by: str):
    if is_postgres():
        return {"day": peewee.Cast(column, "DATE"),
                "week": peewee.Cast(fn.date_trunc("week", column), "DATE"),
                "month": fn.to_char(column, "YYYY-MM"), "quarter": fn.to_char(column, 'YYYY-"Q"Q'),
                "year": fn.to_char(column, "YYYY")}[by]
    return {"day": fn.date(column), "week": fn.date(column, "weekday 0", "-6 days"),
            "month": fn.strftime("%Y-%m", column),
            "quarter": fn.strftime("%Y", column).concat("-Q").concat(
                (peewee.Cast(fn.strftime("%m", column), "INTEGER") + 2) / 3),
            "year": fn.strftime("%Y", column)}[by]


def _title(module, alias):
    """A referenced record's title in SQL (``name``, a contact's first and last names, a number)."""
    names = alias._meta.fields if hasattr(alias, "_meta") else module.model._meta.fields
    if module.title_field in names:
        return getattr(alias, module.title_field)
    if "last_name" in names and "first_name" in names:
        return fn.TRIM(alias.first_name.concat(" ").concat(alias.last_name))
    for name in ("name", "title", "number", "last_name"):
        if name in names:
            return getattr(alias, name)
    return alias.id


class _Builder:
    def __init__(self, registry, definition: Definition, tenant, user, today: dt.date | None):
        self.registry, self.definition, self.tenant, self.user, self.today = registry, definition, tenant, user, today
        module = registry.modules.get(definition.module)
        if module is None or (module.app and not app_enabled(tenant, module.app)):
            raise Invalid({"module": [_("No module named %(name)s.", name=definition.module)]})
        self._may_view(module, "module")
        self.module, self.model = module, module.model
        self.query = self.model.select().where(self.model.tenant == tenant)
        self.joined: dict[str, object] = {}
        self.related: Relation | None = None
        if definition.related:
            relation = relations_of(registry, module).get(definition.related)
            if relation is None or not relation.to_many:
                raise Invalid({"related": [_("%(module)s have no related module %(name)s.",
                                             module=str(module.label), name=definition.related)]})
            self._may_view(relation.module, "related")
            self.related = relation
            self._join(relation)

    def _may_view(self, module, key: str) -> None:
        if self.user is not None and not can_module(self.user, module, "view"):
            raise Invalid({key: [_("You may not view %(label)s.", label=str(module.label).lower())]})

    def _join(self, relation: Relation):
        if relation.name in self.joined:
            return self.joined[relation.name]
        alias = relation.module.model.alias(f"rel{len(self.joined)}")
        model = self.model
        if relation.lines:
            on = (alias.document_module == self.module.name) & (alias.document_id == model.id)
        elif relation.to_many:
            on = getattr(alias, relation.module.model._meta.fields[_attr(relation.module, relation.via)].name) == model.id
        else:
            on = alias.id == getattr(model, _attr(self.module, relation.via))
        self.query = self.query.join_from(model, alias, JOIN.LEFT_OUTER, on=on & (alias.tenant == self.tenant))
        self.joined[relation.name] = alias
        return alias

    def path(self, text: str, key: str) -> Path:
        path = resolve_path(self.registry, self.module, text, key, self.definition.related)
        if path.relation is not None:
            self._may_view(path.relation.module, key)
        return path

    def column(self, path: Path):
        if path.relation is None:
            return path.field.column
        alias = self._join(path.relation)
        return getattr(alias, path.field.column.name)

    def title(self, path: Path, column):
        """The title of the record ``column`` (a reference or an owner) points at."""
        name = f"title:{path.text}"
        if path.relation is None and path.field.name == "id":  # the record itself
            return _title(self.module, self.model)
        if name not in self.joined:
            if path.field.kind == "user":
                alias = User.alias(f"usr{len(self.joined)}")
                self.query = self.query.join_from(self.model, alias, JOIN.LEFT_OUTER,
                                                  on=(alias.id == column) & (alias.tenant == self.tenant))
                self.joined[name] = (alias, fn.COALESCE(fn.NULLIF(alias.name, ""), alias.email))
            else:
                target = self.registry.modules[path.field.target]
                self._may_view(target, path.text)
                alias = target.model.alias(f"ref{len(self.joined)}")
                self.query = self.query.join_from(self.model, alias, JOIN.LEFT_OUTER,
                                                  on=(alias.id == column) & (alias.tenant == self.tenant))
                self.joined[name] = (alias, _title(target, alias))
        return self.joined[name][1]


def _attr(module, name: str) -> str:
    """The model attribute of a schema field (``account_id`` is ``account`` on a foreign key)."""
    fields = module.model._meta.fields
    return name if name in fields else name.removesuffix("_id")


def compile_report(registry, definition: Definition, tenant, user=None, today: dt.date | None = None) -> Compiled:
    """The one query of ``definition`` for ``tenant`` (``user``'s view permissions checked when given)."""
    b = _Builder(registry, definition, tenant, user, today)
    raw, columns, group_exprs, by_key, fill = [], [], [], {}, None
    compiled = Compiled(None, columns)
    today = today or utcnow().date()

    def add(expr, column: Column):
        by_key.setdefault(column.key, len(raw))
        raw.append(expr)
        columns.append(column)
        return expr

    for index, filt in enumerate(definition.filters):
        key = f"filters.{index}"
        path = b.path(filt.field, f"{key}.field")
        clause = condition(path.field, b.column(path), filt.op, filt.value, f"{key}.value", today)  # joins first
        b.query = b.query.where(clause)
    grouped = bool(definition.group_by or definition.aggregates)
    for index, grouping in enumerate(definition.group_by):
        key = f"group_by.{index}.field"
        path = b.path(grouping.field, key)
        column = b.column(path)
        if grouping.by:
            if path.field.kind not in ("date", "datetime"):
                raise Invalid({key: [_("%(field)s is not a date.", field=path.field.label)]})
            expr = _bucket(column, grouping.by)
            group_exprs.append(expr)
            add(expr, Column(grouping.key, path.field.label, "date" if grouping.by in ("day", "week") else "period"))
            filt = next((f for f in definition.filters if f.field == grouping.field), None)
            if grouping.by == "day" and len(definition.group_by) == 1 and filt is not None:
                span = day_range(filt.op, filt.value, "filters", today)
                fill = (len(raw) - 1, span) if span else None
            continue
        if path.field.kind in ("text", "reference", "user", "boolean", "date", "number") or path.field.name == "id":
            group_exprs.append(column)
            if path.field.kind in ("reference", "user"):
                title = b.title(path, column)
                group_exprs.append(title)
                add(column, Column(grouping.key, path.field.label, path.field.kind, path.field.target))
                add(title, Column(f"{grouping.key}#title", path.field.label, "text", hidden=True))
            else:
                add(column, Column(grouping.key, path.field.label, path.field.kind))
            continue
        raise Invalid({key: [_("Rows cannot be grouped by %(field)s.", field=path.field.label)]})
    aggregates = definition.aggregates or ((_count(),) if definition.group_by else ())
    for index, aggregate in enumerate(aggregates):
        _aggregate(b, aggregate, f"aggregates.{index}.field", add, compiled)
    for index, ratio in enumerate(definition.ratios):
        parts = [by_key.get(ratio.numerator), by_key.get(ratio.denominator)]
        if None in parts or any(i in compiled.averages for i in parts):
            raise Invalid({f"ratios.{index}": [_("Name two of the report's sums, counts, minimums or maximums.")]})
        num, den = (raw[i] for i in parts)
        compiled.ratios[len(raw)] = (*parts, ratio.percent)
        add(num * 1.0 / fn.NULLIF(den, 0), Column(ratio.key, ratio.label or _("Ratio"), "ratio"))
    if not grouped:
        names = definition.columns or tuple(c.name for c in b.module.columns) or ("id",)
        for index, name in enumerate(names):
            path = b.path(name, f"columns.{index}")
            column = b.column(path)
            if path.field.kind in ("reference", "user"):
                add(column, Column(name, path.field.label, path.field.kind, path.field.target))
                add(b.title(path, column), Column(f"{name}#title", path.field.label, "text", hidden=True))
            else:
                add(column, Column(name, _label(path), path.field.kind))
        add(b.model.id, Column("#id", "id", "number", hidden=True))
    query = b.query.select(*(expr.alias(f"c{i}") for i, expr in enumerate(raw)))
    if group_exprs:
        query = query.group_by(*group_exprs)
    order = []
    for index, key in enumerate(definition.sort):
        name = key.removeprefix("-")
        if name not in by_key or name.endswith("#title"):
            raise Invalid({f"sort.{index}": [_("Must be one of: %(keys)s.",
                                               keys=", ".join(c.key for c in columns if not c.hidden))]})
        order.append(SQL(f"c{by_key[name]}").desc() if key.startswith("-") else SQL(f"c{by_key[name]}").asc())
    if not order and group_exprs:
        groups = {g.key for g in definition.group_by}
        order = [SQL(f"c{i}").asc() for i, c in enumerate(columns)  # a reference by its title
                 if c.key.split("#")[0] in groups and (c.kind not in ("reference", "user") or c.hidden)]
    if not grouped:
        order.append(b.model.id.desc() if definition.sort and definition.sort[-1].startswith("-") else b.model.id.asc())
    query = query.order_by(*order)
    if definition.limit:
        query = query.limit(min(definition.limit, MAX_LIMIT))
    compiled.query, compiled.fill = query, fill
    return compiled


def _label(path: Path) -> str:
    if path.relation is None:
        return path.field.label
    return f"{path.relation.module.singular}: {path.field.label}"


def _count():
    from .definition import Aggregate
    return Aggregate("count")


def _aggregate(b: _Builder, aggregate, key: str, add, compiled: Compiled) -> None:
    fan_out = b.related is not None
    label = aggregate.label
    if not aggregate.field:
        expr = fn.COUNT(b.model.id.distinct()) if fan_out else fn.COUNT(b.model.id)
        add(expr, Column(aggregate.key, label or _("Count"), "number"))
        return
    path = b.path(aggregate.field, key)
    column, kind = b.column(path), path.field.kind
    label = label or f"{_FN_LABELS[aggregate.fn]()} {_label(path)}"
    once_per_row = fan_out and (path.relation is None or not path.relation.to_many)
    if aggregate.fn == "count":
        add(fn.COUNT(column.distinct()) if once_per_row else fn.COUNT(column), Column(aggregate.key, label, "number"))
        return
    if aggregate.fn in ("sum", "avg") and kind not in NUMERIC:
        raise Invalid({key: [_("%(field)s is not a number: it cannot be summed or averaged.", field=path.field.label)]})
    if aggregate.fn in ("sum", "avg") and once_per_row:
        raise Invalid({key: [_("%(field)s would count once per %(related)s row: use a field of %(related)s.",
                               field=path.field.label, related=b.related.module.label)]})
    if aggregate.fn in ("min", "max"):
        if kind not in (*NUMERIC, "date", "datetime"):
            raise Invalid({key: [_("%(field)s has no minimum or maximum.", field=path.field.label)]})
        expr = getattr(fn, aggregate.fn.upper())(column).python_value(path.field.column.python_value)
        add(expr, Column(aggregate.key, label, kind))
        return
    total = fn.SUM(column).coerce(True).python_value(path.field.column.python_value)
    if aggregate.fn == "sum":
        add(total, Column(aggregate.key, label, kind))
        return
    start = len(compiled.columns)
    add(total, Column(f"{aggregate.key}#sum", label, kind, hidden=True))
    add(fn.COUNT(column), Column(f"{aggregate.key}#count", label, "number", hidden=True))
    compiled.averages[len(compiled.columns)] = (start, start + 1)
    add(peewee.Value(None), Column(aggregate.key, label, "money" if kind == "money" else "quantity"))


_FN_LABELS = {"count": lambda: _("Count of"), "sum": lambda: _("Sum of"), "avg": lambda: _("Average"),
              "min": lambda: _("Minimum"), "max": lambda: _("Maximum")}
