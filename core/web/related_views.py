"""The refresh icon of a related list (B3): pull the list's module from the finance application,
then show the list again, in place (for ``fetch``) or on the record's page."""
from __future__ import annotations

import logging

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..auth import login_required
from ..sync.jobs import pull
from .detail_views import offered_related, related_panel
from .display import References
from .module_views import bp, load_module, load_record

log = logging.getLogger(__name__)
#: the header ``finsuite.js`` sends: answer the panel's HTML instead of a redirect
FETCH_HEADER = ("X-Requested-With", "fetch")


def _offered(module, record, key: str):
    for rel in offered_related(module, record):
        if rel.key == key:
            return rel
    return None


def _pull(rel, page_module) -> str | None:
    """Pull the list's module and the page's own (its strip: receivables ...); the message to
    show when the finance application failed."""
    try:
        run = pull(current_app.extensions["finsuite"], g.tenant, modules={rel.module, page_module.name})
    except Exception as exc:  # a connector that cannot even start (no such connector ...)
        log.warning("refresh of %s for tenant %s failed: %s", rel.module, g.tenant.slug, exc)
        return _("Could not reach the finance application: %(error)s", error=str(exc) or type(exc).__name__)
    if run.state == "failed":
        return _("Could not reach the finance application: %(error)s", error=run.error)
    return None


@bp.route("/m/<path:module>/<id:record_id>/related/<key>/refresh", methods=["POST"])
@login_required
def related_refresh(module, record_id, key):
    """Read the latest records of one related list from the finance application (CSRF-checked,
    like every form; the list must be one this user is offered on this record)."""
    module = load_module(module)
    record = load_record(module, record_id)
    load_module(module.name, "view", record)
    rel = _offered(module, record, key)
    if rel is None or not rel.refreshable:
        abort(404)
    error = _pull(rel, module)
    fresh = _offered(module, record, key) or rel  # the records as they are after the pull
    if request.headers.get(FETCH_HEADER[0]) == FETCH_HEADER[1]:
        panel = related_panel(module, record, fresh, References(), error=error)
        return render_template("module/_related.html", rel=panel)
    if error:
        flash(error, "error")
    else:
        flash(_("%(label)s refreshed from the finance application.", label=tr(rel.label)), "success")
    return redirect(url_for("modules.detail", module=module.name, record_id=record.id) + f"#related-{key}")
