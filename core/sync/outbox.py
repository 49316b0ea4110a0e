"""Writing the outbox: in the transaction of the save, what must reach a finance application."""
from __future__ import annotations

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
            finance_id: str = "") -> SyncOutbox:
    """Add a row unless the same work already waits (then that row is returned)."""
    waiting = SyncOutbox.get_or_none(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.app == app) & (SyncOutbox.module == module)
        & (SyncOutbox.record_id == record_id) & (SyncOutbox.operation == operation)
        & (SyncOutbox.state == "pending"))
    if waiting is not None:
        if run is not None and waiting.run_id is None:
            waiting.run = run
            waiting.save()
        return waiting
    row = SyncOutbox.create(tenant=tenant, app=app, module=module, record_id=record_id,
                            operation=operation, run=run, next_attempt_at=utcnow(), finance_id=finance_id)
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
            enqueue(tenant, sync_type.app, module.name, record.id, "delete", finance_id=finance_id)
            queued += 1
    SyncMapping.delete().where(mine).execute()
    return queued
