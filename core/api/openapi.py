"""``GET /api/v1/openapi.json``: an OpenAPI 3 document generated from the registered modules'
schemas (apispec + MarshmallowPlugin), so a plugin's modules appear with no extra work.

Built once per application (per registry) and cached.
"""
from __future__ import annotations

import re
import weakref
from importlib.metadata import PackageNotFoundError, version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify
from marshmallow import fields

from . import api
from .common import registry
from .openapi_headers import add_concurrency_headers

PREFIX = "/api/v1"
_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _decimal_as_string(self, field, **kwargs) -> dict:
    """Amounts travel as decimal strings (``"59.97"``), never as floats. Runs right after
    the type mapping, so a range on such a field becomes ``x-minimum`` / ``x-maximum``."""
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal", "pattern": r"^-?\d+(\.\d+)?$"}
    return {}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def component_name(module) -> str:
    words = re.findall(r"[A-Za-z0-9]+", f"{module.app or ''} {module.singular}")
    return "".join(w[:1].upper() + w[1:] for w in words) or module.endpoint_name


def _responses(spec: APISpec) -> None:
    spec.components.schema("Error", {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "string"},
                       "status": {"type": "string", "description": "The record's current status (409)."}}})
    spec.components.schema("ValidationErrors", {
        "type": "object", "required": ["errors"],
        "properties": {"errors": {"type": "object", "description": "Messages per field.",
                                  "additionalProperties": {"type": "array", "items": {"type": "string"}}}}})
    spec.components.schema("Module", {"type": "object", "properties": {
        "name": {"type": "string"}, "label": {"type": "string"}, "singular": {"type": "string"},
        "app": {"type": "string", "nullable": True}, "read_only": {"type": "boolean"}}})
    spec.components.schema("Strip", {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"},
        "items": {"type": "array", "items": {"type": "object", "properties": {
            "label": {"type": "string"}, "value": {"description": "Amounts are decimal strings."}}}}}})
    spec.components.schema("Action", {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}}})
    spec.components.schema("RelatedList", {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}, "module": {"type": "string"},
        "can_create": {"type": "boolean"}, "total": {"type": "integer"},
        "records": {"type": "array", "items": {"type": "object", "description": "Records of `module`."}}}})
    for name, description, schema in (
            ("Unauthorized", "No token, or a bad one.", "Error"),
            ("Forbidden", "The profile lacks the permission.", "Error"),
            ("NotFound", "No such module or record in this organisation.", "Error"),
            ("MethodNotAllowed", "The module is read-only, or the method does not apply.", "Error"),
            ("Conflict", "The record's state or links forbid it.", "Error"),
            ("Unprocessable", "Validation failed.", "ValidationErrors")):
        spec.components.response(name, {"description": description, "content": json_content(ref(schema))})


def _errors(*codes: int) -> dict:
    names = {401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
             409: "Conflict", 422: "Unprocessable"}
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _list_parameters(module, converter) -> list[dict]:
    sorts = sorted({*module.sort_fields, module.default_sort.lstrip("-")})
    params = [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 25}},
        {"name": "q", "in": "query", "description": f"Searches {', '.join(module.search_fields) or 'nothing'}.",
         "schema": {"type": "string"}},
        {"name": "sort", "in": "query", "description": "A field name; prefix with '-' to sort descending.",
         "schema": {"type": "string", "enum": [*sorts, *(f"-{s}" for s in sorts)], "default": module.default_sort}},
    ]
    schema_fields = module.schema().fields
    for name in module.filter_fields:
        field = schema_fields.get(name)
        prop = converter.field2property(field) if field is not None else {"type": "string"}
        prop = {k: v for k, v in prop.items() if k in ("type", "format", "enum", "pattern")}
        params.append({"name": name, "in": "query", "description": f"Only records whose {name} equals this.",
                       "schema": prop or {"type": "string"}})
    return params


EMAIL_BODY = {"type": "object", "required": ["to", "subject"], "properties": {
    "to": {"type": "array", "items": {"type": "string", "format": "email"}},
    "cc": {"type": "array", "items": {"type": "string", "format": "email"}},
    "subject": {"type": "string"}, "body": {"type": "string"},
    "attach_pdf": {"type": "boolean"}, "attach_statement": {"type": "boolean"}},
    "additionalProperties": {"type": "boolean", "description": "Another option the record offers."}}


