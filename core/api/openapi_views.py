"""The custom views of the OpenAPI document (B10): ``/<module>/views`` and ``/<module>/views/{view_id}``
of every module, the ``view`` parameter of its list and the engine's filters its list takes
(:mod:`core.api.views`, :mod:`core.api.records`)."""
from __future__ import annotations

from apispec import APISpec

from ..ids import MAX_ID
from ..record_lists import sort_keys
from ..reports.catalogue import fields_of
from ..reports.filters import OPERATORS
from ..reports.views import MAX_COLUMNS, MAX_FILTERS, MAX_NAME
from .openapi_paths import PREFIX, error_refs, json_content, ref

VIEW_ID = {"name": "view_id", "in": "path", "required": True,
           "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
VIEW_PARAMETER = {"name": "view", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                  "description": "A custom view's id (B10): its filters and sort apply; the query's own filters are "
                                 "added and its `sort` wins. The answer names the view and its columns in `view`."}
FILTERS = ("Besides the parameters below, any field of the module filters the list: `field=value` (equals) or "
           "`field__op=value` with op one of " + ", ".join(f"`{op}`" for op in OPERATORS) + " (`total__gt=100`, "
           "`status__in=sent,paid`, `due_date__next_days=5`, `account_id__is=3`, `notes__empty=1`). An unknown "
           "field or operator, or a value the field cannot hold, is a 422 naming the parameter.")
LIST_VIEW = {"type": "object", "description": "The custom view the list went through (`?view=`).", "properties": {
    "id": {"type": "integer"}, "name": {"type": "string"}, "columns": {"type": "array", "items": {"type": "string"}}}}


def _filter(fields=None) -> dict:
    return {"type": "object", "required": ["field"], "additionalProperties": False, "properties": {
        "field": {"type": "string", "description": "A field of the module (`total`, `account_id`).",
                  **({"enum": fields} if fields else {})},
        "op": {"type": "string", "enum": list(OPERATORS), "default": "eq"},
        "value": {"description": "Text as a query string has it (`\"12.50\"`, `\"2026-12-31\"`, a record id); "
                                 "`in` and `between` take a list or commas; none for `empty`, `this_month` ..."}}}


def _properties(module=None) -> dict:
    """A view's fields; with ``module``, what that module's views may name (its fields and sorts)."""
    fields = sorted(fields_of(module)) if module is not None else None
    return {
        "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME},
        "shared": {"type": "boolean", "description": "Shared with the organisation; else only its owner sees it."},
        "filters": {"type": "array", "maxItems": MAX_FILTERS, "items": _filter(fields) if fields else ref("ViewFilter")},
        "columns": {"type": "array", "maxItems": MAX_COLUMNS, "uniqueItems": True,
                    "items": {"type": "string", **({"enum": fields} if fields else {})},
                    "description": "Fields of the module, in order; none: the list's usual columns."},
        "sort": {"type": "string", "description": "One of the list's `sort` values, or empty.",
                 **({"enum": ["", *sort_keys(module)]} if module is not None else {})}}


def view_components(spec: APISpec) -> None:
    spec.components.schema("ViewFilter", _filter())
    spec.components.schema("SavedView", {"type": "object", "properties": {
        **_properties(), "id": {"type": "integer"}, "module": {"type": "string"}, "owner_id": {"type": "integer"},
        "mine": {"type": "boolean"}, "can_change": {"type": "boolean", "description": "Its owner or an administrator."},
        "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}},
        "required": ["id", "module", "name", "shared", "filters", "columns", "sort", "owner_id", "mine", "can_change"]})


def view_paths(spec: APISpec, module) -> None:
    base, tag, op = f"{PREFIX}/{module.name}/views", str(module.label), module.endpoint_name
    view = json_content(ref("SavedView"))
    changes = {"type": "object", "additionalProperties": False, "properties": _properties(module)}
    spec.path(path=base, operations={
        "get": {"tags": [tag], "operationId": f"list_views_{op}", "summary": "The custom views this user may use",
                "responses": {"200": {"description": "The user's views and the organisation's shared ones.",
                                      "content": json_content({"type": "object", "properties": {
                                          "data": {"type": "array", "items": ref("SavedView")}}})},
                              **error_refs(401, 403, 404)}},
        "post": {"tags": [tag], "operationId": f"create_view_{op}", "summary": "Save a custom view",
                 "requestBody": {"required": True, "content": json_content({**changes, "required": ["name"]})},
                 "responses": {"201": {"description": "Saved.", "content": view,
                                       "headers": {"Location": {"schema": {"type": "string"}}}},
                               **error_refs(400, 401, 403, 404, 422)}}})
    spec.path(path=f"{base}/{{view_id}}", operations={
        "get": {"tags": [tag], "operationId": f"get_view_{op}", "parameters": [VIEW_ID],
                "responses": {"200": {"description": "The view.", "content": view}, **error_refs(401, 403, 404)}},
        "patch": {"tags": [tag], "operationId": f"update_view_{op}", "parameters": [VIEW_ID],
                  "summary": "Change a view (its owner or an administrator)",
                  "requestBody": {"required": True, "content": json_content(changes)},
                  "responses": {"200": {"description": "Changed.", "content": view},
                                **error_refs(400, 401, 403, 404, 422)}},
        "delete": {"tags": [tag], "operationId": f"delete_view_{op}", "parameters": [VIEW_ID],
                   "summary": "Delete a view (its owner or an administrator)",
                   "responses": {"204": {"description": "Deleted."}, **error_refs(401, 403, 404)}}})
