"""A record page's strips, each figure a link to what makes it up (issue 17, item 6), and the page
"Documents behind this figure": every document an amount sums, each linking to its record, with
their sum checked against the figure (``core/figures.py`` reads them)."""
from __future__ import annotations

from decimal import Decimal

from flask import abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import login_required
from ..declarations import FigureDocuments, ListLink
from ..documents.customer import STATUS_LABELS
from ..figures import documents_behind
from ..i18n import Composed, format_day, format_money, translate_declared as tr
from ..pages import detail_strips
from ..records import title
from .display import record_url, status_tone
from .module_views import bp, load_module, load_record
from .nav import module_visible


def strip_value(value) -> str:
    """A strip figure: a ``Decimal`` is an amount in the tenant's currency; text is shown as given."""
    if isinstance(value, Decimal):
        return format_money(value)
    if isinstance(value, Composed):  # a declared text ("Not synced yet")
        return tr(value)
    return "" if value is None else str(value)


def item_link(module, record, strip, item) -> tuple[str, str] | None:
    """``(url, what it lists)`` of a strip item's link; ``None`` when it has none, or names a
    list the user may not open."""
    link = item.link
    if isinstance(link, ListLink):
        target = current_app.extensions["finsuite"].modules.get(link.module)
        if target is None or not module_visible(target, g.user):
            return None
        what = tr(link.title) if link.title else _("The %(records)s behind this figure",
                                                  records=tr(target.label).lower())
        return url_for("modules.index", module=target.name, **link.filters), what
    if isinstance(link, FigureDocuments):
        url = url_for("modules.figure", module=module.name, record_id=record.id, strip=strip.key, item=item.label)
        return url, tr(link.title) if link.title else _("The documents behind this figure")
    return None


def _entry(module, record, strip, item) -> dict:
    link = item_link(module, record, strip, item) if not item.detail else None
    hint = tr(item.hint) if item.hint else ""
    return {"label": tr(item.label), "value": strip_value(item.value), "hint": hint, "detail": item.detail,
            "url": link[0] if link else None,
            "link_title": (_("%(hint)s. %(what)s", hint=hint, what=link[1]) if hint else link[1]) if link else ""}


def strip_panels(module, record) -> list[dict]:
    """The strips of ``record``'s page as ``module/_strip.html`` shows them."""
    return [{"label": tr(s.label), "entries": [_entry(module, record, s, i) for i in s.items]}
            for s in detail_strips(g.relay, module, record, g.user)]


def _row(row, registry, app: str) -> dict:
    """One document as the page shows it, named with its app (``app``: the figure's, for one only
    the finance application holds); its record's link when the CRM has one."""
    origin = None
    if row.origin is not None and row.origin[1] is not None:
        source, found = row.origin
        origin = {"text": _("From %(kind)s %(title)s", kind=tr(source.singular).lower(),
                            title=title(source, found, g.relay)),
                  "url": record_url(source.name, found.id)}
    kind = tr(registry.app_label(row.module.app)) if row.module is not None and row.module.app else app
    linked = row.record is not None
    return {"kind": _("%(app)s: %(kind)s", app=kind, kind=tr(row.kind)),
            "number": row.number or (title(row.module, row.record, g.relay) if linked else ""),
            "url": record_url(row.module.name, row.record.id) if linked else None,
            "date": format_day(row.date), "due_date": format_day(row.due_date),
            "status": tr(STATUS_LABELS.get(row.status, row.status.replace("_", " ").capitalize())),
            "tone": status_tone(row.status),
            "total": format_money(row.total) if row.total is not None else "", "balance": format_money(row.balance),
            "in_crm": linked, "origin": origin}


@bp.route("/m/<path:module>/<id:record_id>/figure/<strip>")
@login_required
def figure(module, record_id, strip):
    """Documents behind this figure: ``?item=`` names the figure (its label) in the strip
    ``strip`` of the record's page, as that page offers it to this user now."""
    module = load_module(module)
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    wanted = request.args.get("item", "")
    found = next(((s, i) for s in detail_strips(g.relay, module, record, g.user) if s.key == strip
                  for i in s.items if i.label == wanted and isinstance(i.link, FigureDocuments)), None)
    if found is None:
        abort(404)
    shown, item = found
    registry = current_app.extensions["finsuite"]
    listing = documents_behind(registry, g.tenant, g.apps, g.user, item.link, module, record)
    value = item.value if isinstance(item.value, Decimal) else None
    app = tr(registry.app_label(item.link.app))
    return render_template(
        "module/figure.html", module=module, record=record, title=title(module, record, g.relay),
        strip_label=tr(shown.label), label=tr(item.label), value=strip_value(item.value),
        what=tr(item.link.title) if item.link.title else "", app=app,
        rows=[_row(r, registry, app) for r in listing.rows], total=format_money(listing.total), listing=listing,
        comparable=value is not None, agrees=value is not None and value == listing.total,
        lists=[{"label": _("%(app)s: %(label)s", app=tr(registry.app_label(m.app)), label=tr(m.label)) if m.app else tr(m.label), "count": count,
                "url": url_for("modules.index", module=m.name, **params)} for m, params, count in listing.lists],
        record_url=record_url(module.name, record.id), back_url=url_for("modules.index", module=module.name))
