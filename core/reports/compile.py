"""A :class:`Definition` compiled to one SQL query (peewee), scoped to the tenant: the module's
table, its to-one relations and at most one to-many relation LEFT JOINed, the groups' dates cut
by the database, the aggregates computed there; the titles of grouped references joined once
per group, after grouping (a subquery), not once per row. Every name is checked against the
modules and the user's view permissions first: :class:`Invalid` names the part at fault.
Cells are read back exactly by each column's ``convert`` (money from cents on SQLite)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import peewee
from flask_babel import gettext as _
from peewee import JOIN, SQL, fn

from .. import sorting
from ..db import db
from ..i18n import translate_declared
from ..models import utcnow
from ..permissions import can_module
from ..records import Invalid
from ..tenancy import app_enabled
from .catalogue import Path, Relation, relations_of, resolve_path
from .definition import MAX_LIMIT, Aggregate, Definition
from .expressions import FUNCTION_LABELS, aggregate_parts, bucket, field_label, label_of, title, title_source
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
    convert: Callable | None = field(default=None, repr=False)


@dataclass
class Compiled:
    query: peewee.Query
    columns: list[Column]
    #: (output index, days) to fill with empty groups: a day grouping under a bounded date filter,
    #: in the days' order (no sort of its own)
    fill: tuple | None = None
    averages: dict = field(default_factory=dict)   # avg column index -> (sum index, count index)
    ratios: dict = field(default_factory=dict)     # ratio column index -> (num index, den index, percent)
    tables: frozenset = frozenset()                # every table the query reads

    def convert(self, row) -> list:
        return [v if v is None or c.convert is None else c.convert(v) for c, v in zip(self.columns, row)]


class _Builder:
    """The base query (the module's rows of the tenant, with the joins paths need) and checks."""

    def __init__(self, registry, definition: Definition, tenant, user):
        self.registry, self.definition, self.tenant, self.user = registry, definition, tenant, user
        module = registry.modules.get(definition.module)
        if module is None or (module.app and not app_enabled(tenant, module.app)):
            raise Invalid({"module": [_("No module named %(name)s.", name=definition.module)]})
        self.may_view(module, "module")
        self.module, self.model = module, module.model
        self.query = self.model.select().where(self.model.tenant == tenant)
        self.joined: dict[str, object] = {}  # every alias joined (relations, titles), by name
        self.related: Relation | None = None
        if definition.related:
            relation = relations_of(registry, module).get(definition.related)
            if relation is None or not relation.to_many:
                raise Invalid({"related": [_("%(module)s have no related module %(name)s.",
                                             module=translate_declared(module.label), name=definition.related)]})
            self.may_view(relation.module, "related")
            self.related = relation
            self._join(relation)

    def may_view(self, module, key: str) -> None:
        if self.user is not None and module is not None and not can_module(self.user, module, "view"):
            raise Invalid({key: [_("You may not view %(label)s.", label=translate_declared(module.label).lower())]})

    def _join(self, relation: Relation):
        if relation.name in self.joined:
            return self.joined[relation.name]
        alias, model = relation.module.model.alias(f"rel{len(self.joined)}"), self.model
        if relation.lines:
            on = (alias.document_module == self.module.name) & (alias.document_id == model.id)
        elif relation.to_many:
            on = getattr(alias, _attr(relation.module, relation.via)) == model.id
        else:
            on = alias.id == getattr(model, _attr(self.module, relation.via))
        self.query = self.query.join_from(model, alias, JOIN.LEFT_OUTER, on=on & (alias.tenant == self.tenant))
        self.joined[relation.name] = alias
        return alias

    def path(self, text: str, key: str) -> Path:
        path = resolve_path(self.registry, self.module, text, key, self.definition.related)
        if path.relation is not None:
            self.may_view(path.relation.module, key)
        if path.field.kind == "reference":
            self.may_view(self.registry.modules.get(path.field.target), key)
        return path

    def column(self, path: Path):
        if path.relation is None:
            return path.field.column
        return getattr(self._join(path.relation), path.field.column.name)

    def title_joined(self, path: Path, column):
        """The title of the record ``column`` points at, joined to every row (a list's columns)."""
        if path.relation is None and path.field.name == "id":
            return title(self.module, self.model)
        alias, target = title_source(self.registry, path, len(self.joined))
        self.joined[f"title{len(self.joined)}"] = alias
        self.query = self.query.join_from(self.model, alias, JOIN.LEFT_OUTER,
                                          on=(alias.id == column) & (alias.tenant == self.tenant))
        return title(target, alias)


def _read_order(expr):
    """``expr`` in the collation of the reader's locale when it is text (a name, a title: a field
    of text or a function of some), so that ``ORDER BY`` its output column sorts it as the reader
    expects (:mod:`core.sorting`); PostgreSQL takes no ``COLLATE`` on an output column's name."""
    if isinstance(expr, peewee.Field) and not sorting.is_text(expr):
        return expr
    return sorting.collated(expr, db)


def _attr(module, name: str) -> str:
    """The model attribute of a schema field (``account_id`` is ``account`` on a foreign key)."""
    return name if name in module.model._meta.fields else name.removesuffix("_id")


class _Output:
    """The columns being built: expressions, their columns, where titles go after grouping."""

    def __init__(self):
        self.exprs, self.columns, self.by_key = [], [], {}
        self.titles: list[tuple[int, Path, int]] = []   # (title index, path, reference index)

    def add(self, expr, column: Column) -> int:
        self.by_key.setdefault(column.key, len(self.exprs))
        self.exprs.append(expr)
        self.columns.append(column)
        return len(self.exprs) - 1


def compile_report(registry, definition: Definition, tenant, user=None, today: dt.date | None = None) -> Compiled:
    """The one query of ``definition`` for ``tenant`` (``user``'s view permissions checked when given)."""
    b, out, groups, fill = _Builder(registry, definition, tenant, user), _Output(), [], None
    today = today or utcnow().date()
    compiled = Compiled(None, out.columns)
    for index, filt in enumerate(definition.filters):
        path = b.path(filt.field, f"filters.{index}.field")
        clause = condition(path.field, b.column(path), filt.op, filt.value, f"filters.{index}.value", today)
        b.query = b.query.where(clause)  # the column's join made first
    grouped = bool(definition.group_by or definition.aggregates)
    for index, grouping in enumerate(definition.group_by):
        key = f"group_by.{index}.field"
        path = b.path(grouping.field, key)
        column, kind = b.column(path), path.field.kind
        if grouping.by:
            if kind not in ("date", "datetime"):
                raise Invalid({key: [_("%(field)s is not a date.", field=field_label(path))]})
            expr = bucket(column, grouping.by)
            groups.append(expr)
            at = out.add(expr, Column(grouping.key, field_label(path), "date" if grouping.by in ("day", "week") else "period"))
            filt = next((f for f in definition.filters if f.field == grouping.field), None)
            span = day_range(filt.op, filt.value, "filters", today) if filt is not None else None
            if grouping.by == "day" and len(definition.group_by) == 1 and span and not definition.sort:
                fill = (at, span)
            continue
        if kind in ("money", "quantity", "datetime"):
            raise Invalid({key: [_("Rows cannot be grouped by %(field)s.", field=field_label(path))]})
        groups.append(column)
        at = out.add(_read_order(column), Column(grouping.key, field_label(path), kind, path.field.target,
                                                 convert=path.field.column.python_value))
        if kind in ("reference", "user"):
            out.titles.append((out.add(None, Column(f"{grouping.key}#title", "", "text", hidden=True)), path, at))
    for index, aggregate in enumerate(definition.aggregates or ((Aggregate("count"),) if definition.group_by else ())):
        _aggregate(b, out, compiled, aggregate, f"aggregates.{index}.field")
    for index, ratio in enumerate(definition.ratios):
        parts = [out.by_key.get(ratio.numerator), out.by_key.get(ratio.denominator)]
        if None in parts or any(i in compiled.averages or out.exprs[i] is None for i in parts):
            raise Invalid({f"ratios.{index}": [_("Name two of the report's sums, counts, minimums or maximums.")]})
        compiled.ratios[len(out.exprs)] = (*parts, ratio.percent)
        out.add(out.exprs[parts[0]] * 1.0 / fn.NULLIF(out.exprs[parts[1]], 0), Column(ratio.key, ratio.label or _("Ratio"), "ratio"))
    if not grouped:
        _list_columns(b, out, definition)
    compiled.query, compiled.fill = _finish(b, out, definition, groups, grouped), fill
    compiled.tables = frozenset({b.model._meta.table_name, *(a.model._meta.table_name for a in b.joined.values())})
    return compiled


def _aggregate(b: _Builder, out: _Output, compiled: Compiled, aggregate, key: str) -> None:
    path = b.path(aggregate.field, key) if aggregate.field else None
    column = b.column(path) if path is not None else b.model.id
    label = aggregate.label or (FUNCTION_LABELS[aggregate.fn](label_of(path)) if path else _("Count"))
    parts = aggregate_parts(aggregate, path, column, b.related, key)
    indexes = [out.add(expr, Column(aggregate.key + part, label, kind, hidden=bool(part), convert=convert))
               for expr, kind, convert, part in parts]
    if len(indexes) == 2:  # an average: its sum and count, divided exactly when read
        compiled.averages[len(out.exprs)] = tuple(indexes)
        out.add(peewee.Value(None), Column(aggregate.key, label, "money" if parts[0][1] == "money" else "quantity"))


def _list_columns(b: _Builder, out: _Output, definition: Definition) -> None:
    """A report without groups or aggregates: a list of records, with these columns."""
    for index, name in enumerate(definition.columns or tuple(c.name for c in b.module.columns) or ("id",)):
        path = b.path(name, f"columns.{index}")
        column = b.column(path)
        convert = path.field.column.python_value
        if path.field.kind in ("reference", "user"):
            out.add(column, Column(name, field_label(path), path.field.kind, path.field.target, convert=convert))
            out.add(_read_order(b.title_joined(path, column)), Column(f"{name}#title", "", "text", hidden=True))
        else:
            out.add(_read_order(column), Column(name, label_of(path), path.field.kind, convert=convert))
    out.add(b.model.id, Column("#id", "id", "number", hidden=True))


def _finish(b: _Builder, out: _Output, definition: Definition, groups: list, grouped: bool):
    """The SELECT: grouped, then the titles of grouped references joined over its groups."""
    titles = {i for i, _p, _r in out.titles}
    query = b.query.select(*(e.alias(f"c{i}") for i, e in enumerate(out.exprs) if i not in titles))
    if groups:
        query = query.group_by(*groups)
    if out.titles:
        inner = query.alias("g")
        columns, joins = [], []
        for i in range(len(out.exprs)):
            if i not in titles:
                columns.append(getattr(inner.c, f"c{i}").alias(f"c{i}"))
                continue
            path, ref = next((p, r) for t, p, r in out.titles if t == i)
            alias, target = title_source(b.registry, path, i)
            target = b.module if path.relation is None and path.field.name == "id" else target
            if path.relation is None and path.field.name == "id":
                alias = b.model.alias(f"ref{i}")
            joins.append((alias, (alias.id == getattr(inner.c, f"c{ref}")) & (alias.tenant == b.tenant)))
            b.joined[f"group_title{i}"] = alias
            columns.append(_read_order(title(target, alias)).alias(f"c{i}"))
        query = peewee.Select(from_list=[inner], columns=columns)
        for alias, on in joins:
            query = query.join(alias, JOIN.LEFT_OUTER, on=on)
        query = query.bind(db)
    order = []
    for index, key in enumerate(definition.sort):
        name = key.removeprefix("-")
        if name not in out.by_key or out.columns[out.by_key[name]].hidden:
            raise Invalid({f"sort.{index}": [_("Must be one of: %(keys)s.",
                                               keys=", ".join(c.key for c in out.columns if not c.hidden))]})
        at = out.by_key[name]
        at = next((t for t, _p, r in out.titles if r == at), at)  # a reference by its title
        order.append(SQL(f"c{at}").desc() if key.startswith("-") else SQL(f"c{at}").asc())
    if not order and groups:
        group_keys = {g.key for g in definition.group_by}
        for i, column in enumerate(out.columns):
            if column.key in group_keys:
                order.append(SQL(f"c{next((t for t, _p, r in out.titles if r == i), i)}").asc())
    if not grouped:
        order.append(SQL(f"c{len(out.exprs) - 1}").desc() if definition.sort and definition.sort[-1].startswith("-")
                     else SQL(f"c{len(out.exprs) - 1}").asc())
    query = query.order_by(*order)
    return query.limit(min(definition.limit, MAX_LIMIT)) if definition.limit else query
