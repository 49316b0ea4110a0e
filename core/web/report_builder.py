"""The report builder (B11, E3, I1): "New report" on any module the user may view, its related
module (a document's Items module, B9), filters, up to two groups (dates by day ... year),
aggregates, sort, limit, chart, name, folder, sharing; "Edit" of a custom report, and of a default
as the organisation's version. The form posts back to itself: choosing a module or a related
module re-reads its fields (``data-autosubmit``), "Save" saves if the report runs (else the
errors beside the fields, nothing saved)."""
from __future__ import annotations

import json

from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..auth import login_required
from ..records import Invalid, NotFound
from ..reports.definition import MAX_GROUPS
from ..reports.filters import NO_VALUE
from ..reports.running import plain_definition
from ..reports.saving import Forbidden, create_report, folders_for, may_edit, update_report
from .filter_words import typed_operators
from .report_forms import (
    BUCKET_LABELS, CHART_LABELS, FUNCTION_LABELS, field_groups, field_labels, registry, to_many, viewable_modules,
)
from .report_views import bp, folder_label, load_entry

ROW_FIELDS = {"filters": ("field", "op", "value"), "group_by": ("field", "by"), "aggregates": ("fn", "field", "label")}
MAX_ROWS = {"filters": 50, "group_by": MAX_GROUPS, "aggregates": 20}


def _rows(form, name: str) -> list[dict]:
    """The filled rows ``name.<i>.<part>`` of the form, in order (a blank one dropped)."""
    indexes = sorted({int(k.split(".")[1]) for k in form if k.startswith(f"{name}.") and k.split(".")[1].isdigit()})
    rows = [{part: form.get(f"{name}.{i}.{part}", "").strip() for part in ROW_FIELDS[name]} for i in indexes]
    return [r for r in rows if r["fn" if name == "aggregates" else "field"]][:MAX_ROWS[name]]


def state_from_form(form) -> dict:
    state = {"label": form.get("label", ""), "description": form.get("description", ""),
             "folder": form.get("folder", "custom"), "shared": form.get("shared") == "true",
             "module": form.get("module", ""), "related": form.get("related", ""), "chart": form.get("chart", "table"),
             "sort": form.get("sort.0", ""), "limit": form.get("limit", "").strip(),
             "columns": form.getlist("columns"), "ratios": form.get("ratios", "[]"),
             **{name: _rows(form, name) for name in ROW_FIELDS}}
    if (state["module"], state["related"]) != (form.get("shown_module"), form.get("shown_related")):
        state.update(filters=[], group_by=[], aggregates=[], sort="", columns=[], ratios="[]")  # other fields
        if state["module"] != form.get("shown_module"):
            state["related"] = ""
    return state


def state_from_entry(entry, **changes) -> dict:
    d = plain_definition(entry.definition)
    return {"label": entry.label, "description": entry.description, "folder": entry.folder,
            "shared": entry.kind != "custom" or bool(entry.saved.shared), "module": d["module"],
            "related": d["related"], "chart": d["chart"], "sort": (d["sort"] or [""])[0],
            "limit": str(d["limit"] or ""), "columns": d["columns"], "ratios": json.dumps(d["ratios"]),
            "filters": [{"field": f["field"], "op": f["op"], "value": _text(f.get("value"))} for f in d["filters"]],
            "group_by": [{"field": x["field"], "by": x.get("by", "")} for x in d["group_by"]],
            "aggregates": [{"fn": a["fn"], "field": a["field"], "label": a.get("label", "")} for a in d["aggregates"]],
            **changes}


def _text(value) -> str:
    return ",".join(str(v) for v in value) if isinstance(value, list) else ("" if value is None else str(value))


def definition_of(state: dict) -> dict:
    try:
        ratios = json.loads(state["ratios"] or "[]")
    except ValueError:
        ratios = None
    grouped = bool(state["group_by"] or state["aggregates"])
    return {"module": state["module"], "related": state["related"], "chart": state["chart"],
            "filters": [{"field": f["field"], "op": f["op"] or "eq",
                         **({} if f["op"] in NO_VALUE else {"value": f["value"]})} for f in state["filters"]],
            "group_by": [{"field": x["field"], **({"by": x["by"]} if x["by"] else {})} for x in state["group_by"]],
            "aggregates": [{"fn": a["fn"], "field": a["field"], **({"label": a["label"]} if a["label"] else {})}
                           for a in state["aggregates"]],
            "ratios": ratios, "columns": [] if grouped else state["columns"],
            "sort": [state["sort"]] if state["sort"] else [],
            "limit": int(state["limit"]) if state["limit"].isdigit() else (state["limit"] or None)}


