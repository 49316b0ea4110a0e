"""A page written over since it was read (C8): the version a form or a button carries, and the
other people's changes shown to the user (who, when, which fields)."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from ..i18n import format_moment, translate_declared as tr
from ..changes import Stale
from .fields import field_specs


def posted_version() -> set[int] | None:
    """The version the page was read at (its form's hidden ``_version``); ``None`` for a form
    that carries none (no check, as before versions were kept); an unreadable one matches none."""
    value = request.form.get("_version")
    if value is None:
        return None
    value = value.strip()
    return {int(value)} if value.isascii() and value.isdigit() and len(value) <= 18 else set()


def conflict_view(module, conflict: Stale | None) -> list[dict] | None:
    """The writes a stale page missed: who, when, each field's label and new value."""
    if conflict is None:
        return None
    labels = {}
    for spec in field_specs(module):
        labels[spec.name] = labels[spec.attr] = spec.label
    if module.line_items is not None:
        labels[module.line_items.field] = _("Line items")
    return [{"who": change.user or _("the finance application"), "at": format_moment(change.at),
             "fields": [(labels.get(name, name), shown_value(value)) for name, value in change.fields.items()],
             "action": change.action} for change in conflict.changes]


def stale_message(module, conflict: Stale) -> str:
    """One sentence for a button pressed on a stale page (an action, Delete): nothing was done,
    and what changed since, by whom."""
    changes = "; ".join(
        _("%(who)s, %(when)s: %(what)s", who=c["who"], when=c["at"],
          what=", ".join(str(label) for label, _value in c["fields"]) or c["action"])
        for c in conflict_view(module, conflict) or [])
    return _("Nothing was done: this %(singular)s has been changed since you opened it (%(changes)s). "
             "Look at it as it is now and try again.", singular=tr(module.singular).lower(), changes=changes)


def shown_value(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, list):
        return _("%(n)s lines", n=len(value)) if all(isinstance(v, dict) for v in value) else ", ".join(map(str, value))
    return str(value)
