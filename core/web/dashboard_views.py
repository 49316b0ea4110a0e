"""The Dashboards tab (B12): a dashboard's grid of cards, each loading its component's result
from ``/dashboards/<id>/components/<n>/data`` (the session's JSON, as the charts draw it);
an edit mode whose small forms add, remove, move, resize and re-chart components, and make,
rename, share and delete dashboards. Every change goes through :mod:`core.reports.dashboards`."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import login_required
from ..ids import parse_id
from ..records import Invalid, NotFound
from ..reports import folder_label
from ..reports.dashboard_input import WIDTHS
from ..reports.dashboards import (
    can_change, component_data, create_dashboard, dashboards_for, default_dashboards, delete_dashboard,
    get_dashboard, open_reports, shown_components, update_dashboard,
)

bp = Blueprint("dashboards", __name__, url_prefix="/dashboards")
OPS = ("left", "right", "remove", "width", "chart")


def _context() -> tuple:
    return current_app.extensions["finsuite"], g.tenant, g.user, g.apps


def _dashboard(dashboard_id: int):
    try:
        return get_dashboard(*_context(), dashboard_id)
    except NotFound:
        abort(404)


def chart_labels() -> dict:
    return {"bar": _("Bar chart"), "line": _("Line chart"), "pie": _("Pie chart"), "number": _("Number"),
            "table": _("Table")}


def _render(dashboard, errors: dict | None = None, form: dict | None = None, status: int = 200):
    registry, tenant, user, apps = _context()
    reports = open_reports(registry, tenant, user, apps)
    editable = dashboard is not None and can_change(user, dashboard)
    folders: dict[str, list] = {}
    for entry in reports.values():
        folders.setdefault(folder_label(registry, entry.folder, apps), []).append(entry)
    errors, form = errors or {}, form or {}
    return render_template(
        "dashboards/page.html", dashboard=dashboard, dashboards=dashboards_for(registry, tenant, user, apps),
        shown=shown_components(dashboard, reports) if dashboard is not None else [], editable=editable,
        edit=editable and (request.args.get("edit") == "1" or (bool(errors) and form.get("_form") != "new")),
        folders=folders,
        creating=dashboard is None or request.args.get("new") == "1" or form.get("_form") == "new",
        defaults=[d for d in default_dashboards(registry) if d.app is None or d.app in apps],
        charts=chart_labels(), widths=[(w, _("%(n)s of 4 columns", n=w)) for w in WIDTHS], errors=errors,
        other_errors=_other_errors(errors, form), form=form), status


def _other_errors(errors: dict, form: dict) -> list[str]:
    """The messages no form field shows (a width or chart set on a card)."""
    beside = {"new": ("name", "based_on"), "settings": ("name", "shared"),
              "add": (f"components.{form.get('_index')}.report",)}.get(form.get("_form"), ())
    return [message for key, messages in errors.items() if key not in beside for message in messages]


@bp.get("/")
@login_required
def index():
    chosen = parse_id(request.args.get("d", ""))
    dashboards = dashboards_for(*_context())
    for dashboard in dashboards:
        if chosen is None or dashboard.id == chosen:
            extra = {"new": "1"} if request.args.get("new") else {}
            return redirect(url_for(".show", dashboard_id=dashboard.id, **extra))
    if chosen is not None:
        abort(404)
    return _render(None)


@bp.get("/<id:dashboard_id>")
@login_required
def show(dashboard_id: int):
    return _render(_dashboard(dashboard_id))


@bp.get("/<id:dashboard_id>/components/<int:index>/data")
@login_required
def component(dashboard_id: int, index: int):
    """One component's result as JSON (``result_json``), or ``{"message"}`` with 404 / 422."""
    registry, tenant, user, apps = _context()
    try:
        dashboard = get_dashboard(registry, tenant, user, apps, dashboard_id)
    except NotFound as exc:
        return jsonify(message=str(exc)), 404
    for shown in shown_components(dashboard, open_reports(registry, tenant, user, apps)):
        if shown.index == index:
            data = component_data(registry, tenant, user, shown)
            return (jsonify(data["result"]), 200) if data["error"] is None else (jsonify(message=data["error"]), 422)
    return jsonify(message=_("This component is not on the dashboard.")), 404


