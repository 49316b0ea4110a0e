"""Filters in words, the same on a view's form, a report's page and the report builder: each
operator's label, the hint added where a value is typed as text, and a filter as a sentence
("Due date is in the next 5 days", "Account is this record Acme")."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext

OPERATOR_LABELS = {
    "eq": lazy_gettext("equals"), "ne": lazy_gettext("does not equal"), "contains": lazy_gettext("contains"), "starts": lazy_gettext("starts with"),
    "lt": lazy_gettext("is less than"), "gt": lazy_gettext("is greater than"), "lte": lazy_gettext("is at most"), "gte": lazy_gettext("is at least"),
    "between": lazy_gettext("is between"), "in": lazy_gettext("is one of"), "is": lazy_gettext("is this record"),
    "empty": lazy_gettext("is empty"), "not_empty": lazy_gettext("is not empty"),
    "last_days": lazy_gettext("is in the last N days"), "next_days": lazy_gettext("is in the next N days"),
    "this_month": lazy_gettext("is this month"), "last_month": lazy_gettext("is last month"),
    "before_today": lazy_gettext("is before today"), "after_today": lazy_gettext("is after today"),
}
#: what a value typed as text looks like, for the operators that take several or an id
TYPED_HINTS = {"in": "(a,b,…)", "between": "(from,to)", "is": "(id)"}


def typed_operators() -> dict[str, str]:
    """The operators' labels where the value is typed in a text box (the report pages)."""
    return {op: f"{label} {TYPED_HINTS[op]}" if op in TYPED_HINTS else str(label)
            for op, label in OPERATOR_LABELS.items()}


def values_of(value, op: str) -> list:
    """A filter's value as a list: a list as it is, ``a,b`` for ``in`` and ``between``, else one."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str) and op in ("in", "between"):
        return [part.strip() for part in value.split(",")]
    return [value]


def sentence(field: str, op: str, values: list[str]) -> str:
    """A filter on the field labelled ``field`` as a sentence; ``values`` as shown to people."""
    text = ", ".join(values)
    if op == "next_days" and values:
        return _("%(field)s is in the next %(n)s days", field=field, n=text)
    if op == "last_days" and values:
        return _("%(field)s is in the last %(n)s days", field=field, n=text)
    if op == "between" and values:
        return _("%(field)s is between %(low)s and %(high)s", field=field, low=values[0], high=values[-1])
    return f"{field} {OPERATOR_LABELS.get(op, op)}" + (f" {text}" if values else "")
