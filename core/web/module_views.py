"""Generic pages for any registered module, the core's and the plugins': list, tab, delete,
status actions. Detail and forms are in :mod:`.detail_views` and :mod:`.form_views`."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..i18n import translate_declared as tr
from ..actions import run_action
from ..auth import login_required
from ..changes import Stale
from ..declarations import ActionCreated
from ..pages import status_actions
from ..permissions import can_module
from ..ids import parse_id
from ..record_lists import Page, filter_params, list_records
from ..records import Conflict, Invalid, NotFound, delete_record, get_record
from ..reports.catalogue import fields_of
from ..reports.views import get_view, view_filters
from .conflicts import posted_version, stale_message
from .tab_landing import landing
from .display import References, cells, column_kind, column_specs, record_url
from .fields import named_errors, spec_for
from .nav import module_visible, tab_allowed
from .view_fields import chosen_columns, list_columns, param_label, view_choices

bp = Blueprint("modules", __name__)
PER_PAGE_CHOICES = (10, 25, 50, 100)


def load_module(name: str, action: str = "view", record=None):
    """The module ``name`` for this tenant, or 404; the user's permission for ``action``, or 403."""
    module = current_app.extensions["finsuite"].modules.get(name)
    if module is None or (module.app is not None and module.app not in g.apps):
        abort(404)
    if module.read_only and action in ("create", "edit", "delete"):
        abort(403)
    if not can_module(g.user, module, action, record):
        abort(403)
    return module


def load_record(module, record_id):
    try:
        return get_record(module, g.tenant, record_id)
    except NotFound:
        abort(404)


