"""The HTTP headers of concurrency and retries in the OpenAPI document, added to every module's
operations once the document is built: ``ETag`` on one record's answers, ``If-Match`` and 412
on its writes (:mod:`core.api.preconditions`), ``Idempotency-Key`` on every POST
(:mod:`core.api.idempotency`)."""
from __future__ import annotations

IF_MATCH = {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"}, "description":
            "The record's ETag as read (`\"3\"`; `*` matches any): the write happens only if the record is "
            "still at that version, else 412. Without it the write goes ahead (the last write wins)."}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "minLength": 1, "maxLength": 255}, "description":
                   "A unique key (a UUID) per intended request: a retry with the same key and body within 24 "
                   "hours answers the first result again (with `Idempotent-Replayed: true`) and writes nothing; "
                   "the same key with another request is 422; while the first is still running, 409."}
ETAG = {"description": "The record's version, a strong entity tag (`\"3\"`); send it in `If-Match`.",
        "schema": {"type": "string"}}
REPLAYED = {"description": "`true` when this is the stored answer of an earlier request with the same "
                           "Idempotency-Key.", "schema": {"type": "string", "enum": ["true"]}}
STALE = {"type": "object", "required": ["error"], "properties": {
    "error": {"type": "string"},
    "changes": {"type": "array", "description": "The writes since the version in If-Match, oldest first.",
                "items": {"type": "object", "properties": {
                    "version": {"type": "integer"}, "user": {"type": "string", "nullable": True,
                                                             "description": "null: the finance application."},
                    "at": {"type": "string", "format": "date-time"}, "action": {"type": "string"},
                    "fields": {"type": "object", "description": "Each changed field's new value."}}}}}}


def _answers_a_record(method: str, path: str) -> bool:
    """One record's GET, PATCH, create, action and upload answer its ETag (a custom view has none)."""
    return ((method in ("get", "patch") and path.endswith("/{id}"))
            or (method == "post" and "{id}" not in path and not path.endswith("/views"))
            or (method == "post" and "/{id}/actions/" in path) or (method in ("put", "post") and "/{id}/files/" in path))


def _writes_a_record(method: str, path: str) -> bool:
    """Writes that honour If-Match: PATCH and DELETE of a record, its actions and uploads."""
    return ((method in ("patch", "delete") and path.endswith("/{id}")) or (method == "post" and "/{id}/actions/" in path)
            or (method in ("put", "post") and "/{id}/files/" in path))


def add_concurrency_headers(document: dict) -> dict:
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["StaleError"] = STALE
    components.setdefault("responses", {})["PreconditionFailed"] = {
        "description": "The record is not at the version If-Match names: who changed what since.",
        "headers": {"ETag": dict(ETAG)},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StaleError"}}}}
    for path, operations in document.get("paths", {}).items():
        if not path.startswith("/api/v1/") or path.endswith("/openapi.json"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            success = [r for code, r in responses.items() if code.startswith("2") and "$ref" not in r]
            if _answers_a_record(method, path):
                for answer in success:
                    answer.setdefault("headers", {})["ETag"] = dict(ETAG)
            if _writes_a_record(method, path):
                operation.setdefault("parameters", []).append(dict(IF_MATCH))
                responses["412"] = {"$ref": "#/components/responses/PreconditionFailed"}
            if method == "post":
                operation.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY))
                for answer in success:
                    answer.setdefault("headers", {})["Idempotent-Replayed"] = dict(REPLAYED)
                responses.setdefault("409", {"$ref": "#/components/responses/Conflict"})
                responses.setdefault("422", {"$ref": "#/components/responses/Unprocessable"})
    return document
