"""The reports API (:mod:`core.api.reports`) in the OpenAPI document: the library, a report's
definition, its result and CSV export, and writing custom reports. The definition's schema says
what :func:`core.reports.definition_from` accepts (null where it takes null for the default)."""
from __future__ import annotations

from apispec import APISpec

from ..reports.definition import BUCKETS, CHARTS, FUNCTIONS, MAX_GROUPS, MAX_LIMIT
from ..reports.saving import MAX_DESCRIPTION, MAX_LABEL
from .openapi_paths import PREFIX, error_refs, json_content, ref

TAG = "Reports"
REPORT_COMPONENTS = ("ReportDefinition", "ReportSummary", "Report", "ReportBody", "ReportChanges", "ReportCopy",
                     "ReportResult")
KEY = {"name": "key", "in": "path", "required": True, "description": "The report's key: `books.sales_by_customer`, "
       "`custom.12`.", "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$"},
       "example": "books.sales_by_customer"}
FILTERS = {"name": "filters", "in": "query", "required": False, "style": "form", "explode": True,
           "description": "Filters added to the report's own, one parameter each: `status=sent`, `total__gt=100`, "
                          "`due_date__next_days=5`, `status__in=sent,paid`, `account_id__empty=1`. A parameter "
                          "naming no field, or a value its field cannot take, is a 422 naming the parameter.",
           "schema": {"type": "object", "additionalProperties": {"type": "string"}},
           "example": {"status__in": "sent,paid", "total__gt": "10.00"}}


def _text(nullable: bool = True, **extra) -> dict:
    return {"type": "string", **({"nullable": True} if nullable else {"minLength": 1}), **extra}


def _list(items: dict, high: int) -> dict:
    return {"type": "array", "nullable": True, "maxItems": high, "items": items}


DEFINITION = {
    "type": "object", "required": ["module"], "additionalProperties": False,
    "description": "What a report computes, in one SQL query: rows of `module` (with one to-many `related` "
                   "module joined), `filters`, up to two `group_by` (dates by day, week, month, quarter or year), "
                   "`aggregates` per group, or a list of `columns`; `sort` names output keys (`-sum:total`).",
    "properties": {
        "module": _text(False), "related": _text(),
        "filters": _list({"type": "object", "required": ["field"], "properties": {
            "field": _text(False), "op": _text(), "value": {"description": "Text, a number or a list, by the operator."}}},
            50),
        "group_by": _list({"type": "object", "required": ["field"], "properties": {
            "field": _text(False), "by": {"type": "string", "nullable": True, "enum": ["", *BUCKETS, None]}}},
            MAX_GROUPS),
        "aggregates": _list({"type": "object", "required": ["fn"], "properties": {
            "fn": {"type": "string", "enum": list(FUNCTIONS)}, "field": _text(), "label": _text()}}, 20),
        "ratios": _list({"type": "object", "required": ["numerator", "denominator"], "properties": {
            "numerator": _text(False), "denominator": _text(False), "label": _text(),
            "percent": {"type": "boolean", "nullable": True}}}, 10),
        "columns": _list({"type": "string"}, 50), "sort": _list({"type": "string"}, 5),
        "limit": {"type": "integer", "nullable": True, "minimum": 1, "maximum": MAX_LIMIT},
        "chart": {"type": "string", "nullable": True, "enum": [*CHARTS, None]},
    }}
SUMMARY = {"type": "object", "properties": {
    "key": {"type": "string"}, "label": {"type": "string"}, "description": {"type": "string"},
    "folder": {"type": "string"}, "kind": {"type": "string", "enum": ["default", "edited", "custom"]},
    "module": {"type": "string"}, "chart": {"type": "string"}, "shared": {"type": "boolean"},
    "editable": {"type": "boolean", "description": "Whether this user may change (or restore) it."}}}
BODY = {"type": "object", "additionalProperties": False, "properties": {
    "label": {"type": "string", "maxLength": MAX_LABEL}, "description": {"type": "string", "maxLength": MAX_DESCRIPTION},
    "folder": {"type": "string", "description": "A folder key of `GET /reports`, or `custom`."},
    "shared": {"type": "boolean", "description": "Shared with the organisation (default: private)."},
    "definition": ref("ReportDefinition")}}
