"""What a finance application answers, and when it may be written onto the CRM record (Y7).

Each outbox row is a version of its record: its id. An answer to row ``n`` is written onto the
record only when no later row of that record exists (a user changed it after the request was
written: that later row will bring its own answer); a pull or a push with no row of its own
(a customer synced first, Y5) only when none of the record's rows waits. The check and the
write are one transaction that first locks the record's row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite every transaction takes the write lock at ``BEGIN``), and a user's save
locks that row too before it writes its outbox row, so neither can slip between the two.
The finance record is kept on the mapping whatever happens: strips show it.
"""
from __future__ import annotations

import json

import peewee

from ..changes import lock_record
from ..db import db, insert_rows
from ..finance.base import RejectedError
from ..models import utcnow
from ..records import finance_changed
from .models import SyncMapping, SyncOutbox


class Difference(RejectedError):
    """The finance application holds the record differently (a total it computed otherwise):
    a sync failure shown on the record, with what differs (``SyncType.differences``)."""


def is_current(tenant, module: str, record_id: int, version: int | None) -> bool:
    """Whether an answer for version ``version`` (an outbox row id) of the record is still the
    user's last word: no later row of the record exists. ``None`` (a pull, a Y5 push): no row
    of the record waits. Call inside the transaction that holds the record (:func:`lock_record`)."""
    rows = SyncOutbox.select(SyncOutbox.id).where(
        (SyncOutbox.tenant == tenant) & (SyncOutbox.module == module) & (SyncOutbox.record_id == record_id))
    if version is None:
        rows = rows.where(SyncOutbox.state.in_(("pending", "running")))
    else:
        rows = rows.where(SyncOutbox.id > version)
    return not rows.exists()


def apply_remote(sync_type, record, remote: dict) -> None:
    """Write the finance application's fields (number, status, totals) onto the CRM record,
    without a new outbox row: this is news from the other side, which the ``record_saved``
    hook hears with no user (:func:`core.records.finance_changed`). A change of a field a save
    could overwrite is a new version of the record, with its audit entry (core.changes)."""
    if sync_type.apply_remote is None:
        return
    fields = {k: v for k, v in (sync_type.apply_remote(record, remote) or {}).items()
              if getattr(record, k, None) != v}
    if fields:
        model = type(record)
        model.update(**fields).where(model.id == record.id).execute()
        changes = {name: [getattr(record, name, None), value] for name, value in fields.items()}
        for name, value in fields.items():
            setattr(record, name, value)
        finance_changed(sync_type.module, record, changes)


def apply_if_current(sync_type, record, remote: dict, version: int | None, locked: bool = False) -> bool:
    """:func:`apply_remote` when the answer is still the user's last word (see the module's
    docstring); returns whether it was applied. ``locked``: the caller's transaction already
    holds the record (:func:`lock_record`)."""
    if sync_type.apply_remote is None:
        return False
    with db.atomic():
        if not locked:
            lock_record(type(record), record.id)
        if not is_current(record.tenant, sync_type.module, record.id, version):
            return False
        fresh = type(record).get_or_none(type(record).id == record.id)
        if fresh is None:
            return False
        record.__data__.update(fresh.__data__)  # what a user wrote meanwhile is what we compare with
        apply_remote(sync_type, record, remote)
    return True


def differences(sync_type, record, remote: dict) -> list[str]:
    """What ``SyncType.differences`` finds the finance application holding otherwise."""
    if sync_type.differences is None:
        return []
    return [text for text in sync_type.differences(record, remote) or () if text]


def report_difference(tenant, app: str, sync_type, record, remote: dict) -> bool:
    """A pull found the finance record different (``SyncType.differences``): shown on the record
    as a failed sync with what differs, whose Retry sends the record again. Once per
    difference: a record already showing it gets no second row. Returns whether it differs."""
    found = differences(sync_type, record, remote)
    if not found:
        return False
    message = "; ".join(found)
    latest = (SyncOutbox.select(SyncOutbox.state, SyncOutbox.last_error)
              .where((SyncOutbox.tenant == tenant) & (SyncOutbox.app == app)
                     & (SyncOutbox.module == sync_type.module) & (SyncOutbox.record_id == record.id))
              .order_by(SyncOutbox.id.desc()).first())
    if latest is None or (latest.state, latest.last_error) != ("failed", message):
        SyncOutbox.create(tenant=tenant, app=app, module=sync_type.module, record_id=record.id, operation="push",
                          state="failed", attempts=0, last_error=message)
    return True


def remember(target, sync_type, record, remote: dict) -> SyncMapping:
    """Store the mapping and what the finance application said; write it onto the record when
    it is still the user's last word. A difference the type reports is a :class:`Difference`
    raised after both are stored."""
    values = {"doc_type": sync_type.doc_type, "finance_id": str(remote["id"]),
              "remote_json": json.dumps(remote, default=str), "synced_at": utcnow()}
    target._mappings.pop((sync_type.module, record.id), None)
    version = target.versions.get((sync_type.module, record.id))
    with db.atomic():
        if sync_type.apply_remote is not None:
            lock_record(type(record), record.id)  # first, as a user's save does: no deadlock
        mapping = target.mapping(sync_type.module, record.id, fresh=True)
        if mapping is None:
            try:
                with db.atomic():
                    mapping = SyncMapping.create(tenant=target.tenant, org_key=target.org_key,
                                                 module=sync_type.module, record_id=record.id, **values)
            except peewee.IntegrityError:  # another worker stored it first: update theirs
                mapping = target.mapping(sync_type.module, record.id, fresh=True)
        if mapping is not None:
            for name, value in values.items():
                setattr(mapping, name, value)
            mapping.save()
        current = apply_if_current(sync_type, record, remote, version, locked=True)
    found = differences(sync_type, record, remote) if current else []
    if found:
        raise Difference("; ".join(found), "differences")
    return mapping


def remember_many(target, sync_type, pairs: list[tuple]) -> dict[int, Exception | None]:
    """:func:`remember` for records just created: their mappings in multi-row INSERTs. Returns,
    per record id, ``None`` or the :class:`Difference` found."""
    now = utcnow()
    rows = [{"tenant": target.tenant.id, "org_key": target.org_key, "module": sync_type.module,
             "record_id": record.id, "doc_type": sync_type.doc_type, "finance_id": str(remote["id"]),
             "remote_json": json.dumps(remote, default=str), "synced_at": now} for record, remote in pairs]
    for record, _ in pairs:
        target._mappings.pop((sync_type.module, record.id), None)
    outcome: dict[int, Exception | None] = {}
    try:
        with db.atomic():
            insert_rows(SyncMapping, rows)
            current = {record.id: apply_if_current(sync_type, record, remote,
                                                   target.versions.get((sync_type.module, record.id)))
                       for record, remote in pairs}
    except peewee.IntegrityError:  # another worker mapped some of them first
        for record, remote in pairs:
            try:
                remember(target, sync_type, record, remote)
                outcome[record.id] = None
            except Difference as exc:
                outcome[record.id] = exc
        return outcome
    for record, remote in pairs:
        found = differences(sync_type, record, remote) if current[record.id] else []
        outcome[record.id] = Difference("; ".join(found), "differences") if found else None
    return outcome
