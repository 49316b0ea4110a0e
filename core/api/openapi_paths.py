"""The paths and shared pieces of the OpenAPI document (:mod:`core.api.openapi`): one module's
list, record, related lists, strips, actions, PDF, e-mail and files, and the error responses."""
from __future__ import annotations

import re

from apispec import APISpec

from ..ids import MAX_ID
from ..record_lists import MAX_PAGE, MAX_PER_PAGE, sort_keys

PREFIX = "/api/v1"

#: a plugin that failed in a page hook: its part is left out of the answer (core.plugin_faults)
PLUGIN_WARNING = {"description": "One per plugin that failed while answering, its part left out of this "
                                 "answer (the rest is complete): `299 - \"plugin <name> failed in <hook>; its part "
                                 "is left out\"`.", "schema": {"type": "string"}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def component_name(module) -> str:
    words = re.findall(r"[A-Za-z0-9]+", f"{module.app or ''} {module.singular}")
    return "".join(w[:1].upper() + w[1:] for w in words) or module.endpoint_name


def shared_components(spec: APISpec) -> None:
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
            "label": {"type": "string"}, "value": {"description": "Amounts are decimal strings."},
            "detail": {"type": "string", "description": "The technical detail behind a sentence (an error as a "
                                                        "service gave it), when there is one."}}}}}})
    spec.components.schema("Action", {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}}})
    spec.components.schema("RelatedList", {"type": "object", "properties": {
        "key": {"type": "string"}, "label": {"type": "string"}, "module": {"type": "string"},
        "can_create": {"type": "boolean"}, "total": {"type": "integer"},
        "records": {"type": "array", "items": {"type": "object", "description": "Records of `module`."}}}})
    for name, description, schema in (
            ("Unauthorized", "No token, or a bad one.", "Error"),
            ("Forbidden", "The profile lacks the permission.", "Error"),
            ("BadRequest", "The body is not valid JSON.", "Error"),
            ("NotFound", "No such module or record in this organisation.", "Error"),
            ("MethodNotAllowed", "The module is read-only, or the method does not apply.", "Error"),
            ("Conflict", "The record's state or links forbid it.", "Error"),
            ("Unprocessable", "Validation failed.", "ValidationErrors")):
        spec.components.response(name, {"description": description, "content": json_content(ref(schema))})


def error_refs(*codes: int) -> dict:
    names = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
             409: "Conflict", 422: "Unprocessable"}
    return {str(code): {"$ref": f"#/components/responses/{names[code]}"} for code in codes}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


def _list_parameters(module, converter) -> list[dict]:
    """What :func:`core.api.common.list_params` accepts, with the same ranges and keys."""
    params = [
        {"name": "page", "in": "query", "description": "Past the last page, the page is empty.",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        {"name": "per_page", "in": "query",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 25}},
        {"name": "q", "in": "query", "description": f"Searches {', '.join(module.search_fields) or 'nothing'}.",
         "schema": {"type": "string"}},
        {"name": "sort", "in": "query", "description": "A field name; prefix with '-' to sort descending.",
         "schema": {"type": "string", "enum": sort_keys(module), "default": module.default_sort}},
    ]
    schema_fields = module.schema().fields
    for name in module.filter_fields:
        field = schema_fields.get(name)
        prop = converter.field2property(field) if field is not None else {"type": "string"}
        prop = {k: v for k, v in prop.items() if k in ("type", "format", "enum", "pattern", "minimum", "maximum")}
        params.append({"name": name, "in": "query", "description": f"Only records whose {name} equals this.",
                       "schema": prop or {"type": "string"}})
    from .openapi_views import VIEW_PARAMETER
    return [*params, VIEW_PARAMETER]


EMAIL_BODY = {"type": "object", "required": ["to", "subject"], "properties": {
    "to": {"type": "array", "items": {"type": "string", "format": "email"}},
    "cc": {"type": "array", "items": {"type": "string", "format": "email"}},
    "subject": {"type": "string"}, "body": {"type": "string"},
    "attach_pdf": {"type": "boolean"}, "attach_statement": {"type": "boolean"}},
    "additionalProperties": {"type": "boolean", "description": "Another option the record offers."}}


