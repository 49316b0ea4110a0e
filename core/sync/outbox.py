"""Writing the outbox: in the transaction of the save, what must reach a finance application."""
from __future__ import annotations

import json
import threading

from ..models import utcnow
from ..tenancy import enabled_apps
from .connections import get_connection, is_instant
from .models import SyncMapping, SyncOutbox

#: set when a row is written, so an in-process worker wakes at once
wake_up = threading.Event()


def sync_types_of(registry, module_name: str, apps) -> list:
    return [t for t in registry.sync_types.values() if t.module == module_name and t.app in apps]


def enqueue(tenant, app: str, module: str, record_id: int, operation: str = "push", run=None,
            finance_id: str = "", then_refresh: str | None = None) -> SyncOutbox:
    """Add a row for the record after its others. A push (delete, refresh) right behind the same
    work still waiting is merged into it (it sends the record as it is when it goes); a row
    behind another operation gets a row of its own, so actions are never reordered (Y7).

    The merge is a conditional UPDATE of the waiting row: a worker claiming that row meanwhile
    holds it (PostgreSQL) or the write lock (SQLite), and once it runs the row is not
    ``pending`` any more, so the save gets a row of its own and its change is sent too."""
    newest = (SyncOutbox.select(SyncOutbox.id, SyncOutbox.operation, SyncOutbox.state, SyncOutbox.run)
              .where((SyncOutbox.tenant == tenant) & (SyncOutbox.app == app) & (SyncOutbox.module == module)
                     & (SyncOutbox.record_id == record_id))
              .order_by(SyncOutbox.id.desc()).first())
    if newest is not None and newest.operation == operation and newest.state == "pending" \
            and operation in ("push", "delete", "refresh"):
        values = {"updated_at": utcnow()}
        if then_refresh:
            values["then_refresh"] = then_refresh
        if run is not None and newest.run_id is None:
            values["run"] = run
        if SyncOutbox.update(**values).where((SyncOutbox.id == newest.id)
                                             & (SyncOutbox.state == "pending")).execute():
            return SyncOutbox.get_by_id(newest.id)
    row = SyncOutbox.create(tenant=tenant, app=app, module=module, record_id=record_id,
                            operation=operation, run=run, next_attempt_at=utcnow(), finance_id=finance_id,
                            then_refresh=then_refresh)
    wake_up.set()
    return row


def record_written(registry, module, record, operation: str = "push") -> int:
    """Called inside the save's transaction: queue the record for each enabled app that syncs
    it instantly (Y1, Y4). Returns how many rows were queued."""
    tenant = record.tenant
    if operation == "delete":
        return record_deleted(registry, module, record)
    queued = 0
    for sync_type in sync_types_of(registry, module.name, enabled_apps(tenant)):
        if operation != "push" or is_instant(sync_type, tenant):
            enqueue(tenant, sync_type.app, module.name, record.id, operation)
            queued += 1
    return queued


def record_deleted(registry, module, record) -> int:
    """Called inside the delete's transaction: the record's mappings go with it, and each
    enabled app whose sync type has ``delete_remote`` is asked to delete its copy, if it may
    have one (mapped, or a push was tried). Returns how many rows were queued."""
    tenant = record.tenant
    mine = (SyncMapping.tenant == tenant) & (SyncMapping.module == module.name) & (SyncMapping.record_id == record.id)
    mapped = {m.org_key: m.finance_id for m in SyncMapping.select().where(mine)}
    queued = 0
    for sync_type in sync_types_of(registry, module.name, enabled_apps(tenant)):
        if not sync_type.delete_remote:
            continue
        finance_id = mapped.get(get_connection(tenant, sync_type.app).org_key, "")
        tried = SyncOutbox.select().where(
            (SyncOutbox.tenant == tenant) & (SyncOutbox.module == module.name)
            & (SyncOutbox.record_id == record.id) & (SyncOutbox.app == sync_type.app)).exists()
        if finance_id or tried:
            others = list(sync_type.refreshes(record) or ()) if sync_type.refreshes else []
            enqueue(tenant, sync_type.app, module.name, record.id, "delete", finance_id=finance_id,
                    then_refresh=json.dumps([[name, int(i)] for name, i in others]) if others else None)
            queued += 1
    SyncMapping.delete().where(mine).execute()
    return queued
