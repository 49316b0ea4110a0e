"""A record's sync status as users and API clients see it: ``pending``, ``synced``, ``failed``."""
from __future__ import annotations

from ..tenancy import enabled_apps
from .connections import get_connection
from .models import SyncMapping, SyncOutbox
from .outbox import sync_types_of


def sync_states(registry, tenant, module_name: str, record_ids) -> dict[int, list[dict]]:
    """Per record id, one entry per app that syncs the module:
    ``{"app", "status", "error", "failing", "finance_id", "remote"}`` (``failing``: since when
    and why the app's connection fails, for a record waiting on it). Two queries whatever the
    count."""
    types = sync_types_of(registry, module_name, enabled_apps(tenant))
    ids = [i for i in record_ids if i is not None]
    if not types or not ids:
        return {}
    connections = {t.app: get_connection(tenant, t.app) for t in types}
    orgs = {app: connection.org_key for app, connection in connections.items()}
    mappings = {(m.org_key, m.record_id): m for m in SyncMapping.select().where(
        (SyncMapping.tenant == tenant) & (SyncMapping.module == module_name)
        & (SyncMapping.record_id.in_(ids)) & (SyncMapping.org_key.in_(list(set(orgs.values())))))}
    latest: dict[tuple, SyncOutbox] = {}
    for row in (SyncOutbox.select().where((SyncOutbox.tenant == tenant) & (SyncOutbox.module == module_name)
                                          & (SyncOutbox.record_id.in_(ids))).order_by(SyncOutbox.id)):
        latest[(row.app, row.record_id)] = row
    states: dict[int, list[dict]] = {}
    for record_id in ids:
        for t in types:
            mapping = mappings.get((orgs[t.app], record_id))
            row = latest.get((t.app, record_id))
            if row is not None and row.state == "failed":
                status, error = "failed", row.last_error
            elif row is not None and row.state in ("pending", "running"):
                status, error = "pending", row.last_error
            else:
                status, error = ("synced" if mapping else "pending"), ""
            connection = connections[t.app]
            failing = ({"since": connection.failing_since, "reason": connection.failing_reason}
                       if status == "pending" and connection.failing_since else None)
            if failing:  # why it waits: the connection, not the record (Y8)
                error = (f"connection failing since {failing['since']:%Y-%m-%d %H:%M} UTC: "
                         f"{failing['reason']}")
            states.setdefault(record_id, []).append({
                "app": t.app, "status": status, "error": error, "failing": failing,
                "finance_id": mapping.finance_id if mapping else None,
                "remote": mapping.remote if mapping else {}})
    return states


def summary(entries: list[dict]) -> dict:
    """The fields a record's API representation carries (the first app's finance id)."""
    if any(e["status"] == "failed" for e in entries):
        status = "failed"
    elif all(e["status"] == "synced" for e in entries):
        status = "synced"
    else:
        status = "pending"
    errors = [f"{e['app']}: {e['error']}" if len(entries) > 1 else e["error"] for e in entries if e["error"]]
    return {"sync_status": status, "sync_error": "; ".join(errors) or None,
            "finance_id": next((e["finance_id"] for e in entries if e["finance_id"]), None),
            "sync": [{k: e[k] for k in ("app", "status", "error", "finance_id")} for e in entries]}


def extend_dump(registry):
    """A dump extension (see :func:`core.records.dump_many`) adding the sync fields."""
    def extend(module, records, data, tenant):
        states = sync_states(registry, tenant, module.name, [r.id for r in records])
        if not states:
            return
        for record, item in zip(records, data):
            if record.id in states:
                item.update(summary(states[record.id]))
    return extend
