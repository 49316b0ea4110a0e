"""Listing any module's records: a page of them, searched, filtered and sorted, the same for the
web UI and the API. The module's ``filter_fields`` are read as a record's input is
(:func:`filter_params`); any other field of the module is filtered by the reports engine's
filters (``total__gt=100``, ``due_date__next_days=5``: :func:`filter_conditions`), as a custom
view's are (B10)."""
from __future__ import annotations

from dataclasses import dataclass

import peewee
from flask import current_app
from flask_babel import gettext as _
from marshmallow import ValidationError

from . import search, sorting
from .declarations import Module
from .ids import MAX_ID
from .inputs import unstorable, unstorable_message
from .records import Invalid
from .reports.catalogue import fields_of
from .reports.filters import NO_VALUE, Filter, condition, filters_from_query

MAX_PER_PAGE = 200
#: a search that finds at most this many records sorts them all (:func:`_search_page`)
FEW_MATCHES = 10_000
#: the API refuses a larger ``page`` (422); a page past the last one is empty
MAX_PAGE = 2**31 - 1

@dataclass
class Page:
    records: list
    total: int
    page: int
    per_page: int

    @property
    def has_more(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def model_field(module: Module, name: str):
    """The model column behind the schema field `name` (`account_id` is `account`), or None."""
    model = module.model
    attr = name[:-3] if name.endswith("_id") and name[:-3] in model._meta.fields else name
    field = model._meta.fields.get(attr)
    if field is None:
        return None
    return getattr(model, attr)


def _int_arg(value, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(value), low), high)
    except (TypeError, ValueError):
        return default


def filter_params(module: Module, params: dict) -> dict:
    """``params`` (a query string's values) with each of the module's ``filter_fields`` converted
    by its schema field, as a record's input is: ``account_id=abc`` or an id beyond 2**63 - 1 is
    :class:`Invalid` naming the filter, as is a search ``q`` holding a NUL or a control
    character; blank values are left out."""
    params = dict(params)
    schema_fields = module.schema().fields
    errors: dict[str, list[str]] = {}
    if unstorable(params.get("q") or ""):  # a NUL: PostgreSQL cannot even compare it
        errors["q"] = [unstorable_message()]
    for name in module.filter_fields:
        value, field = params.get(name), schema_fields.get(name)
        if value in (None, "") or field is None:
            continue
        try:
            params[name] = field.deserialize(value)
            if isinstance(params[name], int) and not -MAX_ID <= params[name] <= MAX_ID:
                raise ValidationError(_("Number too large."))  # no column holds it
            if isinstance(params[name], str) and unstorable(params[name]):
                raise ValidationError(unstorable_message())
        except ValidationError as err:
            messages = err.messages
            errors[name] = [str(m) for m in messages] if isinstance(messages, list) else [str(messages)]
    if errors:
        raise Invalid(errors)
    return params


def sort_keys(module: Module) -> list[str]:
    """What ``sort`` may be: each sortable field, ascending (``name``) or descending (``-name``)."""
    names = sorted({*module.sort_fields, module.default_sort.lstrip("-")})
    return [*names, *(f"-{name}" for name in names)]


def query_filters(module: Module, params: dict) -> list[tuple[str, Filter]]:
    """The engine's filters a query string holds (``total__gt=100``), each with its parameter;
    not the module's ``filter_fields`` (:func:`filter_params` reads them), nor a blank value."""
    return [(param, filt) for param, filt in filters_from_query(params)
            if param not in module.filter_fields and (filt.op in NO_VALUE or filt.value not in (None, ""))]


def filter_conditions(module: Module, filters, parts: bool = False) -> list:
    """The SQL conditions of ``filters`` (``[(key, Filter)]``) on the module's own fields, built by
    :func:`core.reports.filters.condition`. :class:`Invalid` names each key at fault; with
    ``parts``, ``<key>.field`` for an unknown field and ``<key>.value`` for the rest (a view's)."""
    if not filters:
        return []
    fields = fields_of(module)
    conditions, errors = [], {}
    for key, filt in filters:
        field = fields.get(filt.field)
        if field is None:
            errors[f"{key}.field" if parts else key] = [_("%(module)s have no field %(field)s.",
                                                           module=str(module.label), field=filt.field)]
            continue
        try:
            conditions.append(condition(field, field.column, filt.op, filt.value, f"{key}.value" if parts else key))
        except Invalid as exc:
            errors.update(exc.errors)
    if errors:
        raise Invalid(errors)
    return conditions


