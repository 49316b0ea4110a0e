"""Running a status action on a record: permission, the plugin's handler, audit, signal."""
from __future__ import annotations

from .action_words import unavailable
from .db import db
from .pages import refused_actions, status_actions
from .changes import hold
from .records import Conflict, audit
from .signals import record_written, status_changed


class UnknownAction(Conflict):
    """The action does not exist for this record, or not from its current state."""


class RefusedAction(UnknownAction):
    """A finance service syncing the record can never carry out the action from its status;
    the message is the service's reason (Y7)."""


def run_action(relay, module, tenant, user, record, key: str, system: bool = False, version=None):
    """Run action ``key``; raise :class:`UnknownAction` if it is not offered now.

    The handler may raise :class:`core.Conflict` (HTTP 409) or :class:`core.Invalid` (422).
    ``system``: an automation acting (no permission check, and a record with
    ``status_set_by_user`` is not marked as changed by hand). ``version``: the versions the
    caller read the record at (``If-Match``); another one is :class:`core.changes.Stale`.
    """
    if system:
        offered = {}
        for answer in relay.status_actions(module=module, record=record, user=user):
            for a in answer or ():
                offered.setdefault(a.key, a)
    else:
        offered = {a.key: a for a in status_actions(relay, module, record, user)}
    action = offered.get(key)
    if action is None or system:  # an automation's actions are not filtered by status_actions
        refusal = refused_actions(module, record, [key]).get(key)
        if refusal:
            raise RefusedAction(refusal)
    if action is None:  # say what happened instead: "This invoice was already marked as sent by Ada at 10:32 AM."
        raise UnknownAction(unavailable(relay, module, record, user, key))
    before = getattr(record, "status", None)
    with db.atomic():
        hold(module, tenant, record, version)
        result = action.run(record, user)
        after = getattr(record, "status", None)
        if not system and after != before and hasattr(record, "status_set_by_user") and not record.status_set_by_user:
            record.status_set_by_user = True
            type(record).update(status_set_by_user=True).where(type(record).id == record.id).execute()
        record.__dict__["_version"] = audit(tenant, user, module.name, record.id, f"action:{key}",
                                            {"status": [before, after]} if before is not None else {})
        if action.operation() is not None:
            record_written.send(module, record=record, operation=action.operation())
    status_changed.send(module, record=record, user=user, action=key)
    return result


def perform_action(module_name: str, record, key: str, user=None):
    """Run status action ``key`` of ``record`` from a plugin's code (a trigger, a job): the
    tenant's relay, audit and sync as for a button. ``user=None`` is an automation, which
    skips permission checks and leaves ``status_set_by_user`` alone."""
    from .records import _registry, relay_for
    module = _registry().modules[module_name]
    return run_action(relay_for(record.tenant), module, record.tenant, user, record, key, system=user is None)
