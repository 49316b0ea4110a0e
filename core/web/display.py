"""Record values as the pages show them: money in the tenant's currency, dates by locale,
references as links to the referenced record with its title."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from ..i18n import format_day, format_moment, format_money, translate_declared as tr
from ..models import User
from ..records import title
from .fields import FieldSpec, field_specs, spec_for
from .nav import module_visible


#: how a status reads at a glance (a badge's colour): the finance documents' statuses and the
#: CRM's own; any other status is a neutral badge
STATUS_TONES = {
    "ok": ("paid", "accepted", "approved", "reimbursed", "live", "delivered", "closed", "invoiced", "billed",
           "active", "won", "shipped", "received", "synced"),
    "info": ("sent", "open", "submitted", "viewed", "confirmed", "future", "trial", "in_transit"),
    "warn": ("partially_paid", "unpaid", "pending", "non_renewing", "expired", "unreported"),
    "danger": ("overdue", "declined", "rejected", "lost", "failed", "dunning"),
    "muted": ("draft", "void", "cancelled", "inactive", "not_shipped"),
}
TONE_OF = {status: tone for tone, statuses in STATUS_TONES.items() for status in statuses}
#: widgets whose values are numbers: right-aligned, tabular figures
NUMERIC = ("money", "rate", "number")


@dataclass
class Cell:
    text: str
    url: str | None = None
    empty: bool = False
    #: "num" (right-aligned figures), "status" (a badge of ``tone``) or ""
    kind: str = ""
    tone: str = ""


def status_tone(value) -> str:
    return TONE_OF.get(str(value or "").lower(), "neutral")


def column_kind(spec: FieldSpec | None, name: str) -> str:
    """How a column's values are shown: ``num``, ``status``, ``date`` (kept on one line) or plain."""
    if name == "status" and spec is not None and spec.widget in ("select", "text", ""):
        return "status"
    if spec is not None and spec.widget in ("date", "datetime"):
        return "date"
    return "num" if spec is not None and spec.widget in NUMERIC else ""


def id_url(endpoint: str, record_id, **values) -> str:
    """``url_for(endpoint, record_id=..., **values)``, the rule built once per request and
    endpoint (a list page links hundreds of rows; ``url_for`` costs tens of microseconds)."""
    cache = g.setdefault("_id_urls", {})
    key = (endpoint, tuple(sorted(values.items())))
    prefix = cache.get(key)
    if prefix is None:
        built = url_for(endpoint, record_id=987654321, **values)
        head, marker, tail = built.partition("987654321")
        prefix = cache[key] = (head, tail) if marker else None
    if prefix is None:
        return url_for(endpoint, record_id=record_id, **values)
    return f"{prefix[0]}{int(record_id)}{prefix[1]}"


def record_url(module_name: str, record_id) -> str:
    return id_url("modules.detail", record_id, module=module_name)


def format_value(spec: FieldSpec | None, value) -> str:
    if value is None or value == "":
        return ""
    widget = spec.widget if spec else ""
    if widget == "money":
        return format_money(value)
    if widget == "checkbox":
        return _("Yes") if value else _("No")
    if widget == "date":
        return format_day(value, "medium") if not hasattr(value, "hour") else format_date(value, "medium")
    if widget == "datetime":
        return format_moment(value)
    if widget in ("rate", "number") and not isinstance(value, bool):
        try:
            return format_decimal(value)
        except (TypeError, ValueError):
            return str(value)
    if widget == "select" and spec.choices:
        return tr(dict(spec.choices).get(str(value), str(value)))
    if widget == "module":  # ``books/invoices`` is shown as its module is named: "Invoice"
        module = current_app.extensions["finsuite"].modules.get(str(value))
        return tr(module.singular) if module is not None else str(value)
    return str(value)


class References:
    """Titles of referenced records, fetched in one query per referenced module."""

    def __init__(self):
        self.registry = current_app.extensions["finsuite"]
        self._titles: dict[tuple[str, int], str] = {}
        self._users: dict[int, str] = {}
        self._visible: dict[str, bool] = {}  # may the user open records of this module

    def prefetch(self, module, records, names) -> None:
        for name in names:
            target = self.registry.modules.get(module.references.get(name, ""))
            if target is None:
                if name == "owner_id":
                    self._prefetch_users({getattr(r, name, None) for r in records})
                continue
            ids = {getattr(r, name, None) for r in records} - {None}
            ids = [i for i in ids if (target.name, i) not in self._titles]
            if ids:
                for row in target.model.scoped(g.tenant).where(target.model.id.in_(ids)):
                    self._titles[(target.name, row.id)] = title(target, row, g.relay)

    def _prefetch_users(self, ids) -> None:
        ids = [i for i in ids if i is not None and i not in self._users]
        if ids:
            for user in User.select().where((User.tenant == g.tenant) & User.id.in_(ids)):
                self._users[user.id] = str(user)

    def cell(self, module, name: str, value) -> Cell:
        if value is None:
            return Cell("", empty=True)
        target = self.registry.modules.get(module.references.get(name, ""))
        if target is None:
            if name == "owner_id":
                self._prefetch_users([value])
                return Cell(self._users.get(value, ""), empty=value not in self._users)
            return Cell(str(value))
        if (target.name, value) not in self._titles:
            row = target.model.get_scoped(g.tenant, value)
            if row is None:
                return Cell("", empty=True)
            self._titles[(target.name, value)] = title(target, row, g.relay)
        visible = self._visible.get(target.name)
        if visible is None:
            visible = self._visible[target.name] = module_visible(target, g.user)
        url = record_url(target.name, value) if visible else None
        return Cell(self._titles[(target.name, value)], url)


def cells(module, record, columns, refs: References, link_module: str | None = None,
          specs: list | None = None) -> list[Cell]:
    """One :class:`Cell` per column of ``record`` (a record of ``module``); ``specs``, from
    :func:`column_specs`, saves looking the columns up again for each row."""
    out = []
    for index, column in enumerate(columns):
        spec = specs[index] if specs is not None else spec_for(module, column.name)
        value = getattr(record, spec.attr if spec else column.name, None)
        if column.name in module.references or column.name == "owner_id":
            out.append(refs.cell(module, column.name, value))
            continue
        text = format_value(spec, value)
        if column.link and not text:
            text = title(module, record, g.relay)
        url = record_url(link_module or module.name, record.id) if column.link else None
        kind = column_kind(spec, column.name)
        if url and kind != "date":  # a link is a link: no badge, no number alignment
            kind = ""
        out.append(Cell(text, url, empty=not text, kind=kind, tone=status_tone(value) if kind == "status" else ""))
    return out


def column_specs(module, columns) -> list:
    return [spec_for(module, column.name) for column in columns]


def detail_fields(module, record, refs: References) -> list[tuple[FieldSpec, Cell]]:
    out = []
    for spec in field_specs(module):
        value = getattr(record, spec.attr, None)
        if spec.when_set and value in (None, ""):
            continue
        if spec.reference or spec.name == "owner_id":
            cell = refs.cell(module, spec.name, value)
        else:
            text = format_value(spec, value)
            kind = "status" if column_kind(spec, spec.name) == "status" else ""
            cell = Cell(text, empty=not text, kind=kind, tone=status_tone(value) if kind else "")
        out.append((spec, cell))
    return out


def plain_cells(record, columns) -> list[Cell]:
    """Cells of a record whose module is not registered (a plugin's list of foreign rows)."""
    out = []
    for column in columns:
        value = getattr(record, column.name, None) if not isinstance(record, dict) else record.get(column.name)
        text = "" if value is None else str(value)
        out.append(Cell(text, empty=not text))
    return out
