"""``GET /api/v1/search?q=``: the global search (C10), as the web UI's top bar answers it: the
records of every module the token's user may view that the words find, grouped by module."""
from __future__ import annotations

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _

from ..inputs import unstorable, unstorable_message
from ..records import Invalid, title
from ..search.everywhere import LIMIT, MAX_LIMIT, search_everywhere
from . import api
from .common import registry
from .openapi_paths import PREFIX, error_refs, json_content

TAG = "Search"


def _params() -> tuple[str, int]:
    """``q`` (required, not blank of characters: a NUL cannot be compared) and ``limit``
    (1 to :data:`MAX_LIMIT`): a 422 naming each one at fault, nothing clamped."""
    errors: dict[str, list[str]] = {}
    q = request.args.get("q")
    if not q:
        errors["q"] = [_("Enter what to search for.")]
    elif unstorable(q):
        errors["q"] = [unstorable_message()]
    raw = request.args.get("limit", str(LIMIT))
    limit = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [_("Must be a whole number from 1 to %(high)s.", high=MAX_LIMIT)]
    if errors:
        raise Invalid(errors)
    return q, limit


@api.get("/search")
def search_view():
    q, limit = _params()
    results = [{"module": found.module.name, "label": str(found.module.label), "total": found.total,
                "records": [{"id": r.id, "title": title(found.module, r, g.relay),
                             "url": url_for(".record_view", name=found.module.name, record_id=r.id)}
                            for r in found.records]}
               for found in search_everywhere(registry(), g.user, g.tenant, g.apps, q, limit)]
    return jsonify(q=q, results=results)


def search_paths(spec) -> None:
    """The operation in the OpenAPI document."""
    record = {"type": "object", "required": ["id", "title", "url"], "properties": {
        "id": {"type": "integer"}, "title": {"type": "string"},
        "url": {"type": "string", "description": "The record in the API."}}}
    group = {"type": "object", "required": ["module", "label", "total", "records"], "properties": {
        "module": {"type": "string"}, "label": {"type": "string"},
        "total": {"type": "integer", "description": "How many records of the module the words find."},
        "records": {"type": "array", "items": record, "description": "The first ones, in the module list's order."}}}
    spec.path(path=f"{PREFIX}/search", operations={"get": {
        "tags": [TAG], "operationId": "search", "summary": "Search every module this user may view",
        "description": "Each word (case and accents ignored: `lodz` finds Łódź) must be in a record's searched "
                       "fields, or in those of the record it refers to (an invoice's customer). Only the modules "
                       "of the enabled apps that the user may view, with something found, in order.",
        "parameters": [
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1}},
            {"name": "limit", "in": "query", "description": "Records per module.",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": LIMIT}}],
        "responses": {"200": {"description": "The modules where something was found.", "content": json_content({
            "type": "object", "required": ["q", "results"], "properties": {
                "q": {"type": "string"}, "results": {"type": "array", "items": group}}})},
            **error_refs(401, 422)}}})