def _document_paths(spec: APISpec, reg, module) -> None:
    """``/pdf`` and ``/email`` for modules with a PDF or e-mail template (B7, B8)."""
    base, tag, op = f"{PREFIX}/{module.name}", str(module.label), module.endpoint_name
    if module.name in reg.pdf_templates:
        spec.path(path=f"{base}/{{id}}/pdf", operations={"get": {
            "tags": [tag], "operationId": f"pdf_{op}", "summary": "The record as a PDF", "parameters": [ID],
            "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {
                "schema": {"type": "string", "format": "binary"}}}}, **_errors(401, 403, 404)}}})
    if module.name in reg.email_templates:
        spec.path(path=f"{base}/{{id}}/email", operations={"post": {
            "tags": [tag], "operationId": f"email_{op}", "summary": "Send the record by e-mail (SMTP)",
            "parameters": [ID], "requestBody": {"required": True, "content": json_content(EMAIL_BODY)},
            "responses": {"201": {"description": "Sent and recorded."},
                          "502": {"description": "The SMTP server refused or could not be reached."},
                          **_errors(401, 403, 404, 422)}}})


def _file_paths(spec: APISpec, module) -> None:
    """``/files/<field>`` of modules with file fields (an expense's receipt)."""
    from ..files import file_fields
    base, tag, op = f"{PREFIX}/{module.name}", str(module.label), module.endpoint_name
    for name in file_fields(module):
        upload = {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "A PNG, JPEG, GIF, WebP or PDF (checked by content), up to the size limit."}}}}}
        answer = {"description": "The stored file: id, name, content_type, size."}
        spec.path(path=f"{base}/{{id}}/files/{name}", operations={
            "get": {"tags": [tag], "operationId": f"download_{op}_{name}", "summary": f"Download the {name}",
                    "parameters": [ID], "responses": {"200": {"description": "The file, as an attachment."},
                                                      **_errors(401, 403, 404)}},
            "put": {"tags": [tag], "operationId": f"upload_{op}_{name}", "summary": f"Upload the {name}",
                    "parameters": [ID], "requestBody": {"required": True, "content": upload},
                    "responses": {"200": answer, **_errors(401, 403, 404, 409, 422)}}})


