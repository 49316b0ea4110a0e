"""What a record page shows, as JSON: related lists, strips, status actions (and running one).

A plugin that failed in a page hook (:mod:`core.plugin_faults`) is left out of the answer, which
says so in a ``Warning`` header per plugin and hook (as Kubernetes' API warns)."""
from __future__ import annotations

from flask import g, jsonify, url_for
from flask_babel import gettext as _

from ..actions import RefusedAction, UnknownAction, run_action
from ..declarations import ActionCreated
from ..pages import detail_strips, related_lists, status_actions
from ..permissions import can_module
from ..plugin_faults import request_faults
from ..records import dump, dump_many
from . import api
from .common import created, fetch, plain, registry, resolve, visible
from .errors import error_response
from .preconditions import if_match, with_etag


@api.after_request
def plugin_warnings(response):
    """``Warning: 299 - "plugin <name> failed in <hook>; its part is left out"`` per fault."""
    for fault in request_faults():
        text = f"plugin {fault['plugin']} failed in {fault['hook']}; its part is left out"
        text = text.encode("ascii", "replace").decode().replace("\\", "/").replace('"', "'")
        response.headers.add("Warning", f'299 - "{text}"')
    return response


def _own(records) -> list:
    """Defence in depth: a hook's records of another tenant never leave the building."""
    tenant_id = g.tenant.id
    return [r for r in records if getattr(r, "tenant_id", tenant_id) == tenant_id]


def _rows(module_name: str, records) -> list[dict]:
    target = registry().modules.get(module_name)
    records = list(records or ())
    if target is not None and records and not isinstance(records[0], dict):
        return dump_many(target, _own(records))
    return [plain(r) if isinstance(r, dict) else {"id": getattr(r, "id", None), "title": str(r)}
            for r in records]


@api.get("/<module:name>/<id:record_id>/related")
def related_view(name: str, record_id: int):
    """``[{"key", "label", "module", "can_create", "records": [...]}]`` as the detail page shows."""
    module = resolve(name)
    record = fetch(module, record_id)
    out = []
    for item in related_lists(g.relay, module, record, g.user):
        target = registry().modules.get(item.module)
        if target is not None and not (visible(target) and can_module(g.user, target, "view")):
            continue
        rows = _rows(item.module, item.records)
        out.append({"key": item.key, "label": str(item.label), "module": item.module,
                    "can_create": bool(item.can_create), "records": rows,
                    "total": item.total if item.total is not None else len(rows)})
    return jsonify(out)


@api.get("/<module:name>/<id:record_id>/strips")
def strips_view(name: str, record_id: int):
    """``[{"key", "label", "items": [{"label", "value"}]}]``; amounts as decimal strings."""
    module = resolve(name)
    record = fetch(module, record_id)
    return jsonify([
        {"key": strip.key, "label": str(strip.label),
         "items": [{"label": str(i.label), "value": plain(i.value), **({"detail": i.detail} if i.detail else {})}
                   for i in strip.items]}
        for strip in detail_strips(g.relay, module, record, g.user)
    ])


@api.get("/<module:name>/<id:record_id>/actions")
def actions_view(name: str, record_id: int):
    """``[{"key", "label"}]``: the status actions this user may run now."""
    module = resolve(name)
    record = fetch(module, record_id)
    return jsonify([{"key": a.key, "label": str(a.label)}
                    for a in status_actions(g.relay, module, record, g.user)])


@api.post("/<module:name>/<id:record_id>/actions/<action>")
def run_action_view(name: str, record_id: int, action: str):
    """Run a status action; answer the record as it is afterwards, or 201 with the record the
    action made (Convert to Invoice: the new invoice, its address in ``Location``).

    409 (with the record's ``status``) when the action is not offered from this state,
    403 when it is offered but the user's permissions refuse it.
    """
    module = resolve(name)
    record = fetch(module, record_id)
    try:
        result = run_action(g.relay, module, g.tenant, g.user, record, action, version=if_match())
    except UnknownAction as exc:
        declared = {a.key for answer in g.relay.status_actions(module=module, record=record, user=g.user)
                    for a in answer or ()}
        if action in declared and not isinstance(exc, RefusedAction):
            return error_response(403, _("You may not run this action."))
        status = getattr(record, "status", None)
        return error_response(409, str(exc), **({"status": plain(status)} if status is not None else {}))
    if isinstance(result, ActionCreated):
        made = registry().modules[result.module]
        return created(with_etag(jsonify(dump(made, result.record)), made, result.record),
                       url_for(".record_view", name=made.name, record_id=result.record.id))
    fresh = module.model.get_scoped(g.tenant, record.id)  # re-read; the action may have removed it
    if fresh is not None:
        fresh.__dict__["_version"] = record.__dict__.get("_version")
    return with_etag(jsonify(dump(module, fresh or record)), module, fresh or record)
