"""What the finance application last said about CRM records (kept on their mappings, refreshed
by every push and pull): what strips and sections show (receivables, stock ...)."""
from __future__ import annotations

from .connections import get_connection
from .models import SyncMapping


def finance_records(app: str, module: str, tenant, ids) -> dict[int, dict]:
    """``{record_id: finance record}`` for the records of ``module`` that ``app``'s finance
    application knows; records never synced are left out. One query per 500 ids."""
    org_key = get_connection(tenant, app).org_key
    ids = [i for i in ids if i is not None]
    out: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        query = SyncMapping.select(SyncMapping.record_id, SyncMapping.remote_json).where(
            (SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key) & (SyncMapping.module == module)
            & SyncMapping.record_id.in_(ids[start:start + 500]))
        out.update((m.record_id, m.remote) for m in query)
    return out


def finance_record(app: str, module: str, record) -> dict | None:
    """What ``app``'s finance application last said about ``record`` (``None``: never synced)."""
    return finance_records(app, module, record.tenant, [record.id]).get(record.id)
