"""Log in, log out, and the Home dashboard."""
from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import auth, login_throttle
from ..crm.models import Deal
from ..models import money_sum
from ..records import title
from .nav import module_visible

bp = Blueprint("auth", __name__)

CLOSED_STAGES = ("Closed Won", "Closed Lost")


def safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else ``None`` (no open redirects): the one
    check of every ``next=``. Refused: any control character or whitespace (browsers drop a tab,
    CR or LF, so ``/<tab>/evil.test`` is ``//evil.test``; CR/LF would also split the header), a
    backslash (read as ``/``), a scheme or host, and anything not starting with one ``/``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ch.isspace() or unicodedata.category(ch).startswith("C") for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if g.get("user") is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))
    email = request.form.get("email", "")
    if request.method == "GET":
        return render_template("login.html", error=None, email=email)
    address = request.remote_addr or ""
    attempt, wait = login_throttle.begin(email, address)
    if attempt is None:  # locked: answered before any password is hashed
        return (render_template("login.html", error=login_throttle.wait_message(wait), email=email), 429,
                {"Retry-After": str(wait)})
    user = auth.authenticate(email, request.form.get("password", ""))
    if user is None:
        login_throttle.failed(email, address)
        return render_template("login.html", error=_("Wrong e-mail or password."), email=email), 401
    login_throttle.succeeded(email)
    auth.login(user)
    return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))


@bp.route("/logout", methods=["POST"])
def logout():
    auth.logout()
    return redirect(url_for("auth.login"))


def _recent(module, user, limit=5):
    if not module_visible(module, user):
        return None
    rows = module.model.scoped(g.tenant).order_by(module.model.created_at.desc(), module.model.id.desc()).limit(limit)
    return [(row, title(module, row, g.relay)) for row in rows]


@bp.route("/")
@auth.login_required
def home():
    modules = current_app.extensions["finsuite"].modules
    accounts, contacts, deals = modules["accounts"], modules["contacts"], modules["deals"]
    figures = []
    for module, label in ((accounts, _("Accounts")), (contacts, _("Contacts")), (deals, _("Deals"))):
        if module_visible(module, g.user):
            figures.append({"label": label, "value": module.model.scoped(g.tenant).count(),
                            "url": url_for("modules.index", module=module.name)})
    open_amount = None
    if module_visible(deals, g.user):
        open_amount = (Deal.scoped(g.tenant, money_sum(Deal.amount))
                       .where(Deal.stage.not_in(CLOSED_STAGES)).scalar()) or 0
    recent = [(m, rows) for m, rows in ((accounts, _recent(accounts, g.user)),
                                        (contacts, _recent(contacts, g.user)),
                                        (deals, _recent(deals, g.user))) if rows is not None]
    return render_template("home.html", figures=figures, open_amount=open_amount, recent=recent)

