"""finance-serve's resource calls: list, create, the upsert on our custom field, get, update,
delete, status and verb endpoints, each as Zoho documents it (docs/finance-serve.md)."""
from __future__ import annotations

from flask import request

from .base import RejectedError
from .local.listing import MAX_PER_PAGE, list_page
from .local.service import LocalFinance
from .server_envelope import HTTPProblem as _problem
from .server_envelope import envelope as _envelope
from .server_records import BOOKS_APIS, CRM_FIELD, incoming, list_filters, list_order, new_persons, shape
from .server_routes import MADE_BY_FINANCE, STATUS_ENDPOINTS, VERB_ENDPOINTS, VERB_MESSAGES
from .server_taxes import settings


def handle(service: LocalFinance, api: str, resources: dict, parts: list[str], body_of):
    from .server_ops import operation
    name, method = parts[0], request.method
    if name in ("shipmentorders", "inventoryadjustments") and "packages" in resources:
        return operation(service, name, parts, body_of())
    if name == "settings" and api in BOOKS_APIS:
        return settings(service, parts, body_of)
    resource = resources.get(name)
    if resource is None:
        raise _problem(404, 5, "Invalid URL Passed")
    doc_type, label = resource.doc_type, resource.label
    if len(parts) == 1 and method == "GET":
        return _list(service, api, resource)
    if len(parts) == 1 and method == "POST":
        body = body_of()
        if doc_type in MADE_BY_FINANCE:
            return operation(service, name, parts, body)
        record = service.create(doc_type, new_persons(_body(api, resource, body)), crm_id_required=False)
        return _envelope(0, f"The {label.lower()} has been created.", 201, **{resource.singular: shape(resource, record)})
    if len(parts) == 1 and method == "PUT" and doc_type not in MADE_BY_FINANCE:
        return _upsert(service, api, resource, body_of())
    if len(parts) == 2 and method == "GET":
        record = service.get(doc_type, parts[1])
        if record is None:
            raise _problem(404, 1002, f"{label} does not exist.")
        return _envelope(**{resource.singular: shape(resource, record)})
    if len(parts) == 2 and method == "PUT" and doc_type not in MADE_BY_FINANCE:
        if service.get(doc_type, parts[1]) is None:  # the id first, then the body
            raise _problem(404, 1002, f"{label} does not exist.")
        record = service.update(doc_type, parts[1], _body(api, resource, body_of()))
        return _envelope(0, f"The {label.lower()} has been updated.", **{resource.singular: shape(resource, record)})
    if len(parts) == 2 and method == "DELETE" and doc_type not in MADE_BY_FINANCE:
        service.delete(doc_type, parts[1])
        return _envelope(0, f"The {label.lower()} has been deleted.")
    if method == "POST" and len(parts) == 4 and parts[2] == "status":
        return _status(service, resource, parts[1], parts[3])
    if method == "POST" and len(parts) == 3:
        return _verb(service, resource, parts[1], parts[2])
    raise _problem(405 if len(parts) <= 2 else 404, 5, "Invalid URL Passed")


def _body(api: str, resource, body: dict) -> dict:
    if resource.plural == "customers":
        body = {"contact_name": body.get("display_name"), **body, "contact_type": "customer"}
    return incoming(api, resource, body)


def _upsert(service: LocalFinance, api: str, resource, body: dict):
    """``PUT /<resource>`` "using a custom field's unique value": the record whose custom field
    ``X-Unique-Identifier-Key`` holds ``X-Unique-Identifier-Value`` is updated; with
    ``X-Upsert: true`` one is created when none does."""
    key = (request.headers.get("X-Unique-Identifier-Key") or "").strip()
    value = (request.headers.get("X-Unique-Identifier-Value") or "").strip()
    if not key or not value:
        raise _problem(400, 4, "X-Unique-Identifier-Key and X-Unique-Identifier-Value are required to update "
                               "a record by a custom field's unique value")
    if key != CRM_FIELD:
        raise _problem(400, 4, f"{key} is not a custom field with unique values of this organisation "
                               f"(its one is {CRM_FIELD})")
    doc_type, label = resource.doc_type, resource.label
    payload = _body(api, resource, body)
    existing = service.find_by_crm_id(doc_type, value)
    if existing is None and str(request.headers.get("X-Upsert", "")).lower() == "true":
        try:
            record = service.create(doc_type, {**new_persons(payload), "crm_id": value})
            return _envelope(0, f"The {label.lower()} has been created.", 201,
                             **{resource.singular: shape(resource, record)})
        except RejectedError as exc:  # made by a concurrent upsert meanwhile: update it
            existing = service.find_by_crm_id(doc_type, value) if exc.code == "duplicate" else None
            if existing is None:
                raise
    if existing is None:
        raise _problem(404, 1002, f"{label} does not exist.")
    record = service.update(doc_type, existing["id"], payload)
    return _envelope(0, f"The {label.lower()} has been updated.", **{resource.singular: shape(resource, record)})


def _status(service: LocalFinance, resource, finance_id: str, endpoint: str):
    """``POST /<resource>/<id>/status/<status>``: only from the statuses Zoho documents it from;
    answered ``{code, message}`` as Zoho does."""
    spec = STATUS_ENDPOINTS.get(resource.doc_type, {}).get(endpoint)
    if spec is None:
        raise _problem(404, 5, "Invalid URL Passed")
    action, sources, http_status, message = spec
    current = service.get(resource.doc_type, finance_id)
    if current is None:
        raise _problem(404, 1002, f"{resource.label} does not exist.")
    if sources is not None and current["status"] not in sources:
        wanted = " or ".join(sorted(sources))
        raise _problem(400, 1003, f"{resource.label} is {current['status']}: only a {wanted} "
                                  f"{resource.label.lower()} can be marked as {endpoint}.")
    service.action(resource.doc_type, finance_id, action)
    return _envelope(0, message, http_status)


def _verb(service: LocalFinance, resource, finance_id: str, verb: str):
    choice = VERB_ENDPOINTS.get(resource.doc_type, {}).get(verb)
    if callable(choice):
        choice = choice(request.args)
    if not choice:
        raise _problem(404, 5, "Invalid URL Passed")
    record = service.action(resource.doc_type, finance_id, choice)
    if resource.doc_type == "expense_reports":
        return _envelope(0, VERB_MESSAGES[verb])
    return _envelope(0, f"{resource.label} status has been changed to {record.get('status')}.",
                     **{resource.singular: shape(resource, record)})


def _list(service: LocalFinance, api: str, resource):
    """A page of a list, with the documented filters only, newest first (docs/finance-serve.md
    "List parameters")."""
    args = request.args
    try:
        page, per_page = int(args.get("page", 1)), int(args.get("per_page", MAX_PER_PAGE))
    except ValueError:
        raise _problem(400, 4, "Invalid value passed for page or per_page") from None
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    after, by_modified = list_order(api, resource, args)
    if after:
        from .local.validate import parse_time
        try:
            after = parse_time(after)
        except ValueError:
            raise _problem(400, 4, f"Invalid value passed for last_modified_time: {after!r}") from None
    filters, nothing = list_filters(api, resource, args)
    records, more = ([], False) if nothing else list_page(service, resource.doc_type, page, per_page, after,
                                                         by_modified, filters)
    return _envelope(**{resource.plural: [shape(resource, r, listing=True, api=api) for r in records],
                        "page_context": {"page": max(page, 1), "per_page": per_page, "has_more_page": more,
                                         "sort_column": "last_modified_time" if by_modified else "created_time",
                                         "sort_order": "D"}})
