"""Running a status action on a record: permission, the plugin's handler, audit, signal."""
from __future__ import annotations

from .db import db
from .pages import status_actions
from .records import Conflict, audit
from .signals import record_written, status_changed


class UnknownAction(Conflict):
    """The action does not exist for this record, or not from its current state."""


def run_action(relay, module, tenant, user, record, key: str):
    """Run action ``key``; raise :class:`UnknownAction` if it is not offered now.

    The handler may raise :class:`core.Conflict` (HTTP 409) or :class:`core.Invalid` (422).
    """
    offered = {a.key: a for a in status_actions(relay, module, record, user)}
    action = offered.get(key)
    if action is None:
        status = getattr(record, "status", None)
        where = f" from status {status!r}" if status is not None else ""
        raise UnknownAction(f"Action {key!r} is not available for this {module.singular.lower()}{where}.")
    before = getattr(record, "status", None)
    with db.atomic():
        result = action.run(record, user)
        audit(tenant, user, module.name, record.id, f"action:{key}",
              {"status": [before, getattr(record, "status", None)]} if before is not None else {})
        record_written.send(module, record=record, operation=f"action:{key}")
    status_changed.send(module, record=record, user=user, action=key)
    return result