def _module_paths(spec: APISpec, module, schema_name: str, converter) -> None:
    base, tag, op = f"{PREFIX}/{module.name}", str(module.label), module.endpoint_name
    writable = not module.read_only
    record = json_content(ref(schema_name))
    page = json_content({"type": "object", "properties": {
        "data": {"type": "array", "items": ref(schema_name)}, "page": {"type": "integer"},
        "per_page": {"type": "integer"}, "total": {"type": "integer"}, "has_more": {"type": "boolean"}}})
    collection = {"get": {"tags": [tag], "operationId": f"list_{op}", "summary": f"List {tag.lower()}",
                          "parameters": _list_parameters(module, converter),
                          "responses": {"200": {"description": "A page of records.", "content": page},
                                        **_errors(401, 403, 404, 422)}}}
    item = {"get": {"tags": [tag], "operationId": f"get_{op}", "parameters": [ID],
                    "responses": {"200": {"description": "The record.", "content": record}, **_errors(401, 403, 404)}}}
    if writable:
        collection["post"] = {
            "tags": [tag], "operationId": f"create_{op}", "requestBody": {"required": True, "content": record},
            "responses": {"201": {"description": "Created.", "content": record,
                                  "headers": {"Location": {"schema": {"type": "string"}}}},
                          **_errors(401, 403, 404, 405, 422)}}
        item["patch"] = {
            "tags": [tag], "operationId": f"update_{op}", "parameters": [ID],
            "requestBody": {"required": True, "content": record},
            "responses": {"200": {"description": "Updated.", "content": record}, **_errors(401, 403, 404, 405, 422)}}
        item["delete"] = {
            "tags": [tag], "operationId": f"delete_{op}", "parameters": [ID],
            "responses": {"204": {"description": "Deleted."}, **_errors(401, 403, 404, 405, 409)}}
    spec.path(path=base, operations=collection)
    spec.path(path=f"{base}/{{id}}", operations=item)
    for suffix, schema, summary in (("related", "RelatedList", "Related lists"),
                                    ("strips", "Strip", "Detail strips"), ("actions", "Action", "Status actions")):
        spec.path(path=f"{base}/{{id}}/{suffix}", operations={"get": {
            "tags": [tag], "operationId": f"{suffix}_{op}", "summary": summary, "parameters": [ID],
            "responses": {"200": {"description": summary + ".",
                                  "content": json_content({"type": "array", "items": ref(schema)})},
                          **_errors(401, 403, 404)}}})
    spec.path(path=f"{base}/{{id}}/actions/{{action}}", operations={"post": {
        "tags": [tag], "operationId": f"run_action_{op}", "summary": "Run a status action",
        "parameters": [ID, {"name": "action", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The record after the action.", "content": record},
                      **_errors(401, 403, 404, 409, 422)}}})


def build_spec(reg) -> dict:
    """The OpenAPI document for the modules ``reg`` holds (the core's and every plugin's)."""
    try:
        app_version = version("finsuite")
    except PackageNotFoundError:
        app_version = "0"
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Finsuite API", version=app_version, openapi_version="3.0.3", plugins=[plugin],
        info={"description": "JSON API of every module, the finance plugins' too. Authenticate with "
                             "`Authorization: Bearer <token>` (create a token under your profile). "
                             "Amounts are decimal strings."},
        security=[{"bearerAuth": []}])
    converter = plugin.converter
    converter.add_attribute_function(_decimal_as_string)
    converter.attribute_functions.insert(1, converter.attribute_functions.pop())  # after the type
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    _responses(spec)
    spec.path(path=f"{PREFIX}/modules", operations={"get": {
        "tags": ["Modules"], "operationId": "list_modules", "summary": "The modules this user may view",
        "responses": {"200": {"description": "Modules.", "content": json_content(
            {"type": "array", "items": ref("Module")})}, **_errors(401)}}})
    spec.path(path=f"{PREFIX}/openapi.json", operations={"get": {
        "tags": ["Modules"], "operationId": "openapi", "summary": "This document", "security": [],
        "responses": {"200": {"description": "The OpenAPI document."}}}})
    taken: dict[str, str] = {}
    for module in reg.modules.values():
        name = component_name(module)
        while name in taken or name in ("Error", "ValidationErrors", "Module", "Strip", "Action", "RelatedList"):
            name += "Record"
        taken[name] = module.name
        spec.components.schema(name, schema=module.schema)
        _module_paths(spec, module, name, plugin.converter)
        _document_paths(spec, reg, module)
        _file_paths(spec, module)
    document = spec.to_dict()
    synced = {t.module for t in reg.sync_types.values()}
    for name, module_name in taken.items():
        if module_name in synced:  # fields the sync engine adds (core.sync.state.summary)
            document["components"]["schemas"][name].setdefault("properties", {}).update(SYNC_PROPERTIES)
    return add_concurrency_headers(document)


SYNC_PROPERTIES = {
    "sync_status": {"type": "string", "enum": ["pending", "synced", "failed"], "readOnly": True,
                    "description": "Where the record stands with the finance applications of the enabled apps."},
    "sync_error": {"type": "string", "nullable": True, "readOnly": True,
                   "description": "The finance application's message when the sync failed."},
    "finance_id": {"type": "string", "nullable": True, "readOnly": True,
                   "description": "The record's id in the (first) finance application."},
    "sync": {"type": "array", "readOnly": True, "items": {"type": "object", "properties": {
        "app": {"type": "string"}, "status": {"type": "string"}, "error": {"type": "string"},
        "finance_id": {"type": "string", "nullable": True}}}},
}


def openapi_document(reg) -> dict:
    document = _CACHE.get(reg)
    if document is None:
        document = _CACHE[reg] = build_spec(reg)
    return document


@api.get("/openapi.json", endpoint="openapi")
def openapi():
    return jsonify(openapi_document(registry()))
