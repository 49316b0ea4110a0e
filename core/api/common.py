"""What every API route needs: the module a URL names, permission checks, the JSON body,
list parameters, and plain JSON values (Decimal as a string, never a float)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from flask import current_app, g, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, MethodNotAllowed, NotFound as HTTPNotFound

from ..declarations import Module
from ..permissions import can_module
from ..record_lists import MAX_PAGE, MAX_PER_PAGE, filter_conditions, filter_params, query_filters, sort_keys
from ..records import Invalid, NotFound, get_record
from ..schemas import rfc3339

#: the catch-alls of :mod:`core.api.errors`: no real route
FALLBACK_ENDPOINTS = {"api.fallback", "api.fallback_root", "api_outside", "api_outside_root"}
#: routes that write: a read-only module has none of them (``resolve`` answers 405)
WRITE_ENDPOINTS = {"api.create_view", "api.update_view", "api.delete_view", "api.upload_view"}


def registry():
    return current_app.extensions["finsuite"]


def visible(module: Module) -> bool:
    """The module exists for this tenant: a core module, or one of an app it enabled."""
    return module.app is None or module.app in g.apps


def resolve(name: str, action: str = "view") -> Module:
    """The module ``name`` for this request, checked: 404 if unknown or its app is not
    enabled, 405 for a write to a read-only module, 403 without the permission."""
    module = registry().modules.get(name)
    if module is None:  # ``POST /modules`` is no route, but ``GET /modules`` is: 405
        exc = no_route()
        raise exc if isinstance(exc, MethodNotAllowed) else HTTPNotFound(_("No module named %(name)s.", name=name))
    if not visible(module):
        raise HTTPNotFound(_("No module named %(name)s.", name=name))
    if action != "view" and module.read_only:
        raise MethodNotAllowed(valid_methods=["GET"], description=_(
            "%(label)s are read-only.", label=str(module.label)))
    require(module, action)
    return module


def allowed_methods() -> list[str]:
    """The methods that some real API route accepts for this path (for a 405's Allow): a route
    whose ``<module:name>`` names no module does not count (``/accounts/AAA/actions/0`` is no
    record 0 of a module ``accounts/AAA/actions``), nor a write to a read-only module."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, args = adapter.match(method=method)
        except HTTPException:
            continue
        if endpoint in FALLBACK_ENDPOINTS:
            continue
        module = registry().modules.get(args["name"]) if "name" in args else None
        if "name" in args and (module is None or (module.read_only and endpoint in WRITE_ENDPOINTS)):
            continue
        allowed.append(method)
    return allowed


def no_route() -> HTTPException:
    """No API route takes this path and method: 405 (Allow: what the path's routes take) if
    another method would do, else 404."""
    allowed = allowed_methods()
    return MethodNotAllowed(valid_methods=allowed) if allowed else HTTPNotFound()


FORBIDDEN = {
    "view": lambda label: _("You may not view %(label)s.", label=label),
    "create": lambda label: _("You may not create %(label)s.", label=label),
    "edit": lambda label: _("You may not edit %(label)s.", label=label),
    "delete": lambda label: _("You may not delete %(label)s.", label=label),
}


def require(module: Module, action: str, record=None) -> None:
    if not can_module(g.user, module, action, record):
        raise Forbidden(FORBIDDEN[action](str(module.label).lower()))


def fetch(module: Module, record_id: int, action: str = "view"):
    """This tenant's record (404 for another tenant's), with the permission on it (403)."""
    record = get_record(module, g.tenant, record_id)
    require(module, action, record)
    return record


def json_body() -> dict:
    """The request's JSON object, whatever its Content-Type: 400 for a body that is not JSON
    (or nests too deep to read), 422 for JSON that is not an object."""
    try:
        data = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise BadRequest(_("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise Invalid({"_schema": [_("The body must be a JSON object.")]})
    return data


def _whole_number(params: dict, name: str, high: int, errors: dict) -> None:
    value = params.get(name)
    if value is None:
        return
    if value.isascii() and value.isdigit() and 1 <= int(value) <= high:
        params[name] = int(value)
    else:
        errors[name] = [_("Must be a whole number from 1 to %(high)s.", high=high)]


def list_params(module: Module) -> dict:
    """``request.args`` checked: ``page`` and ``per_page`` in range, ``sort`` one of
    :func:`sort_keys`, the filter values converted by the module's schema fields
    (:func:`core.record_lists.filter_params`: ``account_id=abc`` is a 422, ``is_active=false`` means
    False), the engine's filters checked (``total__gt=abc`` is a 422 naming it). Nothing is clamped."""
    params = request.args.to_dict()
    errors: dict[str, list[str]] = {}
    _whole_number(params, "page", MAX_PAGE, errors)
    _whole_number(params, "per_page", MAX_PER_PAGE, errors)
    if params.get("sort") not in (None, *sort_keys(module)):
        errors["sort"] = [_("Must be one of: %(keys)s.", keys=", ".join(sort_keys(module)))]
    try:
        params = filter_params(module, params)
    except Invalid as exc:
        errors.update(exc.errors)
    try:  # the engine's filters (``total__gt=100``, B10): each bad one named with the others
        filter_conditions(module, query_filters(module, params))
    except Invalid as exc:
        errors.update(exc.errors)
    if errors:
        raise Invalid(errors)
    return params


def created(response, location: str):
    """``response`` as a 201 Created naming the new resource's URL."""
    response.status_code = 201
    response.headers["Location"] = location
    return response


def plain(value):
    """A JSON value: Decimal as a string (``"59.97"``), dates in ISO 8601 (moments in UTC with
    ``Z``), lazy strings as str."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return str(Decimal(str(value)))
    if isinstance(value, dt.datetime):
        return rfc3339(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)
