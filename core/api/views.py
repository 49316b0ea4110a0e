"""Custom views over the API (B10): ``GET/POST /api/v1/<module>/views``,
``GET/PATCH/DELETE /api/v1/<module>/views/<id>``. Reading needs the module's view permission, as
its list does; changing or deleting a view, being its owner or an administrator. Another
tenant's view and another user's private one are a 404. ``GET /api/v1/<module>?view=<id>``
lists through a view (:mod:`core.api.records`)."""
from __future__ import annotations

from flask import g, jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden

from ..ids import parse_id
from ..reports.views import create_view, delete_view, dump_view, get_view, may_change, update_view, visible_views
from ..records import Invalid
from . import api
from .common import created, json_body, plain, resolve


def _changeable(module, view_id: int):
    view = get_view(module, g.tenant, g.user, view_id)
    if not may_change(view, g.user):
        raise Forbidden(_("Only its owner or an administrator may change this view."))
    return view


def view_param(module):
    """The view ``?view=<id>`` names (404 if the user may not use it), or ``None``."""
    value = request.args.get("view")
    if value is None:
        return None
    if parse_id(value) is None or value != value.strip():
        raise Invalid({"view": [_("Enter a view id.")]})
    return get_view(module, g.tenant, g.user, value)


@api.get("/<module:name>/views")
def views_list(name: str):
    module = resolve(name)
    return jsonify(data=[plain(dump_view(v, g.user)) for v in visible_views(module, g.tenant, g.user)])


@api.post("/<module:name>/views")
def views_create(name: str):
    module = resolve(name)
    view = create_view(module, g.tenant, g.user, json_body())
    return created(jsonify(plain(dump_view(view, g.user))), url_for(".views_get", name=module.name, view_id=view.id))


@api.get("/<module:name>/views/<id:view_id>")
def views_get(name: str, view_id: int):
    module = resolve(name)
    return jsonify(plain(dump_view(get_view(module, g.tenant, g.user, view_id), g.user)))


@api.patch("/<module:name>/views/<id:view_id>")
def views_update(name: str, view_id: int):
    module = resolve(name)
    view = update_view(module, _changeable(module, view_id), json_body())
    return jsonify(plain(dump_view(view, g.user)))


@api.delete("/<module:name>/views/<id:view_id>")
def views_delete(name: str, view_id: int):
    module = resolve(name)
    delete_view(_changeable(module, view_id))
    return "", 204
