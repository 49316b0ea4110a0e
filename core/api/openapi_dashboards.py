"""The dashboards' part of the OpenAPI document (B12, :mod:`core.api.dashboards`): added to the
built document, with the ``Idempotency-Key`` of every POST (a dashboard has no ETag)."""
from __future__ import annotations

from ..ids import MAX_ID
from ..reports.dashboard_input import KEY_LENGTH, LABEL_LENGTH, MAX_COMPONENTS, NAME_LENGTH, WIDTHS
from ..reports.definition import CHARTS
from .openapi_headers import IDEMPOTENCY_KEY, REPLAYED
from .openapi_paths import PREFIX, error_refs, json_content, ref

TAG = "Dashboards"
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
WIDTH = {"type": "integer", "minimum": WIDTHS[0], "maximum": WIDTHS[-1],
         "description": "Columns of the dashboard's grid of 4 the component spans."}
CHART = {"type": "string", "enum": list(CHARTS)}


def _component_input() -> dict:
    return {"type": "object", "required": ["report"], "additionalProperties": False, "properties": {
        "report": {"type": "string", "minLength": 1, "maxLength": KEY_LENGTH,
                   "description": "The key of a report the user may open (`books.sales_by_customer`, `custom.7`)."},
        "label": {"type": "string", "maxLength": LABEL_LENGTH, "description": "Empty: the report's label."},
        "chart": {**CHART, "description": "Default: the report's chart."}, "width": {**WIDTH, "default": 2}}}


def _input(create: bool) -> dict:
    properties = {
        "name": {"type": "string", "minLength": 1, "maxLength": NAME_LENGTH},
        "shared": {"type": "boolean", "description": "Shared with the organisation (default: private)."},
        "components": {"type": "array", "maxItems": MAX_COMPONENTS, "items": ref("DashboardComponentInput"),
                       "description": "In order. The components this user may not see are kept after them."}}
    if create:
        properties["based_on"] = {"type": "string", "maxLength": KEY_LENGTH, "description":
                                  "A default dashboard's key (`books.books_dashboard`): without `components`, "
                                  "start with its components."}
    return {"type": "object", "additionalProperties": False, "properties": properties,
            **({"required": ["name"]} if create else {})}


COMPONENT_PROPERTIES = {"report": {"type": "string"}, "label": {"type": "string"}, "chart": CHART, "width": WIDTH}
RESULT = {"type": "object", "nullable": True, "required": ["columns", "rows"], "properties": {
    "columns": {"type": "array", "items": {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}, "kind": {"type": "string"},
        "module": {"type": "string", "nullable": True}}}},
    "rows": {"type": "array", "items": {"type": "array", "items": {
        "description": "A cell: amounts are decimal strings, days ISO 8601, a reference {id, title}."}}}},
    "description": "The report's result, as `GET /reports/{key}/run` answers it."}
SCHEMAS = {
    "DashboardComponent": {"type": "object", "required": ["report", "label", "chart", "width"],
                           "properties": COMPONENT_PROPERTIES},
    "DashboardComponentInput": _component_input(),
    "Dashboard": {"type": "object", "required": ["id", "name", "shared", "components"], "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "shared": {"type": "boolean"},
        "based_on": {"type": "string", "nullable": True, "description": "The default dashboard it was made from."},
        "editable": {"type": "boolean", "description": "Whether this user may change it (its owner, an admin)."},
        "owner": {"type": "object", "nullable": True, "properties": {
            "id": {"type": "integer"}, "name": {"type": "string"}}},
        "components": {"type": "array", "items": ref("DashboardComponent"),
                       "description": "Those whose report this user may open, in order."}}},
    "DashboardNew": _input(True),
    "DashboardChanges": _input(False),
    "DashboardData": {"type": "object", "required": ["id", "components"], "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"},
        "components": {"type": "array", "items": {"type": "object", "properties": {
            **COMPONENT_PROPERTIES, "result": RESULT,
            "error": {"type": "string", "nullable": True,
                      "description": "Why the report did not run (then no result)."}}}}}},
}


def _op(operation_id: str, summary: str, responses: dict, **more) -> dict:
    return {"tags": [TAG], "operationId": operation_id, "summary": summary, "responses": responses, **more}


def add_dashboard_paths(document: dict) -> dict:
    document.setdefault("components", {}).setdefault("schemas", {}).update(SCHEMAS)
    one = {"description": "The dashboard.", "content": json_content(ref("Dashboard"))}
    created = {**one, "description": "Created.", "headers": {
        "Location": {"schema": {"type": "string"}}, "Idempotent-Replayed": dict(REPLAYED)}}
    paths = document.setdefault("paths", {})
    paths[f"{PREFIX}/dashboards"] = {
        "get": _op("list_dashboards", "The dashboards this user sees (own and shared; the defaults first)", {
            "200": {"description": "Dashboards.", "content": json_content(
                {"type": "object", "properties": {"data": {"type": "array", "items": ref("Dashboard")}}})},
            **error_refs(401)}),
        "post": _op("create_dashboard", "Create a dashboard owned by this user", {
            "201": created, **error_refs(400, 401, 409, 422)}, parameters=[dict(IDEMPOTENCY_KEY)],
            requestBody={"required": True, "content": json_content(ref("DashboardNew"))})}
    paths[f"{PREFIX}/dashboards/{{id}}"] = {
        "get": _op("get_dashboard", "A dashboard", {"200": one, **error_refs(401, 404)}, parameters=[ID]),
        "patch": _op("update_dashboard", "Rename, share, or set the components (order, width, chart)", {
            "200": one, **error_refs(400, 401, 403, 404, 422)}, parameters=[ID],
            requestBody={"required": True, "content": json_content(ref("DashboardChanges"))}),
        "delete": _op("delete_dashboard", "Delete a dashboard", {
            "204": {"description": "Deleted."}, **error_refs(401, 403, 404)}, parameters=[ID])}
    paths[f"{PREFIX}/dashboards/{{id}}/data"] = {
        "get": _op("dashboard_data", "Every component's report result, in one call", {
            "200": {"description": "The components with their results.", "content": json_content(ref("DashboardData"))},
            **error_refs(401, 404)}, parameters=[ID])}
    return document
