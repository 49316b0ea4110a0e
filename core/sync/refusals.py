"""Status actions a finance service can never carry out (no endpoint for them: reopening a void
sales order in Zoho Books): refused in the CRM before anything is queued, with the service's
reason (``ConnectorSpec.action_refusal``; Y7)."""
from __future__ import annotations

from ..tenancy import enabled_apps
from .connections import get_connection
from .outbox import sync_types_of


def action_refusals(registry, module_name: str, record, actions) -> dict[str, str]:
    """``{action key: reason}`` for the ``actions`` keys that a finance service syncing this
    record refuses from the record's current status."""
    status = getattr(record, "status", None)
    keys = list(actions)
    if status is None or not keys:
        return {}
    refused: dict[str, str] = {}
    for sync_type in sync_types_of(registry, module_name, enabled_apps(record.tenant)):
        spec = registry.connectors.get(get_connection(record.tenant, sync_type.app).connector)
        if spec is None or spec.action_refusal is None:
            continue
        for key in keys:
            reason = spec.action_refusal(sync_type.doc_type, key, status)
            if reason and key not in refused:
                refused[key] = reason
    return refused