EMAIL_LOG_ENTRY = {"type": "object", "required": ["id", "module", "record_id", "to", "subject", "sent_at", "status"],
                   "properties": {
    "id": {"type": "integer"}, "module": {"type": "string"}, "record_id": {"type": "integer"},
    "user_id": {"type": "integer", "nullable": True, "description": "Who sent it (null: the user was deleted)."},
    "to": {"type": "array", "items": {"type": "string"}}, "cc": {"type": "array", "items": {"type": "string"}},
    "subject": {"type": "string"}, "attachments": {"type": "array", "items": {"type": "string"},
                                                   "description": "The attachments' file names."},
    "sent_at": {"type": "string", "format": "date-time", "description": "When it was sent, or tried."},
    "status": {"type": "string", "enum": ["sent", "failed"]},
    "error": {"type": "string", "nullable": True, "description": "Why it failed, in a sentence (null when sent)."},
    "resent_from": {"type": "integer", "nullable": True, "description": "The entry this one sent again."}}}
EMAIL_LOG_PAGE = {"type": "object", "properties": {
    "data": {"type": "array", "items": ref("EmailLogEntry")}, "page": {"type": "integer"},
    "per_page": {"type": "integer"}, "total": {"type": "integer"}, "has_more": {"type": "boolean"}}}
EMAIL_LOG_PARAMETERS = [
    {"name": "page", "in": "query", "description": "Past the last page, the page is empty.",
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 25}},
    {"name": "status", "in": "query", "description": "Only the e-mails sent, or only those that failed.",
     "schema": {"type": "string", "enum": ["sent", "failed"]}}]


def email_log_paths(spec: APISpec) -> None:
    """The organisation's e-mail log and a resend (B15, :mod:`core.api.emails`)."""
    spec.components.schema("EmailLogEntry", EMAIL_LOG_ENTRY)
    spec.path(path=f"{PREFIX}/emails", operations={"get": {
        "tags": ["E-mail log"], "operationId": "list_emails", "parameters": EMAIL_LOG_PARAMETERS,
        "summary": "Every e-mail sent (or tried) from a record of the organisation, newest first (administrators)",
        "responses": {"200": {"description": "A page of the log.", "content": json_content(EMAIL_LOG_PAGE)},
                      **error_refs(401, 403, 422)}}})
    spec.path(path=f"{PREFIX}/emails/{{id}}/resend", operations={"post": {
        "tags": ["E-mail log"], "operationId": "resend_email", "parameters": [ID],
        "summary": "Send a logged e-mail again, to the same recipients with the same text and options",
        "responses": {"201": {"description": "Sent again: the new entry.", "content": json_content(ref("EmailLogEntry"))},
                      "502": {"description": "The SMTP server refused or could not be reached (the failure is logged).",
                              "content": json_content(ref("Error"))},
                      **error_refs(401, 403, 404, 409)}}})


def document_paths(spec: APISpec, reg, module) -> None:
    """``/pdf``, ``/email`` and ``/emails`` for modules with a PDF or e-mail template (B7, B8, B15)."""
    base, tag, op = f"{PREFIX}/{module.name}", str(module.label), module.endpoint_name
    if module.name in reg.pdf_templates:
        spec.path(path=f"{base}/{{id}}/pdf", operations={"get": {
            "tags": [tag], "operationId": f"pdf_{op}", "summary": "The record as a PDF", "parameters": [ID],
            "responses": {"200": {"description": "The PDF.", "content": {"application/pdf": {
                "schema": {"type": "string", "format": "binary"}}}}, **error_refs(401, 403, 404)}}})
    if module.name in reg.email_templates:
        spec.path(path=f"{base}/{{id}}/email", operations={"post": {
            "tags": [tag], "operationId": f"email_{op}", "summary": "Send the record by e-mail (SMTP)",
            "parameters": [ID], "requestBody": {"required": True, "content": json_content(EMAIL_BODY)},
            "responses": {"201": {"description": "Sent and logged.", "content": json_content(ref("EmailLogEntry"))},
                          "502": {"description": "The SMTP server refused or could not be reached (the failure is "
                                                 "logged).", "content": json_content(ref("Error"))},
                          **error_refs(400, 401, 403, 404, 422)}}})
        spec.path(path=f"{base}/{{id}}/emails", operations={"get": {
            "tags": [tag], "operationId": f"emails_{op}", "summary": "The e-mails sent (or tried) from the record",
            "parameters": [ID, *EMAIL_LOG_PARAMETERS],
            "responses": {"200": {"description": "A page of the record's e-mail log, newest first.",
                                  "content": json_content(EMAIL_LOG_PAGE)}, **error_refs(401, 403, 404, 422)}}})


