"""The modules a user may see, and list/create/read/update/delete for every module."""
from __future__ import annotations

from flask import g, jsonify, url_for

from ..permissions import can_module
from ..record_lists import list_records
from ..reports.views import view_columns, view_filters
from ..records import create_record, delete_record, dump, dump_many, update_record
from . import api
from .common import created, fetch, json_body, list_params, registry, resolve, visible
from .preconditions import if_match, with_etag
from .views import view_param


@api.get("/modules")
def modules():
    """``[{"name", "label", "singular", "app"}]``: what this user may view in this tenant."""
    return jsonify([
        {"name": m.name, "label": str(m.label), "singular": str(m.singular), "app": m.app,
         "read_only": m.read_only}
        for m in registry().modules.values() if visible(m) and can_module(g.user, m, "view")
    ])


@api.get("/<module:name>")
def list_view(name: str):
    """A page of records; ``?view=<id>``: through a custom view (B10), whose filters and sort
    apply (the query's own filters are added, its ``sort`` wins) and whose columns are named."""
    module = resolve(name)
    params, view = list_params(module), view_param(module)
    if view is not None and view.sort:
        params.setdefault("sort", view.sort)
    page = list_records(module, g.tenant, params, clamp=False, filters=view_filters(view) if view else ())
    extra = {"view": {"id": view.id, "name": view.name, "columns": view_columns(module, view)}} if view else {}
    return jsonify(data=dump_many(module, page.records), page=page.page, per_page=page.per_page,
                   total=page.total, has_more=page.has_more, **extra)


@api.post("/<module:name>")
def create_view(name: str):
    module = resolve(name, "create")
    record = create_record(module, g.tenant, g.user, json_body())
    return created(with_etag(jsonify(dump(module, record)), module, record),
                   url_for(".record_view", name=module.name, record_id=record.id))


@api.get("/<module:name>/<id:record_id>")
def record_view(name: str, record_id: int):
    module = resolve(name)
    record = fetch(module, record_id)
    return with_etag(jsonify(dump(module, record)), module, record)


@api.patch("/<module:name>/<id:record_id>")
def update_view(name: str, record_id: int):
    module = resolve(name, "edit")
    record = fetch(module, record_id, "edit")
    record = update_record(module, g.tenant, g.user, record, json_body(), if_match())
    return with_etag(jsonify(dump(module, record)), module, record)


@api.delete("/<module:name>/<id:record_id>")
def delete_view(name: str, record_id: int):
    module = resolve(name, "delete")
    record = fetch(module, record_id, "delete")
    delete_record(module, g.tenant, g.user, record, if_match())
    return "", 204
