"""``GET /api/v1/openapi.json``: an OpenAPI 3 document generated from the registered modules'
schemas (apispec + MarshmallowPlugin), so a plugin's modules appear with no extra work.

Built once per application (per registry) and cached.
"""
from __future__ import annotations

import weakref
from importlib.metadata import PackageNotFoundError, version

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import jsonify
from marshmallow import fields

from . import api
from ..ids import MAX_ID
from ..schemas import RecordIdField
from .common import registry
from .openapi_paths import (
    PREFIX, component_name, document_paths, email_log_paths, error_refs, file_paths, json_content, module_paths, ref,
    shared_components,
)
from .openapi_headers import add_concurrency_headers
from .openapi_reports import REPORT_COMPONENTS, report_paths
from .openapi_views import view_components, view_paths
from .openapi_dashboards import add_dashboard_paths
from .search import search_paths

_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _decimal_as_string(self, field, **kwargs) -> dict:
    """Amounts travel as decimal strings (``"59.97"``), never as floats. Runs right after
    the type mapping, so a range on such a field becomes ``x-minimum`` / ``x-maximum``."""
    if isinstance(field, fields.Decimal) and field.as_string:
        return {"type": "string", "format": "decimal", "pattern": decimal_pattern(getattr(field, "decimal_places", None))}
    if isinstance(field, RecordIdField):
        return {"minimum": 1, "maximum": MAX_ID}
    return {}


def decimal_pattern(places: int | None) -> str:
    """What :func:`core.inputs.plain_decimal` accepts: ASCII digits, a leading minus but not on
    zero, at most ``places`` decimal places."""
    decimals = r"(\.[0-9]+)?" if places is None else (r"(\.[0-9]{1,%d})?" % places if places else "")
    return r"^(?!-0+(\.0+)?$)-?[0-9]+" + decimals + "$"


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
    shared_components(spec)
    view_components(spec)
    spec.path(path=f"{PREFIX}/modules", operations={"get": {
        "tags": ["Modules"], "operationId": "list_modules", "summary": "The modules this user may view",
        "responses": {"200": {"description": "Modules.", "content": json_content(
            {"type": "array", "items": ref("Module")})}, **error_refs(401)}}})
    spec.path(path=f"{PREFIX}/openapi.json", operations={"get": {
        "tags": ["Modules"], "operationId": "openapi", "summary": "This document", "security": [],
        "responses": {"200": {"description": "The OpenAPI document."}}}})
    report_paths(spec)
    email_log_paths(spec)
    search_paths(spec)
    taken: dict[str, str] = {}
    for module in reg.modules.values():
        name = component_name(module)
        while name in taken or name in ("Error", "ValidationErrors", "Module", "Strip", "Action", "RelatedList",
                                        "ViewFilter", "SavedView", "EmailLogEntry", *REPORT_COMPONENTS):
            name += "Record"
        taken[name] = module.name
        spec.components.schema(name, schema=module.schema)
        module_paths(spec, module, name, plugin.converter)
        document_paths(spec, reg, module)
        file_paths(spec, module)
        view_paths(spec, module)
    document = spec.to_dict()
    schemas = document["components"]["schemas"]
    for name, module_name in taken.items():
        _nullable_outputs(schemas[name], reg.modules[module_name])
        # PATCH changes only the fields it sends (``load(partial=True)``): none is required
        schemas[name + "Changes"] = {k: v for k, v in schemas[name].items() if k != "required"}
    synced = {t.module for t in reg.sync_types.values()}
    for name, module_name in taken.items():
        if module_name in synced:  # fields the sync engine adds (core.sync.state.summary)
            document["components"]["schemas"][name].setdefault("properties", {}).update(SYNC_PROPERTIES)
    return add_dashboard_paths(add_concurrency_headers(document))


def _nullable_outputs(component: dict, module) -> None:
    """A read-only field answers null where its column may be empty: ``nullable`` (apispec
    already marks the fields that accept null, ``allow_none``)."""
    from ..record_lists import model_field
    properties = component.get("properties", {})
    for name, field in module.schema().fields.items():
        column = model_field(module, field.attribute or name)
        if field.dump_only and column is not None and column.null:
            properties[field.data_key or name]["nullable"] = True


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
