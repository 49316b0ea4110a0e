"""JSON errors for the API: 401/403/404/405/409/422 bodies, never an HTML page under /api/."""
from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound as HTTPNotFound, default_exceptions
from werkzeug.routing import RequestRedirect

from ..files import too_large_message
from ..records import Conflict, Invalid, NotFound
from . import api
from .common import allowed_methods, no_route

#: endpoints that answer without a token
PUBLIC_ENDPOINTS = {"api.openapi"}
ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def error_response(code: int, message: str, headers: dict | None = None, **extra):
    response = jsonify({"error": str(message), **extra})
    response.status_code = code
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def errors_response(errors: dict[str, list[str]]):
    response = jsonify({"errors": errors})
    response.status_code = 422
    return response


@api.before_request
def require_token():
    """Every route but the OpenAPI document needs a valid Bearer token: 401 otherwise."""
    if request.endpoint in PUBLIC_ENDPOINTS or g.get("user") is not None:
        return None
    if request.headers.get("Authorization"):
        return error_response(401, _("The API token is invalid or has been revoked."),
                              {"WWW-Authenticate": 'Bearer realm="finsuite", error="invalid_token"'})
    return error_response(401, _("Authentication required: send the header 'Authorization: Bearer <token>'."),
                          {"WWW-Authenticate": 'Bearer realm="finsuite"'})


@api.errorhandler(Invalid)
def on_invalid(exc: Invalid):
    return errors_response(exc.errors)


@api.errorhandler(NotFound)
def on_not_found(exc: NotFound):
    return error_response(404, str(exc))


@api.errorhandler(Conflict)
def on_conflict(exc: Conflict):
    return error_response(409, str(exc))


DEFAULT_MESSAGES = {
    400: lambda: _("The request could not be understood."),
    401: lambda: _("Authentication required."),
    403: lambda: _("You do not have permission to do this."),
    404: lambda: _("Not found."),
    405: lambda: _("This method is not allowed here."),
    413: too_large_message,
    500: lambda: _("Internal error."),
}


@api.errorhandler(HTTPException)
def on_http_error(exc: HTTPException):
    code = exc.code or 500
    default = DEFAULT_MESSAGES.get(code)
    # Werkzeug's stock descriptions are long English sentences; ours are set on purpose
    message = exc.description if exc.description != type(exc).description else None
    message = message or (default() if default else exc.name)
    headers = {}
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        headers["Allow"] = ", ".join(exc.valid_methods)
    return error_response(code, message, headers)


# By code too: an application-wide handler for a code (the web UI's HTML pages) would
# otherwise win over a blueprint's handler registered by class.
for _code in default_exceptions:
    api.register_error_handler(_code, on_http_error)


@api.before_app_request
def _answer_routing_in_json():
    """Under /api/, what routing decides answers JSON too: a method no route has (``TRACE``)
    is a 405 or 404 as :func:`fallback` says; ``OPTIONS`` answers the path's methods in Allow."""
    if not request.path.startswith("/api/"):
        return None
    if request.method == "OPTIONS":
        allowed = allowed_methods()
        if not allowed:
            return on_http_error(HTTPNotFound())
        response = current_app.response_class(status=204)
        response.headers["Allow"] = ", ".join([*allowed, "OPTIONS"])
        del response.headers["Content-Type"]
        return response
    exc = request.routing_exception
    if isinstance(exc, HTTPException) and not isinstance(exc, RequestRedirect):
        return on_http_error(no_route() if isinstance(exc, (MethodNotAllowed, HTTPNotFound)) else exc)
    return None


@api.route("/", methods=ALL_METHODS, endpoint="fallback_root")
@api.route("/<path:rest>", methods=ALL_METHODS, endpoint="fallback")
def fallback(rest: str = ""):
    """No API route matched this path and method: 405 if another method would, else 404."""
    raise no_route()


def _outside(rest: str = ""):
    return error_response(404, _("No such API. The API lives under /api/v1/."))


@api.record_once
def _json_everywhere_under_api(state) -> None:
    """Paths under /api/ outside /api/v1/ (e.g. /api/v2/x) answer JSON too."""
    for rule, endpoint in (("/api", "api_outside_root"), ("/api/<path:rest>", "api_outside")):
        state.app.add_url_rule(rule, endpoint, _outside, methods=ALL_METHODS, strict_slashes=False)
