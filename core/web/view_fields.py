"""What the pages of custom views (B10) show of a module: its fields with the operators each kind
takes and the values to choose from (a reference's records, a status's values), the columns of
a list seen through a view, and a filter in words."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, request
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..declarations import Column
from ..models import User
from ..record_lists import query_filters
from ..reports.catalogue import fields_of
from ..reports.filters import NO_VALUE, OPERATORS
from ..reports.views import may_change, view_columns, view_filters, visible_views
from ..sorting import ascending, sort_key
from ..ids import parse_id
from .fields import spec_for
from .filter_words import OPERATOR_LABELS, sentence, values_of

@dataclass
class FilterField:
    """A field a view's filter may name: its kind, the operators that kind takes, its choices."""

    name: str
    label: str
    kind: str
    ops: list[str]
    choices: list[tuple[str, str]] | None = field(default=None)


def operators_for(kind: str) -> list[str]:
    return [op for op in OPERATOR_LABELS if OPERATORS[op] is None or kind in OPERATORS[op]]


def _choices(module, name: str, kind: str, target: str, current):
    if kind == "user":
        users = User.select().where(User.tenant == g.tenant).order_by(*ascending(User.name, User.email))
        return [(str(u.id), str(u)) for u in users]
    if kind == "reference":
        from .form_views import reference_options  # the record forms' choices of a reference
        return reference_options(target, current)
    if kind == "boolean":
        return [("true", _("Yes")), ("false", _("No"))]
    spec = spec_for(module, name)
    return [(value, tr(label)) for value, label in spec.choices] if spec and spec.choices else None


def filter_fields(module, current: dict | None = None) -> list[FilterField]:
    """The module's fields a filter may name (its own id aside), by label; ``current``: the values
    chosen so far by field, kept among a reference's choices."""
    current = current or {}
    found = [FilterField(f.name, column_label(module, f.name), f.kind, operators_for(f.kind),
                         _choices(module, f.name, f.kind, f.target, current.get(f.name)))
             for f in fields_of(module).values() if f.name != "id"]
    return sorted(found, key=lambda f: sort_key(f.label))


def column_label(module, name: str) -> str:
    declared = next((c for c in module.columns if c.name == name), None)
    if declared is not None:
        return tr(declared.label)
    found = fields_of(module).get(name)
    return tr(found.label) if found is not None else name


def chosen_columns(module, view) -> list[str]:
    """The columns ``?columns=`` asks for (known fields only, in their order), else the view's
    or the module's."""
    known = fields_of(module)
    asked = [name for value in request.args.getlist("columns") for name in value.split(",") if name in known]
    return list(dict.fromkeys(asked)) or view_columns(module, view)


def list_columns(module, names: list[str]) -> list[Column]:
    """The columns of a list showing ``names``: the module's own where it declares them (its link
    to the record kept); the first column links to the record when none of them does."""
    declared = {c.name: c for c in module.columns}
    columns = [declared.get(name) or Column(name, column_label(module, name)) for name in names]
    if columns and not any(c.link for c in columns):
        columns[0] = Column(columns[0].name, columns[0].label, link=True)
    return columns


def describe(module, filt, refs=None) -> str:
    """A filter in words: "Total is greater than 100", "Account is this record Acme"."""
    fields = fields_of(module)
    found = fields.get(filt.field)
    label = column_label(module, filt.field) if found is not None else filt.field
    if filt.op in NO_VALUE or filt.value in (None, ""):
        return sentence(label, filt.op, [])
    value = filt.value
    if refs is not None and found is not None and found.kind in ("reference", "user") and found.name != "id":
        record_id = parse_id(value)
        value = (refs.cell(module, found.name, record_id).text if record_id else "") or value
    return sentence(label, filt.op, [str(v) for v in values_of(value, filt.op)])


def param_label(module, key: str) -> str:
    """A list parameter in words, for its error: ``total__gt`` is "Total is greater than"."""
    if key.startswith("view."):
        return _("View")
    name, _sep, op = key.rpartition("__") if "__" in key else (key, "", "eq")
    return f"{column_label(module, name)} {OPERATOR_LABELS[op]}" if op in OPERATOR_LABELS else key


def view_choices(module, view, refs, remove_url) -> dict:
    """What a list page shows of custom views: the selector's views (the user's, then the shared
    ones of others), the view's filters in words, whether the user may change it; the engine's
    filters of the query string as chips (``remove_url(param)`` drops one) and the parameters a
    search keeps."""
    views = visible_views(module, g.tenant, g.user)
    extra = query_filters(module, request.args.to_dict())
    keep = [(param, request.args[param]) for param, _filt in extra]
    return {"view": view, "my_views": [v for v in views if v.owner_id == g.user.id],
            "shared_views": [v for v in views if v.owner_id != g.user.id],
            "can_change_view": view is not None and may_change(view, g.user),
            "view_summary": [describe(module, filt, refs) for _key, filt in view_filters(view)] if view else [],
            "query_chips": [{"label": describe(module, filt, refs), "remove_url": remove_url(param)}
                            for param, filt in extra],
            "keep_params": ([("view", view.id)] if view is not None else []) + keep}