RESULT = {"type": "object", "properties": {
    "key": {"type": "string"}, "label": {"type": "string"}, "chart": {"type": "string"},
    "columns": {"type": "array", "items": {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}, "kind": {"type": "string"},
        "module": {"type": "string", "nullable": True}}}},
    "rows": {"type": "array", "items": {"type": "array", "items": {
        "description": "Amounts as decimal strings, days in ISO 8601, a record as {id, title}."}}},
    "truncated": {"type": "boolean", "description": f"More than {MAX_LIMIT} rows: the CSV export has them all."}}}


def report_paths(spec: APISpec) -> None:
    spec.components.schema("ReportDefinition", DEFINITION)
    spec.components.schema("ReportSummary", SUMMARY)
    spec.components.schema("Report", {"allOf": [ref("ReportSummary"), {"type": "object", "properties": {
        "definition": ref("ReportDefinition"), "owner_id": {"type": "integer", "nullable": True},
        "based_on": {"type": "string", "nullable": True}}}]})
    spec.components.schema("ReportBody", {**BODY, "required": ["label", "definition"]})
    spec.components.schema("ReportChanges", {**BODY, "description": "A default report takes only `label`, "
                                             "`description` and `definition` (saved as the organisation's version)."})
    spec.components.schema("ReportCopy", {k: v for k, v in BODY.items() if k != "properties"} | {
        "properties": {k: v for k, v in BODY["properties"].items() if k != "definition"}})
    spec.components.schema("ReportResult", RESULT)
    report = json_content(ref("Report"))
    created = {"description": "Created.", "content": report, "headers": {"Location": {"schema": {"type": "string"}}}}

    def op(name: str, summary: str, responses: dict, **extra) -> dict:
        return {"tags": [TAG], "operationId": name, "summary": summary, "responses": responses, **extra}
    spec.path(path=f"{PREFIX}/reports", operations={
        "get": op("list_reports", "The folders and the reports this user may open", {
            "200": {"description": "Folders in order.", "content": json_content({"type": "object", "properties": {
                "folders": {"type": "array", "items": {"type": "object", "properties": {
                    "key": {"type": "string"}, "label": {"type": "string"},
                    "reports": {"type": "array", "items": ref("ReportSummary")}}}}}})}, **error_refs(401)}),
        "post": op("create_report", "Save a custom report (it must run: a 422 names the part that cannot)",
                   {"201": created, **error_refs(400, 401, 422)},
                   requestBody={"required": True, "content": json_content(ref("ReportBody"))})})
    spec.path(path=f"{PREFIX}/reports/{{key}}", operations={
        "get": op("get_report", "A report and its definition", {"200": {"description": "The report.",
                                                                          "content": report}, **error_refs(401, 404)},
                  parameters=[KEY]),
        "patch": op("update_report", "Change a custom report, or save the organisation's version of a default",
                    {"200": {"description": "Saved.", "content": report}, **error_refs(400, 401, 403, 404, 422)},
                    parameters=[KEY], requestBody={"required": True, "content": json_content(ref("ReportChanges"))}),
        "delete": op("delete_report", "Delete a custom report; for an edited default, restore the default",
                     {"204": {"description": "Deleted or restored."}, **error_refs(401, 403, 404, 409)},
                     parameters=[KEY])})
    spec.path(path=f"{PREFIX}/reports/{{key}}/copy", operations={"post": op(
        "copy_report", "Copy a report into a new custom one (private, \"Copy of ...\")",
        {"201": created, **error_refs(400, 401, 404, 422)}, parameters=[KEY],
        requestBody={"required": False, "content": json_content(ref("ReportCopy"))})})
    spec.path(path=f"{PREFIX}/reports/{{key}}/run", operations={"get": op(
        "run_report", "The report's columns and rows (at most 10,000)",
        {"200": {"description": "The result.", "content": json_content(ref("ReportResult"))},
         **error_refs(401, 404, 422)}, parameters=[KEY, FILTERS])})
    spec.path(path=f"{PREFIX}/reports/{{key}}/export.csv", operations={"get": op(
        "export_report", "Every row as CSV (streamed): a header row of labels, amounts as decimal strings",
        {"200": {"description": "The CSV file.", "content": {"text/csv": {"schema": {"type": "string"}}}},
         **error_refs(401, 404, 422)}, parameters=[KEY, FILTERS])})
