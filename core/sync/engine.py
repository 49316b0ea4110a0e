"""Moving one record to a finance application: payload, Y5 dependencies, idempotent create,
the mapping, and what comes back."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import peewee

from ..finance.base import (
    DOCUMENTED_ACTIONS, ConnectionFailure, NotFoundError, RejectedError, TransientError, UnsupportedAction,
)
from ..models import utcnow
from .answers import remember, remember_many
from .connections import get_connection, service_for
from .master import crm_id
from .models import SyncMapping, SyncOutbox


@dataclass
class Target:
    """One tenant's app and the finance service behind it, for the length of a batch."""

    registry: Any
    tenant: Any
    app: str
    connection: Any = None
    service: Any = None
    _pushing: set = field(default_factory=set)
    #: mappings read for the batch in hand ((module, record_id) -> SyncMapping or None);
    #: emptied by :meth:`forget` when a batch starts, never kept across batches
    _mappings: dict = field(default_factory=dict)
    #: the version (outbox row id) of each record the batch in hand sends ((module, record_id)
    #: -> row id): its answer is written onto the record only if no later row exists (Y7)
    versions: dict = field(default_factory=dict)

    def __post_init__(self):
        self.connection = self.connection or get_connection(self.tenant, self.app)
        self.service = self.service or service_for(self.registry, self.connection, self.tenant)

    @property
    def org_key(self) -> str:
        return self.connection.org_key

    def sync_type(self, module: str):
        found = self.registry.sync_types.get(f"{self.app}:{module}")
        if found is None:
            raise RejectedError(f"{self.app} does not sync {module}")
        return found

    def mapping(self, module: str, record_id: int, fresh: bool = False) -> SyncMapping | None:
        if not fresh and (module, record_id) in self._mappings:
            return self._mappings[(module, record_id)]
        return SyncMapping.get_or_none(
            (SyncMapping.tenant == self.tenant) & (SyncMapping.org_key == self.org_key)
            & (SyncMapping.module == module) & (SyncMapping.record_id == record_id))

    def prefetch(self, module: str, record_ids) -> None:
        """Read the mappings of a batch's records in one query."""
        ids = list(record_ids)
        found = {m.record_id: m for m in SyncMapping.select().where(
            (SyncMapping.tenant == self.tenant) & (SyncMapping.org_key == self.org_key)
            & (SyncMapping.module == module) & SyncMapping.record_id.in_(ids))} if ids else {}
        self._mappings.update(((module, i), found.get(i)) for i in ids)

    def forget(self) -> None:
        self._mappings.clear()
        self.versions.clear()

    @property
    def unique_crm_id(self) -> bool:
        """The service refuses a second crm_id atomically: create first, find on refusal."""
        return bool(getattr(self.service, "unique_crm_id", False))