def _changed(dashboard, data: dict, message: str, form: dict | None = None):
    """Apply ``data`` to ``dashboard``; back to its edit mode, or its page with the errors (422)."""
    try:
        update_dashboard(*_context(), dashboard, data)
    except Invalid as exc:
        return _render(dashboard, exc.errors, form or {}, 422)
    flash(message, "success")
    return redirect(url_for(".show", dashboard_id=dashboard.id, edit="1"))


def _number(value: str):
    """A whole number typed in a form (``"3"``), or the text as typed for the check to name."""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else value


@bp.post("/")
@login_required
def create():
    form = request.form
    data = {"name": form.get("name", ""), "shared": form.get("shared") == "true"}
    if form.get("based_on"):
        data["based_on"] = form["based_on"]
    current = _dashboard(parse_id(form.get("from", ""))) if parse_id(form.get("from", "")) else None
    try:
        dashboard = create_dashboard(*_context(), data)
    except Invalid as exc:
        return _render(current, exc.errors, {**form.to_dict(), "_form": "new"}, 422)
    flash(_("Dashboard %(name)s created.", name=dashboard.name), "success")
    return redirect(url_for(".show", dashboard_id=dashboard.id, edit="1"))


@bp.post("/<id:dashboard_id>/settings")
@login_required
def settings(dashboard_id: int):
    dashboard = _dashboard(dashboard_id)
    data = {"name": request.form.get("name", "")}
    if dashboard.owner_id is not None:
        data["shared"] = request.form.get("shared") == "true"
    return _changed(dashboard, data, _("Dashboard saved."), {**request.form.to_dict(), "_form": "settings"})


@bp.post("/<id:dashboard_id>/delete")
@login_required
def delete(dashboard_id: int):
    dashboard = _dashboard(dashboard_id)
    delete_dashboard(g.user, dashboard)
    flash(_("Dashboard %(name)s deleted.", name=dashboard.name), "success")
    return redirect(url_for(".index"))


def _visible(dashboard) -> list:
    registry, tenant, user, apps = _context()
    return shown_components(dashboard, open_reports(registry, tenant, user, apps))


@bp.post("/<id:dashboard_id>/components")
@login_required
def add(dashboard_id: int):
    dashboard = _dashboard(dashboard_id)
    form = request.form
    item = {"report": form.get("report", ""), "width": _number(form.get("width", "2"))}
    if form.get("chart"):
        item["chart"] = form["chart"]
    if form.get("label", "").strip():
        item["label"] = form["label"]
    items = [s.stored() for s in _visible(dashboard)]
    return _changed(dashboard, {"components": [*items, item]}, _("Component added."),
                    {**form.to_dict(), "_form": "add", "_index": str(len(items))})


@bp.post("/<id:dashboard_id>/components/<int:index>")
@login_required
def change(dashboard_id: int, index: int):
    """``op``: ``left`` / ``right`` (swap with the neighbour the user sees), ``remove``,
    ``width`` or ``chart`` (to ``value``)."""
    dashboard = _dashboard(dashboard_id)
    shown = _visible(dashboard)
    place = next((n for n, s in enumerate(shown) if s.index == index), None)
    op = request.form.get("op", "")
    if place is None or op not in OPS:
        abort(404 if place is None else 400)
    items = [s.stored() for s in shown]
    if op in ("left", "right"):
        other = place - 1 if op == "left" else place + 1
        if 0 <= other < len(items):
            items[place], items[other] = items[other], items[place]
    elif op == "remove":
        items.pop(place)
    else:
        value = request.form.get("value", "")
        items[place][op] = _number(value) if op == "width" else value
    messages = {"remove": _("Component removed."), "left": _("Component moved."), "right": _("Component moved."),
                "width": _("Component resized."), "chart": _("Chart changed.")}
    return _changed(dashboard, {"components": items}, messages[op])

