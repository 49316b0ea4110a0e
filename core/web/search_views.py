"""The global search (C10): the top bar's search box answers with the records of every module
the user may view that the words find, grouped by module, each linking to its record, and a
link to the module's list searched the same way for the rest."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..auth import login_required
from ..inputs import unstorable, unstorable_message
from ..records import title
from ..search.everywhere import search_everywhere
from .display import References, cells, column_specs, record_url

bp = Blueprint("search", __name__)
#: columns shown under each result's title (the record's customer, date, status ...)
DETAILS = 3


def _details(module, records) -> dict:
    """``{record id: [text, ...]}``: a few of the list's columns, as its list shows them."""
    columns = [c for c in module.columns if not c.link][:DETAILS]
    refs = References()
    refs.prefetch(module, records, [c.name for c in columns])
    specs = column_specs(module, columns)
    return {r.id: [c.text for c in cells(module, r, columns, refs, specs=specs) if c.text] for r in records}


@bp.route("/search")
@login_required
def index():
    q = request.args.get("q", "").strip()
    if unstorable(q):
        abort(400, description=_("Search: %(message)s", message=unstorable_message()))
    registry, groups = current_app.extensions["finsuite"], []
    for found in search_everywhere(registry, g.user, g.tenant, g.apps, q):
        module, details = found.module, _details(found.module, found.records)
        app = registry.manifests.get(module.app) if module.app else None
        groups.append({
            "key": module.name, "label": tr(module.label), "app": tr(app.label) if app else "", "total": found.total,
            "all_url": url_for("modules.index", module=module.name, q=q),
            "results": [{"title": title(module, r, g.relay), "url": record_url(module.name, r.id),
                         "details": details.get(r.id, [])} for r in found.records]})
    return render_template("search.html", q=q, groups=groups)
