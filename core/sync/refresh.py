"""Reading one record back from the finance applications (C4), when a plugin asks
(:func:`request_refresh`: it knows something changed it there, as a payment its invoice). A
refresh is an outbox row of the record itself, so it runs after the record's earlier changes,
and its answer is written only while it is still the user's last word, as a push's is."""
from __future__ import annotations

from ..finance.base import NotFoundError
from .answers import remember
from .outbox import enqueue, sync_types_of

OPERATION = "refresh"


def request_refresh(module_name: str, record) -> int:
    """Queue a read-back of ``record`` from each finance application of the tenant's enabled
    apps that syncs ``module_name``; returns how many were queued."""
    from ..records import _registry
    return queue_refreshes(_registry(), record.tenant, [(module_name, record.id)])


def queue_refreshes(registry, tenant, records, app: str | None = None) -> int:
    """:func:`request_refresh` of ``records``, ``(module, id)`` pairs; ``app``: only from that
    app's finance application (``SyncType.refreshes``: the one the push went to)."""
    from ..tenancy import enabled_apps
    apps, queued = ([app] if app else enabled_apps(tenant)), 0
    for module_name, record_id in records:
        for sync_type in sync_types_of(registry, module_name, apps):
            enqueue(tenant, sync_type.app, module_name, int(record_id), OPERATION)
            queued += 1
    return queued


def refresh(target, record, module: str) -> None:
    """Read ``record``'s copy and write what it says (a record never sent is pushed instead), then
    what that change there moved too (``SyncType.refreshes``: a paid invoice's customer)."""
    from .engine import push, refresh_others
    mapping = target.mapping(module, record.id)
    if mapping is None:
        push(target, record, module)
        return
    sync_type = target.sync_type(module)
    current = target.service.get(sync_type.doc_type, mapping.finance_id)
    if current is None:
        raise NotFoundError(f"{sync_type.doc_type} {mapping.finance_id} is gone from the finance application")
    remember(target, sync_type, record, current)
    refresh_others(target, sync_type, [record])
