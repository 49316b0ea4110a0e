"""Setup (admins only): the index, users, and the plugins enabled for this organisation.
Profiles are in :mod:`.profile_views`."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import admin_required, set_active, set_password
from ..db import db
from ..inputs import unstorable, unstorable_message
from ..login_throttle import locked_emails, unlock
from ..models import EmailLog, Profile, User
from ..models.mail import FAILED
from ..plugin_faults import faults as plugin_faults
from ..provisioning import ProvisioningError, create_user
from ..records import audit
from ..sorting import ascending
from ..tenancy import DependencyError, set_enabled

bp = Blueprint("setup", __name__, url_prefix="/setup")
MIN_PASSWORD = 8


def tenant_profiles():
    return list(Profile.select().where(Profile.tenant == g.tenant).order_by(*ascending(Profile.name)))


def tenant_user(user_id: int) -> User:
    user = User.select().where((User.tenant == g.tenant) & (User.id == user_id)).first()
    if user is None:
        abort(404)
    return user


@bp.route("/")
@admin_required
def index():
    registry = current_app.extensions["finsuite"]
    return render_template("setup/index.html",
                           users=User.select().where(User.tenant == g.tenant).count(),
                           profiles=Profile.select().where(Profile.tenant == g.tenant).count(),
                           apps=len(registry.app_names), enabled=len(g.apps), failures=len(registry.failures),
                           faults=len(plugin_faults(g.tenant.id)),
                           emails=EmailLog.select().where(EmailLog.tenant == g.tenant).count(),
                           failed_emails=EmailLog.select().where((EmailLog.tenant == g.tenant)
                                                                 & (EmailLog.status == FAILED)).count())


@bp.route("/users")
@admin_required
def users():
    rows = list(User.select(User, Profile).join(Profile).where(User.tenant == g.tenant)
                .order_by(*ascending(User.name, User.email)))
    return render_template("setup/users.html", users=rows, locked=locked_emails([u.email for u in rows]))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@admin_required
def unlock_user(user_id):
    """Forget the failed sign-ins of a user's e-mail, so they may sign in at once (audited)."""
    user = tenant_user(user_id)
    with db.atomic():
        unlock(user.email)
        audit(g.tenant, g.user, "users", user.id, "sign_in_unlocked")
    flash(_("%(email)s may sign in again.", email=user.email), "success")
    return redirect(url_for("setup.users"))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    errors, form = {}, request.form
    if request.method == "POST":
        profile = next((p for p in tenant_profiles() if str(p.id) == form.get("profile_id")), None)
        if profile is None:
            errors["profile_id"] = _("Choose a profile.")
        if unstorable(form.get("name", "")) or unstorable(form.get("email", "")):
            errors["name" if unstorable(form.get("name", "")) else "email"] = unstorable_message()
        if len(form.get("password", "")) < MIN_PASSWORD:
            errors["password"] = _("The password needs at least %(n)d characters.", n=MIN_PASSWORD)
        if not errors:
            try:
                user = create_user(g.tenant, form.get("email", ""), form["password"], profile=profile.name,
                                   name=form.get("name", "").strip())
            except ProvisioningError as exc:
                errors["email"] = str(exc)
            else:
                flash(_("User %(email)s created.", email=user.email), "success")
                return redirect(url_for("setup.users"))
    return render_template("setup/user_form.html", user=None, form=form, errors=errors,
                           profiles=tenant_profiles()), (422 if errors else 200)


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id):
    user = tenant_user(user_id)
    errors, form = {}, request.form
    if request.method == "POST":
        profile = next((p for p in tenant_profiles() if str(p.id) == form.get("profile_id")), None)
        active = "is_active" in form
        if profile is None:
            errors["profile_id"] = _("Choose a profile.")
        elif user.id == g.user.id and (not active or not profile.is_admin):
            errors["profile_id"] = _("You cannot take away your own administrator access.")
        if unstorable(form.get("name", "")):
            errors["name"] = unstorable_message()
        if not errors:
            user.name, user.profile = form.get("name", "").strip(), profile
            with db.atomic():
                set_active(user, active)
                user.save()
            flash(_("User %(email)s saved.", email=user.email), "success")
            return redirect(url_for("setup.users"))
    return render_template("setup/user_form.html", user=user, form=form, errors=errors,
                           profiles=tenant_profiles()), (422 if errors else 200)


@bp.route("/users/<id:user_id>/password", methods=["POST"])
@admin_required
def user_password(user_id):
    user = tenant_user(user_id)
    password = request.form.get("password", "")
    if len(password) < MIN_PASSWORD:
        flash(_("The password needs at least %(n)d characters.", n=MIN_PASSWORD), "error")
        return redirect(url_for("setup.edit_user", user_id=user.id))
    set_password(user, password)
    flash(_("Password changed; %(email)s was logged out everywhere.", email=user.email), "success")
    if user.id == g.user.id:
        return redirect(url_for("auth.login"))
    return redirect(url_for("setup.edit_user", user_id=user.id))


@bp.route("/plugins")
@admin_required
def plugins():
    registry = current_app.extensions["finsuite"]
    apps = [{"manifest": registry.manifests[name], "enabled": name in g.apps,
             "tab": next((t for t in registry.tabs if t.app == name), None)} for name in registry.app_names]
    return render_template("setup/plugins.html", apps=apps, failures=registry.failures,
                           faults=plugin_faults(g.tenant.id))


@bp.route("/plugins/<name>", methods=["POST"])
@admin_required
def toggle_plugin(name):
    registry = current_app.extensions["finsuite"]
    if name not in registry.app_names:
        abort(404)
    enable = request.form.get("enabled") == "1"
    label = registry.manifests[name].label
    try:
        set_enabled(registry, g.tenant, name, enable)
    except DependencyError as exc:
        flash(str(exc), "error")
    else:
        flash(_("%(app)s enabled.", app=label) if enable else _("%(app)s disabled; its data is kept.", app=label),
              "success")
    return redirect(url_for("setup.plugins"))