def file_paths(spec: APISpec, module) -> None:
    """``/files/<field>`` of modules with file fields (an expense's receipt)."""
    from ..files import file_fields
    base, tag, op = f"{PREFIX}/{module.name}", str(module.label), module.endpoint_name
    for name in file_fields(module):
        upload = {"multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "A PNG, JPEG, GIF, WebP or PDF (checked by content), up to the size limit."}}}}}
        answer = {"description": "The stored file: id, name, content_type, size."}
        def upload_operation(method: str) -> dict:
            return {"tags": [tag], "operationId": f"upload_{op}_{name}" + ("_post" if method == "post" else ""),
                    "summary": f"Upload the {name}", "parameters": [ID],
                    "requestBody": {"required": True, "content": upload},
                    "responses": {"200": answer, **error_refs(401, 403, 404, 409, 422)}}
        spec.path(path=f"{base}/{{id}}/files/{name}", operations={
            "get": {"tags": [tag], "operationId": f"download_{op}_{name}", "summary": f"Download the {name}",
                    "parameters": [ID], "responses": {"200": {"description": "The file, as an attachment."},
                                                      **error_refs(401, 403, 404)}},
            "put": upload_operation("put"), "post": upload_operation("post")})


def module_paths(spec: APISpec, module, schema_name: str, converter) -> None:
    from .openapi_views import FILTERS, LIST_VIEW
    base, tag, op = f"{PREFIX}/{module.name}", str(module.label), module.endpoint_name
    writable = not module.read_only
    record = json_content(ref(schema_name))
    page = json_content({"type": "object", "properties": {
        "data": {"type": "array", "items": ref(schema_name)}, "page": {"type": "integer"},
        "per_page": {"type": "integer"}, "total": {"type": "integer"}, "has_more": {"type": "boolean"},
        "view": LIST_VIEW}})
    collection = {"get": {"tags": [tag], "operationId": f"list_{op}", "summary": f"List {tag.lower()}",
                          "description": FILTERS,
                          "parameters": _list_parameters(module, converter),
                          "responses": {"200": {"description": "A page of records.", "content": page},
                                        **error_refs(401, 403, 404, 422)}}}
    item = {"get": {"tags": [tag], "operationId": f"get_{op}", "parameters": [ID],
                    "responses": {"200": {"description": "The record.", "content": record}, **error_refs(401, 403, 404)}}}
    if writable:
        collection["post"] = {
            "tags": [tag], "operationId": f"create_{op}", "requestBody": {"required": True, "content": record},
            "responses": {"201": {"description": "Created.", "content": record,
                                  "headers": {"Location": {"schema": {"type": "string"}}}},
                          **error_refs(400, 401, 403, 404, 405, 422)}}
        item["patch"] = {
            "tags": [tag], "operationId": f"update_{op}", "parameters": [ID],
            "requestBody": {"required": True, "content": json_content(ref(schema_name + "Changes"))},
            "responses": {"200": {"description": "Updated.", "content": record},
                          **error_refs(400, 401, 403, 404, 405, 409, 422)}}
        item["delete"] = {
            "tags": [tag], "operationId": f"delete_{op}", "parameters": [ID],
            "responses": {"204": {"description": "Deleted."}, **error_refs(401, 403, 404, 405, 409)}}
    spec.path(path=base, operations=collection)
    spec.path(path=f"{base}/{{id}}", operations=item)
    for suffix, schema, summary in (("related", "RelatedList", "Related lists"),
                                    ("strips", "Strip", "Detail strips"), ("actions", "Action", "Status actions")):
        spec.path(path=f"{base}/{{id}}/{suffix}", operations={"get": {
            "tags": [tag], "operationId": f"{suffix}_{op}", "summary": summary, "parameters": [ID],
            "responses": {"200": {"description": summary + ".", "headers": {"Warning": PLUGIN_WARNING},
                                  "content": json_content({"type": "array", "items": ref(schema)})},
                          **error_refs(401, 403, 404)}}})
    spec.path(path=f"{base}/{{id}}/actions/{{action}}", operations={"post": {
        "tags": [tag], "operationId": f"run_action_{op}", "summary": "Run a status action",
        "parameters": [ID, {"name": "action", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "The record after the action.", "content": record},
                      "201": {"description": "The record the action made (Convert to Invoice: the new invoice), "
                                             "as its own module's GET answers it; its address in Location.",
                              "headers": {"Location": {"schema": {"type": "string"}}},
                              "content": json_content({"type": "object", "required": ["id"],
                                                       "properties": {"id": {"type": "integer"}}})},
                      **error_refs(401, 403, 404, 409, 422)}}})
