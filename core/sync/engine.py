"""Moving one record to a finance application: payload, Y5 dependencies, idempotent create,
the mapping, and what comes back."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import peewee

from ..db import db
from ..finance.base import NotFoundError, RejectedError, UnsupportedAction
from ..models import utcnow
from .connections import get_connection, service_for
from .master import crm_id
from .models import SyncMapping


@dataclass
class Target:
    """One tenant's app and the finance service behind it, for the length of a batch."""

    registry: Any
    tenant: Any
    app: str
    connection: Any = None
    service: Any = None
    _pushing: set = field(default_factory=set)

    def __post_init__(self):
        self.connection = self.connection or get_connection(self.tenant, self.app)
        self.service = self.service or service_for(self.registry, self.connection)

    @property
    def org_key(self) -> str:
        return self.connection.org_key

    def sync_type(self, module: str):
        found = self.registry.sync_types.get(f"{self.app}:{module}")
        if found is None:
            raise RejectedError(f"{self.app} does not sync {module}")
        return found

    def mapping(self, module: str, record_id: int) -> SyncMapping | None:
        return SyncMapping.get_or_none(
            (SyncMapping.tenant == self.tenant) & (SyncMapping.org_key == self.org_key)
            & (SyncMapping.module == module) & (SyncMapping.record_id == record_id))


class Refs:
    """What a payload builder uses to name other records by their finance ids."""

    def __init__(self, target: Target):
        self.target = target

    def finance_id(self, module: str, record_id: int | None) -> str | None:
        """The finance id of a referenced record, pushing it first if it has none (Y5)."""
        if record_id is None:
            return None
        mapping = self.target.mapping(module, record_id)
        if mapping is not None:
            return mapping.finance_id
        model = self.target.registry.modules[module].model
        record = model.get_scoped(self.target.tenant, record_id)
        if record is None:
            raise RejectedError(f"the {module} record {record_id} it refers to no longer exists")
        return push(self.target, record, module).finance_id


def push(target: Target, record, module: str) -> SyncMapping:
    """Create or update ``record`` in the finance application; never creates it twice."""
    key = (module, record.id)
    if key in target._pushing:
        raise RejectedError(f"circular reference while syncing {module} {record.id}")
    target._pushing.add(key)
    try:
        sync_type = target.sync_type(module)
        payload = sync_type.to_payload(record, Refs(target))
        payload.setdefault("crm_id", crm_id(module, record.id))
        service, doc_type = target.service, sync_type.doc_type
        mapping = target.mapping(module, record.id)
        remote = None
        if mapping is not None:
            try:
                remote = service.update(doc_type, mapping.finance_id, payload)
            except NotFoundError:
                remote = None  # deleted on the finance side: create it again below
        if remote is None:
            # a create that may have reached the other side (timeout, killed worker) is
            # looked up by our id before it is repeated
            existing = service.find_by_crm_id(doc_type, crm_id(module, record.id))
            remote = (service.update(doc_type, existing["id"], payload) if existing
                      else service.create(doc_type, payload))
        return remember(target, sync_type, record, remote)
    finally:
        target._pushing.discard(key)


def remember(target: Target, sync_type, record, remote: dict) -> SyncMapping:
    """Store the mapping and what the finance application said; apply it to the record."""
    values = {"doc_type": sync_type.doc_type, "finance_id": str(remote["id"]),
              "remote_json": json.dumps(remote, default=str), "synced_at": utcnow()}
    with db.atomic():
        mapping = target.mapping(sync_type.module, record.id)
        if mapping is None:
            try:
                with db.atomic():
                    mapping = SyncMapping.create(tenant=target.tenant, org_key=target.org_key,
                                                 module=sync_type.module, record_id=record.id, **values)
            except peewee.IntegrityError:  # another worker stored it first: update theirs
                mapping = target.mapping(sync_type.module, record.id)
        if mapping is not None:
            for name, value in values.items():
                setattr(mapping, name, value)
            mapping.save()
        apply_remote(sync_type, record, remote)
    return mapping


def apply_remote(sync_type, record, remote: dict) -> None:
    """Write the finance application's fields (number, status, totals) onto the CRM record,
    without a new outbox row or audit entry: this is news from the other side."""
    if sync_type.apply_remote is None:
        return
    fields = {k: v for k, v in (sync_type.apply_remote(record, remote) or {}).items()
              if getattr(record, k, None) != v}
    if fields:
        model = type(record)
        model.update(**fields).where(model.id == record.id).execute()
        for name, value in fields.items():
            setattr(record, name, value)


def act(target: Target, record, module: str, action: str) -> None:
    """Run a status action in the finance application (pushing the record first if needed)."""
    sync_type = target.sync_type(module)
    mapping = target.mapping(module, record.id) or push(target, record, module)
    try:
        remote = target.service.action(sync_type.doc_type, mapping.finance_id, action)
    except UnsupportedAction:
        return  # no API for it (e.g. closing a sales order): the CRM keeps the status
    remember(target, sync_type, record, remote)