def page_numbers(page: int, pages: int) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20 (``None`` is a gap)."""
    wanted = {1, pages, *range(page - 2, page + 3)}
    out, last = [], 0
    for n in sorted(x for x in wanted if 1 <= x <= pages):
        if n - last > 1:
            out.append(None)
        out.append(n)
        last = n
    return out


def _list_params(module) -> dict:
    """The query string's filters, converted as the API converts them: a bad one (an id beyond
    2**63 - 1, ``abc`` for an account) is a 400 page naming the filter."""
    params = request.args.to_dict()
    for name in module.filter_fields:
        spec = spec_for(module, name)
        if spec and spec.widget == "checkbox" and name in params and params[name] != "":
            params[name] = params[name].lower() in ("1", "true", "yes", "on")
    try:
        return filter_params(module, params)
    except Invalid as exc:
        abort(400, description="; ".join(
            _("%(label)s: %(messages)s", label=_filter_label(module, name), messages=" ".join(messages))
            for name, messages in exc.errors.items()))


def _url(module, **changes) -> str:
    args = {k: v for k, v in request.args.items() if v != ""}
    args.update({k: v for k, v in changes.items()})
    args = {k: v for k, v in args.items() if v not in (None, "")}
    base = url_for("modules.index", module=module.name)
    return base + ("?" + urlencode(args) if args else "")


def _filter_label(module, name: str) -> str:
    spec = spec_for(module, name)
    return tr(spec.label) if spec and spec.label != name else name.replace("_id", "").replace("_", " ").capitalize()


def _filters(module, refs) -> list[dict]:
    out = []
    for name in module.filter_fields:
        spec = spec_for(module, name)
        value = request.args.get(name, "")
        label = _filter_label(module, name)
        item = {"name": name, "label": label, "value": value, "kind": "text", "choices": []}
        if spec and spec.widget == "select":
            item.update(kind="select", choices=[(choice, tr(label)) for choice, label in spec.choices])
        elif spec and spec.widget == "checkbox":
            item.update(kind="select", choices=[("true", _("Yes")), ("false", _("No"))])
        elif name in module.references or name.endswith("_id"):
            item["kind"] = "chip"
            if value:
                record_id = parse_id(value)
                item["display"] = (refs.cell(module, name, record_id).text if record_id else "") or value
                item["remove_url"] = _url(module, **{name: None, "page": None})
        out.append(item)
    return out


@bp.route("/m/<path:module>/")
@login_required
def index(module):
    module = load_module(module)
    view, params = _view(module), _list_params(module)
    if view is not None and view.sort:
        params.setdefault("sort", view.sort)
    shown = chosen_columns(module, view)
    columns = list_columns(module, shown)
    problems = []
    try:
        page = list_records(module, g.tenant, params, filters=view_filters(view) if view else ())
    except Invalid as exc:  # a filter in the query string (``total__gt=abc``) or a view's that no longer applies
        problems = [_("%(label)s: %(messages)s", label=param_label(module, key), messages=" ".join(messages))
                    for key, messages in exc.errors.items()]
        page = Page([], 0, 1, 25)
    refs = References()
    refs.prefetch(module, page.records, [c.name for c in columns])
    specs = column_specs(module, columns)
    rows = [{"url": record_url(module.name, r.id), "cells": cells(module, r, columns, refs, specs=specs)}
            for r in page.records]
    sort = params.get("sort") or module.default_sort
    headers = []
    for column, spec in zip(columns, specs):
        sortable = column.name in module.sort_fields
        current = sort.lstrip("-") == column.name
        descending = current and sort.startswith("-")
        headers.append({"label": tr(column.label), "kind": column_kind(spec, column.name),
                        "sortable": sortable, "current": current, "descending": descending,
                        "url": _url(module, sort=("" if descending else "-") + column.name if current else column.name,
                                    page=None) if sortable else None})
    first = (page.page - 1) * page.per_page + 1 if page.total else 0
    return render_template(
        "module/list.html", module=module, page=page, rows=rows, headers=headers, filters=_filters(module, refs),
        first=first, last=min(page.page * page.per_page, page.total), page_numbers=page_numbers(page.page, page.pages),
        page_url=lambda n: _url(module, page=n), per_page_choices=PER_PAGE_CHOICES,
        can_create=not module.read_only and can_module(g.user, module, "create"), q=request.args.get("q", ""),
        clear_url=url_for("modules.index", module=module.name, view=view.id if view else None), problems=problems,
        export_url=url_for("modules.export_csv", module=module.name, **request.args.to_dict(flat=False)),
        column_choices=[(name, field.label, name in shown) for name, field in fields_of(module).items()],
        kept_args=[(k, v) for k, values in request.args.to_dict(flat=False).items()
                   if k not in ("columns", "page") for v in values],
        **view_choices(module, view, refs, lambda param: _url(module, **{param: None, "page": None}))), 400 if problems else 200


def _view(module):
    """The custom view ``?view=<id>`` names (B10): 404 if the user may not use it."""
    if not request.args.get("view"):
        return None
    try:
        return get_view(module, g.tenant, g.user, request.args["view"])
    except NotFound:
        abort(404)


@bp.route("/tab/<key>")
@login_required
def tab(key):
    registry = current_app.extensions["finsuite"]
    tab = next((t for t in registry.tabs if t.key == key), None)
    if tab is None or (tab.app is not None and tab.app not in g.apps):
        abort(404)
    if not tab_allowed(registry, tab, g.user):
        abort(403)
    entries = []
    for name in tab.modules:
        module = registry.modules.get(name)
        if module is None:
            entries.append({"label": name.split("/")[-1].replace("_", " ").title(), "url": None, "installed": False})
        elif module_visible(module, g.user):
            entries.append(landing(module))
    return render_template("tab.html", tab=tab, entries=entries)


@bp.route("/m/<path:module>/<id:record_id>/delete", methods=["POST"])
@login_required
def delete(module, record_id):
    module = load_module(module)
    record = load_record(module, record_id)
    load_module(module.name, "delete", record)
    try:
        delete_record(module, g.tenant, g.user, record, posted_version())
    except Stale as exc:  # C8: the page was read before someone else's change
        flash(stale_message(module, exc), "error")
        return redirect(url_for("modules.detail", module=module.name, record_id=record.id))
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(url_for("modules.detail", module=module.name, record_id=record.id))
    flash(_("%(singular)s deleted.", singular=tr(module.singular)), "success")
    return redirect(url_for("modules.index", module=module.name))


@bp.route("/m/<path:module>/<id:record_id>/actions/<key>", methods=["POST"])
@login_required
def action(module, record_id, key):
    module = load_module(module)
    record = load_record(module, record_id)
    labels = {a.key: a.label for a in status_actions(g.relay, module, record, g.user)}
    try:
        result = run_action(g.relay, module, g.tenant, g.user, record, key, version=posted_version())
    except Stale as exc:  # C8: the page was read before someone else's change
        flash(stale_message(module, exc), "error")
    except Invalid as exc:
        flash("; ".join(named_errors(module, exc.errors)), "error")
    except Conflict as exc:  # a message naming records (core.naming) links them
        flash(exc.args[0] if exc.args and hasattr(exc.args[0], "__html__") else str(exc), "error")
    else:
        if isinstance(result, ActionCreated):  # the record the action made (Convert to Invoice)
            flash(result.message or _("%(action)s: done.", action=tr(labels.get(key, key))), "success")
            return redirect(url_for("modules.detail", module=result.module, record_id=result.record.id))
        flash(_("%(action)s: done.", action=tr(labels.get(key, key))), "success")
    return redirect(url_for("modules.detail", module=module.name, record_id=record.id))
