"""``create_finance_server(config)``: the embedded finance application over HTTP, in the shape
of Zoho Books v3, Invoice v3, Expense v1, Inventory v1 and Billing v1 (docs/finance-serve.md)."""
from __future__ import annotations

import json

from flask import Flask, g, jsonify, request

from .base import NotFoundError, RejectedError
from .local import bind_finance, finance_db, init_finance_db
from .local.listing import MAX_PER_PAGE, list_page
from .local.service import LocalFinance
from .server_routes import APIS, MADE_BY_FINANCE, STATUS_ENDPOINTS, VERB_ENDPOINTS
from .server_state import DEFAULTS, ServerState

NOT_AUTHORIZED = "You are not authorized to perform this operation"


def envelope(code=0, message="success", status=200, **data):
    return jsonify({"code": code, "message": message, **data}), status


class HTTPProblem(Exception):
    def __init__(self, status: int, code: int, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _body() -> dict:
    raw = request.values.get("JSONString")
    try:
        data = json.loads(raw) if raw else (request.get_json(silent=False) if request.data else {})
    except (ValueError, TypeError):
        raise HTTPProblem(400, 4, "Invalid value passed for JSONString: the body is not JSON") from None
    if not isinstance(data, dict):
        raise HTTPProblem(400, 4, "Invalid value passed for JSONString: expected an object")
    return data


def _shape(resource, record: dict) -> dict:
    out = {**record, resource.id_field: record["id"]}
    if resource.plural == "customers":
        out["display_name"] = record.get("contact_name")
    return out


def create_finance_server(config: dict | None = None) -> Flask:
    """A Flask app serving the finance store. ``FINANCE_DATABASE_URL`` in ``config`` binds and
    initialises the finance database; otherwise it must already be bound."""
    app = Flask("finance_serve")
    app.config.update(DEFAULTS)
    app.config["FAIL_NEXT"] = []
    app.config.update(config or {})
    app.config["FAIL_NEXT"] = list(app.config["FAIL_NEXT"] or [])
    state = app.extensions["finance_serve"] = ServerState(app.config)
    if app.config.get("FINANCE_DATABASE_URL"):
        bind_finance(app.config["FINANCE_DATABASE_URL"])
        with finance_db.connection_context():
            init_finance_db()

    @app.teardown_request
    def close_db(exc):
        if finance_db.obj is not None and not finance_db.is_closed():
            finance_db.close()

    @app.errorhandler(HTTPProblem)
    def problem(exc):
        resp, status = envelope(exc.code, exc.message, exc.status)
        if exc.status == 429:  # as Zoho: X-Rate-Limit-* and no Retry-After
            resp.headers.update(getattr(exc, "headers", None) or state.throttled())
        return resp, status

    @app.after_request
    def rate_limit_headers(resp):
        if g.get("finserve_org") and "X-Rate-Limit-Limit" not in resp.headers:
            resp.headers.update(state.usage_headers(g.finserve_org))
        return resp

    @app.errorhandler(404)
    def unknown_url(exc):
        return envelope(5, "Invalid URL Passed", 404)

    @app.errorhandler(405)
    def bad_method(exc):
        return envelope(5, "Invalid URL Passed (method not allowed)", 405)

    @app.errorhandler(500)
    def internal(exc):
        return envelope(1000, "Internal error", 500)

    @app.post("/oauth/v2/token")
    def token():
        values, cfg = request.values, app.config
        if values.get("grant_type") != "refresh_token":
            return jsonify({"error": "unsupported_grant_type"})
        if values.get("client_id") != cfg["CLIENT_ID"] or values.get("client_secret") != cfg["CLIENT_SECRET"]:
            return jsonify({"error": "invalid_client"})
        if values.get("refresh_token") != cfg["REFRESH_TOKEN"]:
            return jsonify({"error": "invalid_code"})
        access, ttl = state.issue_token()
        return jsonify({"access_token": access, "expires_in": ttl, "token_type": "Bearer",
                        "api_domain": request.host_url.rstrip("/")})

    @app.post("/_finserve/faults")
    def faults():
        if not app.config.get("FAULTS_API"):
            return envelope(5, "Invalid URL Passed", 404)
        return envelope(faults=state.set_faults(request.get_json(silent=True) or {}))

    @app.route("/<api>/<version>/<path:rest>", methods=["GET", "POST", "PUT", "DELETE"])
    def dispatch(api, version, rest):
        fault = state.next_fault()
        if fault:
            raise HTTPProblem(fault, {429: 44, 401: 57}.get(fault, 1000 if fault >= 500 else fault),
                              {429: "API call limit exceeded.", 401: NOT_AUTHORIZED}.get(fault, "Injected fault"))
        state.latency()
        if f"{api}/{version}" not in APIS:
            raise HTTPProblem(404, 5, "Invalid URL Passed")
        header, resources = APIS[f"{api}/{version}"]
        _authorize(state)
        org = (request.headers.get(header) if header else request.args.get("organization_id")) or ""
        if not org.strip():
            where = f"header {header}" if header else "parameter organization_id"
            raise HTTPProblem(400, 6041, f"organization_id is required (the {where} is missing)")
        g.finserve_org = org.strip()
        over = state.rate_limited(org.strip())
        if over:
            exc = HTTPProblem(429, 44, "API call limit exceeded: at most "
                              f"{app.config['RATE_LIMIT']} requests per minute and {app.config['DAILY_BUDGET']} "
                              "a day per organisation.")
            exc.headers = over
            raise exc
        service = LocalFinance(org.strip(), api)
        try:
            return _handle(service, resources, rest.strip("/").split("/"))
        except NotFoundError as exc:
            raise HTTPProblem(404, 1002, exc.message) from None
        except RejectedError as exc:
            code = 1001 if exc.code == "duplicate" else exc.code if isinstance(exc.code, int) else 4
            raise HTTPProblem(400, code, exc.message) from None

    return app


def _authorize(state: ServerState) -> None:
    auth = request.headers.get("Authorization", "")
    token = auth[len("Zoho-oauthtoken "):].strip() if auth.startswith("Zoho-oauthtoken ") else ""
    why = state.check_token(token)
    if why == "expired":
        raise HTTPProblem(401, 57, "The OAuth access token has expired: " + NOT_AUTHORIZED)
    if why:
        raise HTTPProblem(401, 57, NOT_AUTHORIZED)


def _handle(service: LocalFinance, resources: dict, parts: list[str]):
    from .server_ops import operation
    name, method = parts[0], request.method
    if name in ("shipmentorders", "inventoryadjustments") and "packages" in resources:
        return operation(service, name, parts, _body())
    resource = resources.get(name)
    if resource is None:
        raise HTTPProblem(404, 5, "Invalid URL Passed")
    doc_type = resource.doc_type
    if len(parts) == 1 and method == "GET":
        return _list(service, resource)
    if len(parts) == 1 and method == "POST":
        body = _body()
        if doc_type in MADE_BY_FINANCE:
            return operation(service, name, parts, body)
        if resource.plural == "customers":
            body = {"contact_name": body.get("display_name"), **body, "contact_type": "customer"}
        record = service.create(doc_type, body)
        return envelope(0, f"The {resource.label.lower()} has been created.", 201,
                        **{resource.singular: _shape(resource, record)})
    if len(parts) == 2 and method == "GET":
        record = service.get(doc_type, parts[1])
        if record is None:
            raise HTTPProblem(404, 1002, f"{resource.label} does not exist.")
        return envelope(**{resource.singular: _shape(resource, record)})
    if len(parts) == 2 and method == "PUT":
        body = _body()
        if resource.plural == "customers" and "display_name" in body:
            body = {"contact_name": body["display_name"], **body}
        record = service.update(doc_type, parts[1], body)
        return envelope(0, f"The {resource.label.lower()} has been updated.",
                        **{resource.singular: _shape(resource, record)})
    if len(parts) == 2 and method == "DELETE":
        if doc_type in MADE_BY_FINANCE:
            raise HTTPProblem(405, 5, "Invalid URL Passed (method not allowed)")
        service.delete(doc_type, parts[1])
        return envelope(0, f"The {resource.label.lower()} has been deleted.")
    if method == "POST" and len(parts) in (3, 4):
        action = _action_for(service, doc_type, parts)
        record = service.action(doc_type, parts[1], action)
        return envelope(0, f"{resource.label} status has been changed to {record.get('status')}.",
                        **{resource.singular: _shape(resource, record)})
    raise HTTPProblem(405 if len(parts) <= 2 else 404, 5, "Invalid URL Passed")


def _action_for(service: LocalFinance, doc_type: str, parts: list[str]) -> str:
    if len(parts) == 4 and parts[2] == "status":
        choice = STATUS_ENDPOINTS.get(doc_type, {}).get(parts[3])
        if callable(choice):
            current = service.get(doc_type, parts[1])
            if current is None:
                raise NotFoundError(f"{doc_type} {parts[1]} does not exist.", 1002)
            choice = choice(current["status"])
    elif len(parts) == 3:
        choice = VERB_ENDPOINTS.get(doc_type, {}).get(parts[2])
        if callable(choice):
            choice = choice(request.args)
    else:
        choice = None
    if not choice:
        raise HTTPProblem(404, 5, "Invalid URL Passed")
    return choice


def _list(service: LocalFinance, resource):
    args = request.args
    try:
        page, per_page = int(args.get("page", 1)), int(args.get("per_page", MAX_PER_PAGE))
    except ValueError:
        raise HTTPProblem(400, 4, "Invalid value passed for page or per_page") from None
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    since = args.get("last_modified_time") or None
    if since:
        from .local.validate import parse_time
        try:
            since = parse_time(since)
        except ValueError:
            raise HTTPProblem(400, 4, f"Invalid value passed for last_modified_time: {since!r}") from None
    filters = {k: args.get(k) for k in ("crm_id", "status", "customer_id", "vendor_id", "contact_type",
                                        "salesorder_id")}
    if resource.plural == "customers":
        filters["contact_type"] = "customer"
    sort_column = args.get("sort_column")
    descending = args.get("sort_order", "A").upper() == "D"
    records, more = list_page(service, resource.doc_type, page, per_page, since, sort_column,
                              descending, filters)
    return envelope(**{resource.plural: [_shape(resource, r) for r in records],
                       "page_context": {"page": max(page, 1), "per_page": per_page, "has_more_page": more,
                                        "sort_column": sort_column or "created_time",
                                        "sort_order": "D" if descending else "A"}})
