"""What every API route needs: the module a URL names, permission checks, the JSON body,
list parameters, and plain JSON values (Decimal as a string, never a float)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from flask import current_app, g, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, Forbidden, MethodNotAllowed, NotFound as HTTPNotFound

from ..declarations import Module
from ..permissions import can_module
from ..records import Invalid, filter_params, get_record

def registry():
    return current_app.extensions["finsuite"]


def visible(module: Module) -> bool:
    """The module exists for this tenant: a core module, or one of an app it enabled."""
    return module.app is None or module.app in g.apps


def resolve(name: str, action: str = "view") -> Module:
    """The module ``name`` for this request, checked: 404 if unknown or its app is not
    enabled, 405 for a write to a read-only module, 403 without the permission."""
    module = registry().modules.get(name)
    if module is None or not visible(module):
        raise HTTPNotFound(_("No module named %(name)s.", name=name))
    if action != "view" and module.read_only:
        raise MethodNotAllowed(valid_methods=["GET"], description=_(
            "%(label)s are read-only.", label=str(module.label)))
    require(module, action)
    return module


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


def list_params(module: Module) -> dict:
    """``request.args`` with the filter values converted by the module's schema fields
    (``account_id=abc`` is a 422, ``is_active=false`` means False)."""
    return filter_params(module, request.args.to_dict())


def plain(value):
    """A JSON value: Decimal as a string (``"59.97"``), dates in ISO 8601, lazy strings as str."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return str(Decimal(str(value)))
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return str(value)
