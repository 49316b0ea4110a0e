"""``create_finance_server(config)``: the embedded finance application over HTTP, in the shape
of Zoho Books v3, Invoice v3, Expense v1, Inventory v1 and Billing v1 (docs/finance-serve.md)."""
from __future__ import annotations

import json

from flask import Flask, g, request

from .base import NotFoundError, RejectedError
from .local import bind_finance, finance_db, init_finance_db
from .local.service import LocalFinance
from .server_envelope import HTTPProblem, envelope
from .server_handlers import handle
from .server_oauth import register_oauth
from .server_records import CRM_FIELD
from .server_routes import APIS
from .server_state import DEFAULTS, ServerState

NOT_AUTHORIZED = "You are not authorized to perform this operation"


def _body() -> dict:
    raw = request.values.get("JSONString")
    try:
        data = json.loads(raw) if raw else (request.get_json(silent=False) if request.data else {})
    except (ValueError, TypeError):
        raise HTTPProblem(400, 4, "Invalid value passed for JSONString: the body is not JSON") from None
    if not isinstance(data, dict):
        raise HTTPProblem(400, 4, "Invalid value passed for JSONString: expected an object")
    return data


#: finance-serve's organisations live in the finance store under this prefix: a namespace of
#: their own, so no organisation it serves is ever a tenant's embedded one (tenant slugs have
#: no ``:``), as at Zoho, where another company's organisation is out of your credentials' reach
SERVED_PREFIX = "served:"


def served_organisation(org: str) -> str:
    """The finance store's name of finance-serve's organisation ``org``."""
    return SERVED_PREFIX + org


def create_finance_server(config: dict | None = None) -> Flask:
    """A Flask app serving the finance store. ``FINANCE_DATABASE_URL`` in ``config`` binds and
    initialises the finance database; otherwise it must already be bound."""
    app = Flask("finance_serve")
    app.config.update(DEFAULTS)
    app.config["FAIL_NEXT"], app.config["LOSE_ANSWER"] = [], []
    app.config.update(config or {})
    app.config["FAIL_NEXT"] = list(app.config["FAIL_NEXT"] or [])
    app.config["LOSE_ANSWER"] = list(app.config["LOSE_ANSWER"] or [])
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

    register_oauth(app)  # /oauth/v2/auth and /oauth/v2/token (server_oauth.py)

    @app.post("/_finserve/faults")
    def faults():
        if not app.config.get("FAULTS_API"):
            return envelope(5, "Invalid URL Passed", 404)
        return envelope(faults=state.set_faults(request.get_json(silent=True) or {}))

    @app.route("/<api>/<version>/<path:rest>", methods=["GET", "POST", "PUT", "DELETE"])
    def dispatch(api, version, rest):
        state.note(request)
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
        service = LocalFinance(served_organisation(org.strip()), api)
        try:
            answer = handle(service, api, resources, rest.strip("/").split("/"), _body)
        except NotFoundError as exc:
            raise HTTPProblem(404, 1002, exc.message) from None
        except RejectedError as exc:
            code = 1001 if exc.code == "duplicate" else exc.code if isinstance(exc.code, int) else 4
            message = exc.message.replace("crm_id", CRM_FIELD) if exc.code == "duplicate" else exc.message
            raise HTTPProblem(400, code, message) from None
        lost = state.lost_answer()
        if lost:  # carried out, and the answer lost on the way back
            raise HTTPProblem(lost, 1000 if lost >= 500 else lost, "Injected fault: the call was carried out, "
                                                                     "its answer lost")
        return answer

    return app


def _authorize(state: ServerState) -> None:
    auth = request.headers.get("Authorization", "")
    token = auth[len("Zoho-oauthtoken "):].strip() if auth.startswith("Zoho-oauthtoken ") else ""
    why = state.check_token(token)
    if why == "expired":
        raise HTTPProblem(401, 57, "The OAuth access token has expired: " + NOT_AUTHORIZED)
    if why:
        raise HTTPProblem(401, 57, NOT_AUTHORIZED)
