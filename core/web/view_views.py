"""The pages of custom views (B10) on every list: "New view", edit and delete. A view's form holds
its name, filters as rows of field / operator / value, the columns to show in order, a sort, and
whether it is shared with the organisation; nothing is saved while a field is wrong (each error
beside its field). The list page shows a view with ``?view=<id>`` (:mod:`.module_views`)."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import login_required
from ..record_lists import sort_keys
from ..records import Invalid, NotFound
from ..reports.filters import NO_VALUE
from ..reports.views import create_view, delete_view, get_view, may_change, update_view, view_columns
from .module_views import bp, load_module
from .filter_words import OPERATOR_LABELS
from .view_fields import column_label, filter_fields


def _changeable(module, view_id: int):
    try:
        view = get_view(module, g.tenant, g.user, view_id)
    except NotFound:
        abort(404)
    if not may_change(view, g.user):
        abort(403)
    return view


def posted_view() -> dict:
    """The posted form as a view's input: the rows whose field or value is filled, in order."""
    rows = zip(request.form.getlist("filter_field"), request.form.getlist("filter_op"),
               request.form.getlist("filter_value"))
    filters = [{"field": field, "op": op, **({} if op in NO_VALUE else {"value": value.strip()})}
               for field, op, value in rows if field or value.strip()]
    return {"name": request.form.get("name", ""), "shared": request.form.get("shared") == "true",
            "filters": filters, "columns": request.form.getlist("columns"), "sort": request.form.get("sort", "")}


def _render(module, values: dict, errors: dict, view=None, status: int = 200):
    fields = filter_fields(module, {f["field"]: f.get("value") for f in values["filters"]})
    chosen = [c for c in values["columns"] if any(c == f.name for f in fields) or c == "id"]
    names = [*chosen, *(f.name for f in fields if f.name not in chosen)]
    columns = [(name, column_label(module, name), name in chosen) for name in names]
    known = {"name", "shared", "filters", "columns", "sort"}
    general = [f"{key}: {' '.join(messages)}" for key, messages in errors.items() if key.split(".")[0] not in known]
    sorts = [(key, f"{column_label(module, key.lstrip('-'))} {'↓' if key.startswith('-') else '↑'}")
             for key in sort_keys(module)]
    heading = _("Edit view: %(name)s", name=view.name) if view is not None else _("New view")
    return render_template(
        "module/view_form.html", module=module, values=values, errors=errors, general=general, heading=heading,
        fields=fields, rows=_rows(values["filters"], errors, {f.name: f for f in fields}), no_value=NO_VALUE,
        operators=OPERATOR_LABELS, columns=columns, sorts=sorts,
        column_errors=[m for key, messages in errors.items() if key.split(".")[0] == "columns" for m in messages],
        list_url=url_for("modules.index", module=module.name, **({"view": view.id} if view is not None else {}))), status


def _rows(filters: list[dict], errors: dict, fields: dict) -> list[dict]:
    """The form's filter rows: each filter with its field, the operators it takes and its errors
    (the field's beside the field, the others beside the value), then a blank row to fill."""
    rows = []
    for index, filt in enumerate([*filters, {"field": "", "op": "eq", "value": ""}]):
        key = f"filters.{index}"
        field = fields.get(filt.get("field"))
        mine = {k: v for k, v in errors.items() if k == key or k.startswith(key + ".")}
        value = filt.get("value", "")
        rows.append({"field": field, "name": filt.get("field", ""), "op": filt.get("op", "eq"),
                     "value": ", ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value)),
                     "ops": field.ops if field is not None else list(OPERATOR_LABELS),
                     "field_errors": mine.pop(f"{key}.field", []),
                     "value_errors": [m for messages in mine.values() for m in messages]})
    return rows


def _saved(module, view, message: str):
    flash(message, "success")
    return redirect(url_for("modules.index", module=module.name, view=view.id))


@bp.route("/m/<module:module>/views/new", methods=["GET", "POST"])
@login_required
def view_new(module):
    module = load_module(module)
    if request.method == "POST":
        values = posted_view()
        try:
            view = create_view(module, g.tenant, g.user, values)
        except Invalid as exc:
            return _render(module, values, exc.errors, status=422)
        return _saved(module, view, _("View “%(name)s” created.", name=view.name))
    return _render(module, {"name": "", "shared": False, "filters": [], "columns": view_columns(module, None),
                            "sort": ""}, {})


@bp.route("/m/<module:module>/views/<id:view_id>/edit", methods=["GET", "POST"])
@login_required
def view_edit(module, view_id):
    module = load_module(module)
    view = _changeable(module, view_id)
    if request.method == "POST":
        values = posted_view()
        try:
            update_view(module, view, values)
        except Invalid as exc:
            return _render(module, values, exc.errors, view=view, status=422)
        return _saved(module, view, _("View “%(name)s” saved.", name=view.name))
    values = {"name": view.name, "shared": view.shared, "filters": view.filters,
              "columns": view_columns(module, view), "sort": view.sort}
    return _render(module, values, {}, view=view)


@bp.route("/m/<module:module>/views/<id:view_id>/delete", methods=["POST"])
@login_required
def view_delete(module, view_id):
    module = load_module(module)
    view = _changeable(module, view_id)
    delete_view(view)
    flash(_("View “%(name)s” deleted.", name=view.name), "success")
    return redirect(url_for("modules.index", module=module.name))
