"""The reports API (B11, E3, I1): the folders and reports a user may open, a report's definition,
its result (filters as query parameters, amounts as decimal strings), its CSV export (streamed),
and writing custom reports and the organisation's versions of the defaults. A report the user
may not open is a 404, as another tenant's record; one they may open but not change, a 403."""
from __future__ import annotations

from flask import g, jsonify, request, url_for

from ..reports import folder_label, get_entry, reports_for, result_json
from ..reports.definition import MAX_LIMIT
from ..reports.running import csv_response, run_with
from ..reports.saving import Forbidden, copy_report, create_report, delete_report, may_edit, update_report
from . import api
from .common import created, json_body, plain, registry
from .errors import error_response


@api.errorhandler(Forbidden)
def on_forbidden(exc: Forbidden):
    return error_response(403, str(exc))


def summary(entry) -> dict:
    """A report as the list shows it."""
    saved = entry.saved
    return {"key": entry.key, "label": str(entry.label), "description": str(entry.description or ""),
            "folder": entry.folder, "kind": entry.kind, "module": entry.definition.module,
            "chart": entry.definition.chart, "shared": True if entry.kind != "custom" else bool(saved.shared),
            "editable": may_edit(g.user, entry)}


def detail(entry) -> dict:
    """A report with its definition, who owns it and what it is based on."""
    saved = entry.saved
    return {**summary(entry), "definition": plain(entry.definition.to_dict()),
            "owner_id": saved.owner_id if saved is not None else None,
            "based_on": (saved.based_on or None) if saved is not None else None}


def _entry(key: str):
    return get_entry(registry(), g.tenant, g.user, g.apps, key)


@api.get("/reports")
def reports_index():
    """``{"folders": [{"key", "label", "reports": [...]}]}``: what this user may open."""
    folders: dict[str, list] = {}
    for entry in reports_for(registry(), g.tenant, g.user, g.apps):
        folders.setdefault(entry.folder, []).append(summary(entry))
    return jsonify(folders=[{"key": key, "label": folder_label(registry(), key, g.apps), "reports": reports}
                            for key, reports in folders.items()])


@api.post("/reports")
def report_create():
    entry = create_report(registry(), g.tenant, g.user, g.apps, json_body())
    return _created(entry)


def _created(entry):
    return created(jsonify(detail(entry)), url_for(".report_get", key=entry.key))


@api.get("/reports/<report:key>")
def report_get(key: str):
    return jsonify(detail(_entry(key)))


@api.patch("/reports/<report:key>")
def report_update(key: str):
    return jsonify(detail(update_report(registry(), g.tenant, g.user, g.apps, key, json_body())))


@api.delete("/reports/<report:key>")
def report_delete(key: str):
    """Delete a custom report; for an edited default, restore the default (204 both)."""
    delete_report(registry(), g.tenant, g.user, g.apps, key)
    return "", 204


@api.post("/reports/<report:key>/copy")
def report_copy(key: str):
    body = json_body() if request.get_data(cache=True).strip() else None
    return _created(copy_report(registry(), g.tenant, g.user, g.apps, key, body))


@api.get("/reports/<report:key>/run")
def report_run(key: str):
    """The columns and rows (at most 10,000; ``truncated`` says there were more: export them)."""
    entry = _entry(key)
    result, truncated = run_with(registry(), entry.definition, g.tenant, g.user, request.args, MAX_LIMIT)
    return jsonify(key=entry.key, label=str(entry.label), chart=entry.definition.chart, **result_json(result),
                   truncated=truncated)


@api.get("/reports/<report:key>/export.csv")
def report_export(key: str):
    """Every row as CSV, streamed from the database (the query-string filters apply)."""
    entry = _entry(key)
    return csv_response(registry(), entry, g.tenant, g.user, request.args)

