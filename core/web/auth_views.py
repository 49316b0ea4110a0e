"""Log in and out."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template_string, request, url_for

from .. import auth

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        user = auth.authenticate(request.form.get("email", ""), request.form.get("password", ""))
        if user is not None:
            auth.login(user)
            target = request.args.get("next") or ""
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("auth.home")
            return redirect(target)
        error = "Wrong e-mail or password."
    return render_template_string("<form method=post><input type=hidden name=csrf_token value='{{ csrf_token() }}'>"
                                  "<input name=email><input name=password type=password><button>Log in</button>{{ error or '' }}</form>",
                                  error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    auth.logout()
    return redirect(url_for("auth.login"))


@bp.route("/")
@auth.login_required
def home():
    return f"Hello {g.user.email}"
