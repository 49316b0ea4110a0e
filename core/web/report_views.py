"""The Reports tab (B11, E3, I1): the folders and reports a user may open, a report's page (its
chart, its table, filters changed in place), its data for charts.js and its CSV export with the
session's login (the API takes Bearer tokens only), delete and "Restore default". The builder is
in :mod:`.report_builder`."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import (
    Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from ..auth import login_required
from ..records import Conflict, Invalid, NotFound
from ..reports import folder_label, get_entry, reports_for, result_json
from ..reports.library import may_run
from ..reports.running import csv_response, run_with
from ..reports.saving import Forbidden, delete_report, may_edit
from .nav import NavTab
from .filter_words import typed_operators
from .report_forms import cell, describe_filter, field_groups, field_labels, registry

bp = Blueprint("reports", __name__, url_prefix="/reports")
#: rows a page (and its chart) shows; the CSV export has them all
PAGE_ROWS = 500
TAB_LABEL = lazy_gettext("Reports")


def reports_tab(user) -> list[NavTab]:
    """The Reports tab, for a user who may open at least one report (a default one is known
    without reading the database)."""
    reg = registry()
    defaults = [r for r in reg.reports.values() if r.app is None or r.app in g.apps]
    if any(may_run(reg, user, r.definition) for r in defaults) or reports_for(reg, g.tenant, user, g.apps):
        return [NavTab("reports", _("Reports"), url_for("reports.index"))]
    return []


def load_entry(key: str):
    try:
        return get_entry(registry(), g.tenant, g.user, g.apps, key)
    except NotFound:
        abort(404)


@bp.get("/")
@login_required
def index():
    folders: dict[str, list] = {}
    for entry in reports_for(registry(), g.tenant, g.user, g.apps):
        folders.setdefault(entry.folder, []).append(entry)
    if not folders and not reports_tab(g.user):
        abort(403)
    return render_template("reports/index.html", folders=[
        (key, folder_label(registry(), key, g.apps), entries) for key, entries in folders.items()])


def filter_params() -> dict[str, str]:
    """The filters in the query string (``status__in=sent,paid``), as a dict."""
    return {k: v for k, v in request.args.items() if k not in ("ff", "fo", "fv")}


def _from_rows():
    """The page's filter rows (``ff``, ``fo``, ``fv``) as query parameters ``field__op=value``."""
    fields, ops, values = (request.args.getlist(n) for n in ("ff", "fo", "fv"))
    params = {}
    for field, op, value in zip(fields, ops, values + [""] * (len(fields) - len(values))):
        if field:
            params[field if op in ("", "eq") else f"{field}__{op}"] = value
    return params


@bp.get("/<report:key>")
@login_required
def show(key: str):
    entry = load_entry(key)
    if "ff" in request.args:  # the filter rows were sent: to the report's own address
        params = {**{k: v for k, v in request.args.items() if k not in ("ff", "fo", "fv", "drop")}, **_from_rows()}
        return redirect(url_for(".show", key=key) + ("?" + urlencode(params) if params else ""))
    module = registry().modules[entry.definition.module]
    params = filter_params()
    groups = field_groups(module, entry.definition.related)
    labels = field_labels(groups)
    error, result, truncated = None, None, False
    try:
        result, truncated = run_with(registry(), entry.definition, g.tenant, g.user, params, PAGE_ROWS)
    except Invalid as exc:
        error = "; ".join(f"{labels.get(_split(k)[0], k)}: {' '.join(m)}" for k, m in exc.errors.items())
    rows = [[cell(c, v, module) for c, v in zip(result.columns, row)] for row in result.rows] if result else []
    extra = [{"field": _split(k)[0], "op": _split(k)[1], "value": v,
              "remove_url": url_for(".show", key=key) + _query({p: x for p, x in params.items() if p != k})}
             for k, v in params.items()]
    query = _query(params)
    return render_template(
        "reports/report.html", entry=entry, module=module, folder=folder_label(registry(), entry.folder, g.apps),
        columns=result.columns if result else [], rows=rows, truncated=truncated, error=error, groups=groups,
        own_filters=[describe_filter(f, labels, module) for f in entry.definition.filters], extra=extra,
        operators=typed_operators(), data_url=url_for(".data", key=key) + query, page_rows=PAGE_ROWS,
        export_url=url_for(".export", key=key) + query, editable=may_edit(g.user, entry))


def _split(param: str) -> tuple[str, str]:
    """``total__gt`` -> (``total``, ``gt``); ``status`` -> (``status``, ``eq``)."""
    name, _sep, op = param.rpartition("__") if "__" in param else (param, "", "eq")
    return name, op or "eq"


def _query(params: dict) -> str:
    return "?" + urlencode(params) if params else ""


@bp.get("/<report:key>/data")
@login_required
def data(key: str):
    """The result as charts.js reads it (``result_json``), the page's filters applied."""
    entry = load_entry(key)
    try:
        result, truncated = run_with(registry(), entry.definition, g.tenant, g.user, filter_params(), PAGE_ROWS)
    except Invalid as exc:
        return jsonify(errors=exc.errors, message="; ".join(f"{k}: {' '.join(m)}" for k, m in exc.errors.items())), 422
    return jsonify(key=entry.key, label=str(entry.label), chart=entry.definition.chart, **result_json(result),
                   truncated=truncated)


@bp.get("/<report:key>/export.csv")
@login_required
def export(key: str):
    entry = load_entry(key)
    try:
        return csv_response(registry(), entry, g.tenant, g.user, filter_params())
    except Invalid as exc:
        abort(400, description="; ".join(f"{k}: {' '.join(m)}" for k, m in exc.errors.items()))


@bp.post("/<report:key>/delete")
@login_required
def delete(key: str):
    """Delete a custom report, or restore a default (delete the organisation's version)."""
    try:
        done = delete_report(registry(), g.tenant, g.user, g.apps, key)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    except Conflict as exc:
        flash(str(exc), "error")
        return redirect(url_for(".show", key=key))
    if done == "restored":
        flash(_("The default report is restored."), "success")
        return redirect(url_for(".show", key=key))
    flash(_("Report deleted."), "success")
    return redirect(url_for(".index"))