class WaitingForEarlier(TransientError):
    """A row waits for another record's earlier rows (:meth:`Refs._earlier_changes_first`): no
    fault, not counted; tried again ``retry_after`` seconds later, with no jitter."""

    exact = True  # its own time: no jitter

    def __init__(self, message: str, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class Refs:
    """What a payload builder uses to name other records by their finance ids."""

    def __init__(self, target: Target, row_id: int | None = None):
        self.target = target
        self.row_id = row_id  # the outbox row being sent (None: not from the outbox)

    def finance_id(self, module: str, record_id: int | None) -> str | None:
        """The finance id of a referenced record, pushing it first if it has none (Y5)."""
        if record_id is None:
            return None
        self._earlier_changes_first(module, record_id)
        mapping = self.target.mapping(module, record_id)
        if mapping is not None:
            return mapping.finance_id
        model = self.target.registry.modules[module].model
        record = model.get_scoped(self.target.tenant, record_id)
        if record is None:
            raise RejectedError(f"the {module} record {record_id} it refers to no longer exists")
        return push(self.target, record, module).finance_id

    def _earlier_changes_first(self, module: str, record_id: int) -> None:
        """A transactional record referred to (an invoice a payment pays) whose own changes made
        before this row still wait to be sent (its Mark as Sent) goes first: this row waits,
        uncounted, until they are due (the next claim takes them first, in their order), until
        this worker's batch has sent them, or a second while another worker sends them. Changes
        reach the finance application in the order they were made, across records too."""
        sync_type = self.target.registry.sync_types.get(f"{self.target.app}:{module}")
        if self.row_id is None or sync_type is None or not sync_type.instant:
            return
        earlier = (SyncOutbox.select(SyncOutbox.state, SyncOutbox.next_attempt_at, SyncOutbox.claimed_by).where(
            (SyncOutbox.tenant == self.target.tenant) & (SyncOutbox.app == self.target.app)
            & (SyncOutbox.module == module) & (SyncOutbox.record_id == record_id)
            & SyncOutbox.state.in_(("pending", "running")) & (SyncOutbox.id < self.row_id))
            .order_by(SyncOutbox.id).first())
        if earlier is not None:
            if earlier.state == "pending":
                due_in = (earlier.next_attempt_at - utcnow()).total_seconds()
            else:  # running: in this worker's batch (done before its next claim), or another's
                mine = SyncOutbox.select(SyncOutbox.claimed_by).where(SyncOutbox.id == self.row_id).scalar()
                due_in = 0.0 if mine == earlier.claimed_by else 1.0
            raise WaitingForEarlier(f"waiting for the earlier changes of {module} {record_id} to be sent first",
                                    retry_after=max(0.0, due_in))


def push(target: Target, record, module: str) -> SyncMapping:
    """Create or update ``record`` in the finance application; never creates it twice."""
    key = (module, record.id)
    if key in target._pushing:
        raise RejectedError(f"circular reference while syncing {module} {record.id}")
    target._pushing.add(key)
    try:
        sync_type = target.sync_type(module)
        if sync_type.to_payload is None:
            raise RejectedError(f"{module} records come from the finance application and are not sent to it")
        payload = sync_type.to_payload(record, Refs(target, target.versions.get((module, record.id))))
        payload.setdefault("crm_id", crm_id(module, record.id))
        service, doc_type = target.service, sync_type.doc_type
        mapping = target.mapping(module, record.id)
        remote = None
        if mapping is not None:
            try:
                remote = service.update(doc_type, mapping.finance_id, payload, previous=mapping.remote)
            except NotFoundError:
                remote = None  # deleted on the finance side: create it again below
        if remote is None and target.unique_crm_id:
            remote = create_or_update(service, doc_type, payload)
        elif remote is None:
            # a create that may have reached the other side (timeout, killed worker) is
            # looked up by our id before it is repeated
            existing = service.find_by_crm_id(doc_type, payload["crm_id"])
            remote = (service.update(doc_type, existing["id"], payload) if existing
                      else service.create(doc_type, payload))
        mapping = remember(target, sync_type, record, remote)
        refresh_others(target, sync_type, [record])
        return mapping
    finally:
        target._pushing.discard(key)


def refresh_others(target: Target, sync_type, records) -> None:
    """Queue the read-back of what a push of ``records`` changed in the finance application
    (``SyncType.refreshes``: a payment's invoices)."""
    if sync_type.refreshes is not None:
        from .refresh import queue_refreshes
        queue_refreshes(target.registry, target.tenant,
                        [pair for record in records for pair in sync_type.refreshes(record) or ()], target.app)


def create_or_update(service, doc_type: str, payload: dict) -> dict:
    """For services that refuse a second crm_id atomically: create, and only if it is refused
    as a duplicate (an earlier create did reach them) find that record and update it."""
    try:
        return service.create(doc_type, payload)
    except RejectedError as exc:
        existing = service.find_by_crm_id(doc_type, payload["crm_id"]) if exc.code == "duplicate" else None
        if existing is None:
            raise
    return service.update(doc_type, existing["id"], payload)


def push_many(target: Target, module: str, records: list) -> dict[int, Exception | None]:
    """Push records of one module together: their mappings read in one query and, when the
    service has ``create_many`` and refuses duplicate crm_ids, the new ones created in one call
    and mapped in one INSERT. Returns, per record id, ``None`` (synced) or the exception."""
    sync_type, service = target.sync_type(module), target.service
    target.prefetch(module, [r.id for r in records])
    outcome: dict[int, Exception | None] = {}
    creates: list[tuple] = []
    bulk = target.unique_crm_id and callable(getattr(service, "create_many", None))
    for index, record in enumerate(records):
        try:
            if bulk and target.mapping(module, record.id) is None:
                payload = sync_type.to_payload(record, Refs(target, target.versions.get((module, record.id))))
                payload.setdefault("crm_id", crm_id(module, record.id))
                creates.append((record, payload))
                continue
            push(target, record, module)
            outcome[record.id] = None
        except ConnectionFailure as exc:  # the connection, not the record: the others wait too
            outcome.update((other.id, exc) for other in records[index:])
            return outcome
        except Exception as exc:  # noqa: BLE001 (the worker classifies it)
            outcome[record.id] = exc
    if len(creates) == 1:
        creates, [(record, _)] = [], creates
        outcome.update(_one(target, record, module))
    if creates:
        try:
            remotes = service.create_many(sync_type.doc_type, [payload for _, payload in creates])
        except RejectedError:  # one of them refused, or already there: one at a time
            for record, _ in creates:
                outcome.update(_one(target, record, module))
        except Exception as exc:  # noqa: BLE001 (transient: each is retried, found by crm_id)
            outcome.update((record.id, exc) for record, _ in creates)
        else:
            outcome.update(remember_many(target, sync_type,
                                         [(record, remote) for (record, _), remote in zip(creates, remotes)]))
            refresh_others(target, sync_type, [record for record, _ in creates if outcome[record.id] is None])
    return outcome


def _one(target: Target, record, module: str) -> dict:
    try:
        push(target, record, module)
        return {record.id: None}
    except Exception as exc:  # noqa: BLE001
        return {record.id: exc}


def act(target: Target, record, module: str, action: str) -> None:
    """Run a status action in the finance application (pushing the record first if needed).

    An action with no API there (closing a sales order in Zoho) sends nothing: the CRM keeps
    the status, and what the finance application last said is written back as usual (the
    type keeps such statuses, ``DocumentSync.kept_here``). A refused action whose effect is
    already there (a retry of one that worked, its answer lost) is done; any other refusal is
    a ``RejectedError`` naming the app ("Books refused: ..."), and the record shows the
    finance application's status again, unless the user has acted since (Y7)."""
    sync_type = target.sync_type(module)
    mapping = target.mapping(module, record.id) or push(target, record, module)
    service, doc_type = target.service, sync_type.doc_type
    try:
        answer = service.action(doc_type, mapping.finance_id, action)
    except UnsupportedAction:
        answer = {}
    except NotFoundError:
        raise
    except RejectedError as exc:
        current = service.get(doc_type, mapping.finance_id)
        effects = DOCUMENTED_ACTIONS.get(doc_type, {}).get(action, (None, frozenset()))[1]
        if current is None or current.get("status") not in effects:
            if current is not None:
                remember(target, sync_type, record, current)
            raise RejectedError(f"{target.registry.app_label(target.app)} refused: {exc.message}", exc.code) from exc
        answer = current
    remember(target, sync_type, record, {**mapping.remote, "id": mapping.finance_id, **(answer or {})})
    refresh_others(target, sync_type, [record])


def remove(target: Target, module: str, record_id: int, finance_id: str = "") -> None:
    """Delete a deleted CRM record's copy in the finance application. Without its finance id
    (a create whose answer was lost), the copy is looked up by our id; one already gone is
    fine. A refusal (an invoice with payments ...) is a ``RejectedError`` for the sync log."""
    sync_type = target.sync_type(module)
    delete = getattr(target.service, "delete", None)
    if delete is None:
        raise RejectedError(f"the {target.connection.connector} connector cannot delete {sync_type.doc_type}")
    if not finance_id:
        found = target.service.find_by_crm_id(sync_type.doc_type, crm_id(module, record_id))
        finance_id = found["id"] if found else ""
    if finance_id:
        try:
            delete(sync_type.doc_type, str(finance_id))
        except NotFoundError:
            pass  # deleted there already


def load_records(registry, tenant, module: str, ids) -> dict:
    """The tenant's records ``ids`` of ``module`` in one query, with the records they refer to
    (a contact's account ...) read in one query per reference instead of one per record."""
    model = registry.modules[module].model
    ids = list(ids)
    records = {}
    for start in range(0, len(ids), 500):
        records.update((r.id, r) for r in model.scoped(tenant).where(model.id.in_(ids[start:start + 500])))
    synced = {m.model for m in registry.modules.values()}
    for name, fk in model._meta.fields.items():
        if not isinstance(fk, peewee.ForeignKeyField) or fk.rel_model not in synced:
            continue
        wanted = list({getattr(r, fk.column_name) for r in records.values()} - {None})
        related = {}
        for start in range(0, len(wanted), 500):
            related.update((o.id, o) for o in fk.rel_model.scoped(tenant).where(
                fk.rel_model.id.in_(wanted[start:start + 500])))
        for record in records.values():
            value = getattr(record, fk.column_name)
            if value in related:
                record.__rel__[name] = related[value]
    return records
