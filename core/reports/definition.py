"""A report as data: what the defaults of the plugins, saved reports, dashboard components and
the report builder all are, and what :func:`core.reports.run_report` compiles to one SQL query.
Saved as the JSON of :meth:`Definition.to_dict`; read back (from storage or an API body) with
:func:`definition_from`, which names every part it cannot read."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from ..records import Invalid
from .filters import Filter

CHARTS = ("table", "bar", "line", "pie", "number")
FUNCTIONS = ("count", "sum", "avg", "min", "max")
BUCKETS = ("day", "week", "month", "quarter", "year")
MAX_GROUPS = 2
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Grouping:
    """Rows grouped by a field; a date field by ``by`` (day, week, month, quarter, year)."""

    field: str
    by: str = ""

    @property
    def key(self) -> str:
        return f"{self.field}:{self.by}" if self.by else self.field


@dataclass(frozen=True)
class Aggregate:
    """``fn`` (count, sum, avg, min, max) of ``field``; a count without a field counts records."""

    fn: str
    field: str = ""
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.fn}:{self.field}" if self.field else self.fn


@dataclass(frozen=True)
class Ratio:
    """One aggregate over another, per row (expenses over the deal's amount)."""

    numerator: str
    denominator: str
    label: str = ""
    percent: bool = False

    @property
    def key(self) -> str:
        return f"ratio:{self.numerator}/{self.denominator}"


@dataclass(frozen=True)
class Definition:
    """``module`` (``books/invoices``), with ``related`` one of its to-many relations joined
    (``items``: one row per line item); ``filters``; up to two ``group_by``; ``aggregates`` and
    ``ratios`` per group (or once, without groups); without either, a list of ``columns``.
    ``sort`` names output keys (``-sum:total``); ``limit`` caps the rows."""

    module: str
    related: str = ""
    filters: tuple[Filter, ...] = ()
    group_by: tuple[Grouping, ...] = ()
    aggregates: tuple[Aggregate, ...] = ()
    ratios: tuple[Ratio, ...] = ()
    columns: tuple[str, ...] = ()
    sort: tuple[str, ...] = ()
    limit: int | None = None
    chart: str = "table"

    def to_dict(self) -> dict:
        return {"module": self.module, "related": self.related,
                "filters": [f.to_dict() for f in self.filters],
                "group_by": [{"field": g.field, **({"by": g.by} if g.by else {})} for g in self.group_by],
                "aggregates": [{"fn": a.fn, "field": a.field, **({"label": a.label} if a.label else {})}
                               for a in self.aggregates],
                "ratios": [{"numerator": r.numerator, "denominator": r.denominator, "label": r.label,
                            "percent": r.percent} for r in self.ratios],
                "columns": list(self.columns), "sort": list(self.sort), "limit": self.limit, "chart": self.chart}

    def with_filters(self, extra) -> Definition:
        """This definition with ``extra`` filters added (a report page's filters changed in place)."""
        return dataclasses.replace(self, filters=(*self.filters, *extra))


@dataclass
class _Reader:
    errors: dict = field(default_factory=dict)

    def fail(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    def text(self, data: dict, name: str, key: str, required: bool = False, default: str = "") -> str:
        value = data.get(name, default)
        if value is None and not required:
            return default
        if not isinstance(value, str) or (required and not value):
            self.fail(key, _("Missing data for required field.") if required and not value else _("Not a valid string."))
            return default
        return value

    def items(self, data: dict, name: str, limit: int = 50) -> list:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > limit:
            self.fail(name, _("Give a list of at most %(high)s.", high=limit))
            return []
        return value

    def strings(self, data: dict, name: str, limit: int = 50) -> tuple[str, ...]:
        found = []
        for index, item in enumerate(self.items(data, name, limit)):
            if isinstance(item, str):
                found.append(item)
            else:
                self.fail(f"{name}.{index}", _("Not a valid string."))
        return tuple(found)

    def flag(self, data: dict, name: str, key: str) -> bool:
        value = data.get(name)
        if value is not None and not isinstance(value, bool):
            self.fail(key, _("Not a valid boolean."))
        return value is True

    def objects(self, data: dict, name: str, limit: int = 50):
        for index, item in enumerate(self.items(data, name, limit)):
            if isinstance(item, dict):
                yield index, item
            else:
                self.fail(f"{name}.{index}", _("Not a valid object."))


def definition_from(data: Any) -> Definition:
    """A :class:`Definition` from its JSON; :class:`Invalid` naming each part that is malformed
    (what it names is checked against the modules when it runs: :func:`core.reports.compile`)."""
    if not isinstance(data, dict):
        raise Invalid({"definition": [_("Not a valid object.")]})
    reader = _Reader()
    unknown = set(data) - {"module", "related", "filters", "group_by", "aggregates", "ratios", "columns", "sort",
                           "limit", "chart"}
    for name in sorted(unknown):
        reader.fail(name, _("Unknown field."))
    module, related = reader.text(data, "module", "module", True), reader.text(data, "related", "related")
    filters = tuple(Filter(reader.text(f, "field", f"filters.{i}.field", True), reader.text(f, "op", f"filters.{i}.op",
                                                                                              default="eq"), f.get("value"))
                    for i, f in reader.objects(data, "filters"))
    groups = tuple(Grouping(reader.text(g, "field", f"group_by.{i}.field", True), reader.text(g, "by", f"group_by.{i}.by"))
                   for i, g in reader.objects(data, "group_by", MAX_GROUPS))
    aggregates = tuple(Aggregate(reader.text(a, "fn", f"aggregates.{i}.fn", True), reader.text(a, "field", f"aggregates.{i}.field"),
                                 reader.text(a, "label", f"aggregates.{i}.label"))
                       for i, a in reader.objects(data, "aggregates", 20))
    ratios = tuple(Ratio(reader.text(r, "numerator", f"ratios.{i}.numerator", True),
                         reader.text(r, "denominator", f"ratios.{i}.denominator", True),
                         reader.text(r, "label", f"ratios.{i}.label"), reader.flag(r, "percent", f"ratios.{i}.percent"))
                   for i, r in reader.objects(data, "ratios", 10))
    columns, sort = reader.strings(data, "columns"), reader.strings(data, "sort", 5)
    limit = data.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT):
        reader.fail("limit", _("Must be a whole number from 1 to %(high)s.", high=MAX_LIMIT))
        limit = None
    chart = reader.text(data, "chart", "chart", default="table")
    if chart not in CHARTS:
        reader.fail("chart", _("Must be one of: %(keys)s.", keys=", ".join(CHARTS)))
    for index, grouping in enumerate(groups):
        if grouping.by and grouping.by not in BUCKETS:
            reader.fail(f"group_by.{index}.by", _("Must be one of: %(keys)s.", keys=", ".join(BUCKETS)))
    for index, aggregate in enumerate(aggregates):
        if aggregate.fn not in FUNCTIONS:
            reader.fail(f"aggregates.{index}.fn", _("Must be one of: %(keys)s.", keys=", ".join(FUNCTIONS)))
    if reader.errors:
        raise Invalid(reader.errors)
    return Definition(module, related, filters, groups, aggregates, ratios, columns, sort, limit, chart)
