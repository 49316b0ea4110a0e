"""Setup > Profiles: the permission grid of each profile of the organisation."""
from __future__ import annotations

from itertools import groupby

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from peewee import fn

from ..auth import admin_required
from ..inputs import unstorable, unstorable_message
from ..models import Profile, User
from ..permissions import all_permissions
from ..sorting import ascending
from .setup_views import bp


def permission_groups() -> list[tuple[str, list]]:
    """Permissions grouped by their group, groups in first-seen order."""
    perms = all_permissions(current_app.extensions["finsuite"])
    order = {}
    for p in perms:
        order.setdefault(p.group, len(order))
    ordered = sorted(perms, key=lambda p: order[p.group])
    return [(group, list(items)) for group, items in groupby(ordered, key=lambda p: p.group)]


def tenant_profile(profile_id: int) -> Profile:
    profile = Profile.select().where((Profile.tenant == g.tenant) & (Profile.id == profile_id)).first()
    if profile is None:
        abort(404)
    return profile


@bp.route("/profiles")
@admin_required
def profiles():
    counts = dict(User.select(User.profile, fn.COUNT(User.id)).where(User.tenant == g.tenant)
                  .group_by(User.profile).tuples())
    rows = Profile.select().where(Profile.tenant == g.tenant).order_by(*ascending(Profile.name))
    return render_template("setup/profiles.html", profiles=[(p, counts.get(p.id, 0)) for p in rows])


def _save(profile: Profile | None):
    name = request.form.get("name", "").strip()
    known = {p.key for _group, items in permission_groups() for p in items}
    grants = [k for k in request.form.getlist("grant") if k in known]
    clash = Profile.select().where((Profile.tenant == g.tenant) & (Profile.name == name))
    if profile is not None:
        clash = clash.where(Profile.id != profile.id)
    if not name:
        return _("Give the profile a name.")
    if unstorable(name):
        return unstorable_message()
    if clash.exists():
        return _("A profile named %(name)s already exists.", name=name)
    if profile is None:
        profile = Profile(tenant=g.tenant, is_admin=False)
    profile.name = name
    if not profile.is_admin:
        profile.grants = grants
    profile.save()
    flash(_("Profile %(name)s saved.", name=name), "success")
    return None


@bp.route("/profiles/new", methods=["GET", "POST"])
@admin_required
def new_profile():
    error = _save(None) if request.method == "POST" else None
    if request.method == "POST" and error is None:
        return redirect(url_for("setup.profiles"))
    granted = set(request.form.getlist("grant"))
    return render_template("setup/profile_form.html", profile=None, name=request.form.get("name", ""),
                           granted=granted, groups=permission_groups(), error=error), (422 if error else 200)


@bp.route("/profiles/<id:profile_id>", methods=["GET", "POST"])
@admin_required
def edit_profile(profile_id):
    profile = tenant_profile(profile_id)
    error = _save(profile) if request.method == "POST" else None
    if request.method == "POST" and error is None:
        return redirect(url_for("setup.profiles"))
    granted = set(request.form.getlist("grant")) if error else set(profile.grants)
    return render_template("setup/profile_form.html", profile=profile, name=request.form.get("name", profile.name),
                           granted=granted, groups=permission_groups(), error=error), (422 if error else 200)
