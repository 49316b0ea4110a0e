"""Setup > Finance Suite: the apps' per-tenant settings (:class:`core.Setting`), e.g. Books'
deal-stage triggers (B13). Admins only, like the rest of the page."""
from __future__ import annotations

from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _

from ..auth import admin_required
from ..records import Invalid
from ..settings import set_setting, setting
from .finance_views import bp, render_page


def app_setting_rows() -> list[dict]:
    """The settings of the tenant's enabled apps, with their current values."""
    registry = current_app.extensions["finsuite"]
    return [{"setting": s, "value": setting(g.tenant, s.key), "app_label": registry.manifests[s.app].label}
            for s in registry.settings.values() if s.app in g.apps]


@bp.route("/settings", methods=["POST"])
@admin_required
def save_app_settings():
    errors = {}
    for row in app_setting_rows():
        key = row["setting"].key
        if key in request.form:
            try:
                set_setting(g.tenant, key, request.form[key])
            except Invalid as exc:
                errors.update(exc.errors)
    if errors:
        return render_page(422, errors_for="settings", errors=errors)
    flash(_("App settings saved."), "success")
    return redirect(url_for("finance_setup.index") + "#app-settings")