def _search_page(query, model, sort_field, descending: bool, page: int, per_page: int,
                 clamp: bool, text: bool = False, locale: str | None = None) -> tuple[int, int, list[int]] | None:
    """``(total, page, ids)`` of a search that finds at most :data:`FEW_MATCHES` records, in one
    statement: the matches (a ``MATERIALIZED`` CTE, which neither database merges into the outer
    query), counted (a window over them all) and sorted; ``None`` when there are more (the
    caller counts them and walks the sorted index, which soon has a page of them).

    Left to itself, the planner walks the sorted index from its start until it has a page of
    matches, reading every row on the way: past 139,000 accounts before the first "Łódź"
    (sorted after Z), 140 ms instead of 10; and the count is a second scan (bench/README.md).
    ``text``: the key is text, sorted as a reader of ``locale`` expects (:mod:`core.sorting`)."""
    matches = query.select(model.id.alias("id"), sort_field.alias("sort_key")).limit(FEW_MATCHES + 1).cte(
        "matches", materialized=True)
    key, rid = matches.c.sort_key, matches.c.id
    order = [sorting.ordering(key, descending, model._meta.database, locale, text),
             rid.desc() if descending else rid.asc()]
    counted = peewee.Select(from_list=[matches], columns=[rid, peewee.fn.COUNT(peewee.SQL("*")).over()])
    counted = counted.with_cte(matches).order_by(*order).bind(model._meta.database)

    def rows(number: int) -> list:
        return list(counted.paginate(number, per_page).tuples())
    found = rows(page)
    if found or page == 1:
        total = found[0][1] if found else 0
    else:  # a page past the last one, or nothing found
        total = query.count()
        last = max(1, -(-total // per_page))
        if clamp and page > last and total <= FEW_MATCHES:
            page, found = last, rows(last)
    return None if total > FEW_MATCHES else (total, page, [row[0] for row in found])


def list_records(module: Module, tenant, params: dict | None = None, clamp: bool = True, filters=()) -> Page:
    """A page of ``module``'s records: ``q`` searches (:mod:`core.search`), ``sort`` (``name`` / ``-name``) orders,
    any of the module's ``filter_fields`` filters, as do the engine's filters in ``params``
    (:func:`query_filters`) and ``filters`` (``[(key, Filter)]``, a view's), ``page`` /
    ``per_page`` paginate. A bad filter is :class:`Invalid` naming its parameter.

    ``clamp``: a bad ``sort`` / ``per_page`` / ``page`` falls back to the default or the nearest
    page (the web UI's links); without, they are taken as they are (the API validated them,
    and a page past the last one is empty)."""
    params = params or {}
    model = module.model
    query = model.scoped(tenant)
    found = search.condition(current_app.extensions["finsuite"], module, tenant, params.get("q") or "")
    if found is not None:
        query = query.where(found)
    for name in module.filter_fields:
        value = params.get(name)
        if value not in (None, ""):
            field = model_field(module, name)
            if field is not None:
                query = query.where(field == value)
    for clause in filter_conditions(module, [*filters, *query_filters(module, params)]):
        query = query.where(clause)
    sort = params.get("sort") or module.default_sort
    descending = sort.startswith("-")
    sort_name = sort.lstrip("-")
    if sort not in sort_keys(module):
        sort_name, descending = module.default_sort.lstrip("-"), module.default_sort.startswith("-")
    sort_field = model_field(module, sort_name) or model.id
    # names, titles, numbers as text: as the reader's locale sorts them (core.sorting)
    text, locale = sorting.sorts_as_text(module, sort_name, sort_field), sorting.reader_locale(tenant)
    order = [sorting.ordering(sort_field, descending, model._meta.database, locale, text),
             model.id.desc() if descending else model.id.asc()]
    per_page = _int_arg(params.get("per_page"), 25, 1, MAX_PER_PAGE)
    searched = None
    if found is not None:
        searched = _search_page(query, model, sort_field, descending,
                                _int_arg(params.get("page"), 1, 1, MAX_PAGE), per_page, clamp, text, locale)
    if searched is not None:
        total, page, ids = searched
    else:
        total = query.count()
        pages = max(1, -(-total // per_page))
        page = _int_arg(params.get("page"), 1, 1, pages if clamp else MAX_PAGE)
        # the page's ids first (an index-only scan on PostgreSQL, however deep the page), then
        # its rows: a plain OFFSET reads every skipped row from the table (bench/README.md)
        ids = [row[0] for row in query.select(model.id).order_by(*order).paginate(page, per_page).tuples()]
    records = list(model.select().where(model.id.in_(ids)).order_by(*order)) if ids else []
    return Page(records, total, page, per_page)
