"""Setup > Organisation (issue 17, item 12): the legal name, address, tax id, contact and logo
heading every document the organisation prints; the current logo, served to its administrators."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from ..auth import admin_required
from ..organisation import FIELDS, LOGO_TYPES, MAX_LOGO_BYTES, logo_path, profile_of, save_profile
from ..records import Invalid
from .setup_views import bp


@bp.route("/organisation", methods=["GET", "POST"])
@admin_required
def organisation():
    profile, errors = profile_of(g.tenant), {}
    values = {name: getattr(profile, name) for name in FIELDS}
    if request.method == "POST":
        try:
            save_profile(g.tenant, g.user, request.form, logo=request.files.get("logo"),
                         remove_logo=request.form.get("logo-remove") == "1")
        except Invalid as exc:
            errors = exc.errors
            values = {name: request.form.get(name, "") for name in FIELDS}
        else:
            flash(_("The organisation's profile is saved: documents are headed with it."), "success")
            return redirect(url_for("setup.organisation"))
    return render_template("setup/organisation.html", values=values, errors=errors, profile=profile,
                           has_logo=logo_path(profile) is not None, accept=",".join(LOGO_TYPES),
                           max_bytes=MAX_LOGO_BYTES), (422 if errors else 200)


@bp.route("/organisation/logo")
@admin_required
def organisation_logo():
    """This organisation's logo (the address names no other), as an image never run as a page."""
    profile = profile_of(g.tenant)
    path = logo_path(profile)
    if path is None:
        abort(404)
    response = send_file(path, mimetype=profile.logo.content_type, conditional=False, etag=False, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
