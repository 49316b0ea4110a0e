"""My API tokens: any logged-in user lists, creates (the secret is shown once) and revokes theirs."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import login_required
from ..inputs import unstorable, unstorable_message
from ..models import ApiToken

bp = Blueprint("tokens", __name__, url_prefix="/tokens")


def _mine():
    return list(ApiToken.select().where(ApiToken.user == g.user).order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    secret = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()[:100] or _("API token")
        if unstorable(name):
            flash(_("Token name: %(message)s", message=unstorable_message()), "error")
            return render_template("tokens.html", tokens=_mine(), secret=None), 422
        secret = ApiToken.issue(g.user, name)
        flash(_("Token %(name)s created. Copy it now: it will not be shown again.", name=name), "success")
    return render_template("tokens.html", tokens=_mine(), secret=secret)


@bp.route("/<id:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    token = ApiToken.select().where((ApiToken.id == token_id) & (ApiToken.user == g.user)).first()
    if token is None:
        abort(404)
    token.delete_instance()
    flash(_("Token %(name)s revoked.", name=token.name), "success")
    return redirect(url_for("tokens.index"))
