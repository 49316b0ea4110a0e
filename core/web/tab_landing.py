"""A tab's landing page (issue 17, item 10): per module of the tab, its records by status
(each a link to the list filtered on it, what needs attention first: overdue, then drafts) and
the ones changed last, instead of bare counts."""
from __future__ import annotations

from flask import g, url_for
from flask_babel import gettext as _
from peewee import fn

from ..i18n import translate_declared as tr
from ..records import title
from .display import Cell, format_value, record_url, status_tone
from .fields import spec_for

RECENT = 5
#: statuses that ask for a user's attention come first
ATTENTION = ("overdue", "draft", "partially_paid", "submitted", "pending", "unreported", "sent", "open")


def _by_status(module, query) -> list[dict]:
    if "status" not in module.filter_fields or not hasattr(module.model, "status"):
        return []
    spec = spec_for(module, "status")
    model = module.model
    counts = dict(query.select(model.status, fn.COUNT(model.id)).group_by(model.status).tuples())
    order = {status: index for index, status in enumerate(ATTENTION)}
    ranked = sorted(counts.items(), key=lambda pair: (order.get(pair[0], len(order)), str(pair[0])))
    return [{"label": format_value(spec, status) or _("No status"), "count": count, "tone": status_tone(status),
             "url": url_for("modules.index", module=module.name, status=status)}
            for status, count in ranked if status]


def _recent(module, query) -> list[dict]:
    model = module.model
    order = model.updated_at.desc() if hasattr(model, "updated_at") else model.id.desc()
    status_spec = spec_for(module, "status")
    money_spec = spec_for(module, "total") if hasattr(model, "total") else None
    rows = []
    for record in query.order_by(order, model.id.desc()).limit(RECENT):
        status = getattr(record, "status", None)
        rows.append({"title": title(module, record, g.relay), "url": record_url(module.name, record.id),
                     "status": Cell(format_value(status_spec, status), kind="status", tone=status_tone(status))
                     if status else None,
                     "amount": format_value(money_spec, record.total) if money_spec else ""})
    return rows


def landing(module) -> dict:
    """What the tab shows of ``module`` (visible to the user: the caller checks)."""
    query = module.model.scoped(g.tenant)
    return {"label": tr(module.label), "installed": True, "name": module.name,
            "url": url_for("modules.index", module=module.name), "count": query.count(),
            "statuses": _by_status(module, query), "recent": _recent(module, query)}