def sort_options(state: dict, labels: dict) -> list[tuple[str, str]]:
    """The output columns the report can be sorted by (both ways)."""
    found = []
    for x in state["group_by"]:
        found.append((f"{x['field']}:{x['by']}" if x["by"] else x["field"],
                      f"{labels.get(x['field'], x['field'])} {BUCKET_LABELS.get(x['by'], '')}".strip()))
    aggregates = state["aggregates"] or ([{"fn": "count", "field": "", "label": ""}] if state["group_by"] else [])
    for a in aggregates:
        found.append((f"{a['fn']}:{a['field']}" if a["field"] else a["fn"],
                      a["label"] or f"{FUNCTION_LABELS.get(a['fn'], a['fn'])} {labels.get(a['field'], '')}".strip()))
    if not found:
        module = registry().modules.get(state["module"])
        names = state["columns"] or ([c.name for c in module.columns] if module else [])
        found = [(name, labels.get(name, name)) for name in names]
    return [(key, f"{label} ↑") for key, label in found] + [(f"-{key}", f"{label} ↓") for key, label in found]


def render_builder(state: dict, errors: dict, entry=None):
    modules = viewable_modules()
    module = next((m for m in modules if m.name == state["module"]), None) or modules[0]
    state["module"] = module.name
    groups = field_groups(module, state["related"])
    labels = field_labels(groups)
    general = [f"{k}: {' '.join(m)}" for k, m in errors.items() if not _shown(k)]
    return render_template(
        "reports/builder.html", state=state, errors=errors, general_errors=general, entry=entry,
        modules=modules, related=to_many(module), groups=groups, operators=typed_operators(),
        functions=FUNCTION_LABELS, buckets=BUCKET_LABELS, charts=CHART_LABELS, max_groups=MAX_GROUPS,
        sorts=sort_options(state, labels), default=entry is not None and entry.kind != "custom",
        folders=[(key, folder_label(registry(), key, g.apps)) for key in folders_for(registry(), g.apps)],
        filter_rows=[*state["filters"], {"field": "", "op": "eq", "value": ""}],
        aggregate_rows=[*state["aggregates"], {"fn": "", "field": "", "label": ""}],
        group_rows=(state["group_by"] + [{"field": "", "by": ""}] * MAX_GROUPS)[:MAX_GROUPS])


def _shown(key: str) -> bool:
    """Whether the form shows an error under ``key`` beside its field."""
    head = key.split(".")[0]
    return head in ("label", "description", "folder", "module", "related", "chart", "limit", "sort", "columns") or (
        head in ROW_FIELDS and len(key.split(".")) == 3)


def _errors(exc: Invalid) -> dict:
    return {k.removeprefix("definition."): v for k, v in exc.errors.items()}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if not viewable_modules():
        abort(403)
    if request.method == "GET":
        copy = request.args.get("copy")
        if copy:
            entry = load_entry(copy)
            return render_builder(state_from_entry(entry, label=_("Copy of %(label)s", label=entry.label),
                                                   shared=False), {})
        state = state_from_form(request.args)
        return render_builder({**state, "module": request.args.get("module", "")}, {})
    state = state_from_form(request.form)
    if "save" not in request.form:
        return render_builder(state, {})
    body = {"label": state["label"], "description": state["description"], "folder": state["folder"],
            "shared": state["shared"], "definition": definition_of(state)}
    try:
        entry = create_report(registry(), g.tenant, g.user, g.apps, body)
    except Invalid as exc:
        return render_builder(state, _errors(exc)), 422
    return redirect(url_for(".show", key=entry.key))


@bp.route("/<report:key>/edit", methods=["GET", "POST"])
@login_required
def edit(key: str):
    entry = load_entry(key)
    if not may_edit(g.user, entry):
        abort(403)
    if request.method == "GET":
        return render_builder(state_from_entry(entry), {}, entry)
    state = state_from_form(request.form)
    if "save" not in request.form:
        return render_builder(state, {}, entry)
    body = {"label": state["label"], "description": state["description"], "definition": definition_of(state)}
    if entry.kind == "custom":
        body.update(folder=state["folder"], shared=state["shared"])
    try:
        update_report(registry(), g.tenant, g.user, g.apps, key, body)
    except Invalid as exc:
        return render_builder(state, _errors(exc), entry), 422
    except (Forbidden, NotFound):
        abort(403)
    return redirect(url_for(".show", key=key))
