"""Draining the outbox: claim rows (SKIP LOCKED on PostgreSQL), push them, retry with
capped exponential back-off and equal jitter, give up with a clear error when the finance
application refuses."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import time

from peewee import fn

from ..db import db, is_postgres
from ..finance.base import ConnectionFailure, RejectedError, call_priority
from ..models import Tenant, utcnow
from .engine import Target, act, load_records, push, push_many, remove
from .leases import LeaseKeeper
from .models import SyncOutbox
from .outcomes import Outcome, connection_states, finish_many, outcome
from .refresh import OPERATION as REFRESH, queue_refreshes, refresh

log = logging.getLogger(__name__)

MAX_BATCH = 500
BATCH_SECONDS = 1.0  # what a batch should take: its rows are leased, and shared by workers
#: a running row whose lease was not renewed for this long was left by a dead worker (a live
#: one renews it while it works: core/sync/leases.py)
LEASE = dt.timedelta(seconds=120)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _first_of_its_record():
    """A row no earlier row of its record waits before (pending, or running in a worker): one
    record's rows are delivered one at a time, in the order they were written (Y7)."""
    earlier = SyncOutbox.alias()
    return ~fn.EXISTS(earlier.select(earlier.id).where(
        (earlier.tenant == SyncOutbox.tenant) & (earlier.module == SyncOutbox.module)
        & (earlier.record_id == SyncOutbox.record_id) & (earlier.app == SyncOutbox.app)
        & (earlier.id < SyncOutbox.id) & earlier.state.in_(("pending", "running"))))


def claim(limit: int = 20, who: str | None = None, lease: dt.timedelta = LEASE) -> list[SyncOutbox]:
    """Take up to ``limit`` due rows for this worker: first those a dead worker left (lease
    expired), then pending ones, oldest due first, each the first of its record still to go
    (a row waiting for a retry holds back its record's later rows, and only those). Two
    workers never take the same row: PostgreSQL skips rows another transaction holds (and a
    row whose earlier row another worker is claiming still sees that row pending); SQLite's
    write lock serialises claims. Each query walks the ``(state, next_attempt_at)`` index in
    its order and stops at the limit, whatever the planner's statistics say (right after
    ``start_push`` inserted thousands of rows, ``ORDER BY id`` over an OR made PostgreSQL read
    every row done)."""
    now = utcnow()
    wanted = (((SyncOutbox.state == "running") & (SyncOutbox.claimed_at < now - lease)),
              ((SyncOutbox.state == "pending") & (SyncOutbox.next_attempt_at <= now)))
    ids: list[int] = []
    with db.atomic():
        for due in wanted:
            if len(ids) >= limit:
                break
            query = (SyncOutbox.select(SyncOutbox.id).where(due & _first_of_its_record())
                     .order_by(SyncOutbox.state, SyncOutbox.next_attempt_at, SyncOutbox.id).limit(limit - len(ids)))
            if is_postgres():
                query = query.for_update("FOR UPDATE SKIP LOCKED")
            ids += [row.id for row in query]
        if not ids:
            return []
        SyncOutbox.update(state="running", claimed_by=who or worker_id(), claimed_at=now,
                          attempts=SyncOutbox.attempts + 1, updated_at=now).where(
            SyncOutbox.id.in_(ids)).execute()
    return list(SyncOutbox.select().where(SyncOutbox.id.in_(ids)).order_by(SyncOutbox.id))


def _target(registry, targets: dict, tenant_id: int, app: str) -> Target:
    """The (tenant, app) target, kept for the length of a drain (tenant read once)."""
    key = (tenant_id, app)
    if key not in targets:
        targets[key] = Target(registry, Tenant.get_by_id(tenant_id), app)
    return targets[key]


def _run_one(registry, row: SyncOutbox, targets: dict) -> Outcome:
    token = call_priority.set("periodic" if row.run_id else "instant")
    try:
        return _try_one(registry, row, targets)
    finally:
        call_priority.reset(token)


def _try_one(registry, row: SyncOutbox, targets: dict) -> Outcome:
    try:
        target = _target(registry, targets, row.tenant_id, row.app)
        target.forget()
        target.versions[(row.module, row.record_id)] = row.id
        if row.operation == "delete":
            remove(target, row.module, row.record_id, row.finance_id)
            if row.then_refresh:  # what the deleted record had changed there (a payment's invoices)
                queue_refreshes(registry, target.tenant, json.loads(row.then_refresh), row.app)
            return outcome(row, None)
        module = registry.modules.get(row.module)
        record = module.model.get_scoped(target.tenant, row.record_id) if module else None
        if record is None:
            return Outcome(row, "done", "the record was deleted before it was sent")
        if row.operation == "push":
            push(target, record, row.module)
        elif row.operation == REFRESH:
            refresh(target, record, row.module)
        elif row.operation.startswith("action:"):
            act(target, record, row.module, row.operation.split(":", 1)[1])
        else:
            raise RejectedError(f"unknown outbox operation {row.operation!r}")
    except Exception as exc:  # noqa: BLE001 (classified by outcome)
        return outcome(row, exc)
    return outcome(row, None)


def process(registry, row: SyncOutbox, targets: dict | None = None) -> str:
    """Send one claimed row; returns its new state."""
    result = _run_one(registry, row, {} if targets is None else targets)
    finish_many([result])
    return result.state


def _push_group(registry, rows: list[SyncOutbox], targets: dict) -> list[Outcome]:
    """Push rows of one tenant, app and module together (see :func:`engine.push_many`)."""
    token = call_priority.set("periodic" if all(row.run_id for row in rows) else "instant")
    try:
        return _try_group(registry, rows, targets)
    finally:
        call_priority.reset(token)


def _try_group(registry, rows: list[SyncOutbox], targets: dict) -> list[Outcome]:
    first = rows[0]
    try:
        target = _target(registry, targets, first.tenant_id, first.app)
        target.forget()
        target.versions.update(((row.module, row.record_id), row.id) for row in rows)
        if first.module not in registry.modules:
            return [Outcome(row, "done", "the record was deleted before it was sent") for row in rows]
        records = load_records(registry, target.tenant, first.module, {row.record_id for row in rows})
        results = push_many(target, first.module, list(records.values()))
    except Exception as exc:  # noqa: BLE001 (e.g. no such connector: every row fails alike)
        return [outcome(row, exc) for row in rows]
    return [Outcome(row, "done", "the record was deleted before it was sent") if row.record_id not in records
            else outcome(row, results.get(row.record_id)) for row in rows]


def process_batch(registry, rows: list[SyncOutbox], targets: dict | None = None) -> list[Outcome]:
    """Send claimed rows in their order; consecutive pushes are grouped per tenant, app and
    module and sent together. Once a connection fails as such (:class:`ConnectionFailure`),
    its other rows are not tried: they wait with the one that tried. Returns and stores the
    outcomes, and shows each connection as failing or working again (Y8)."""
    targets = {} if targets is None else targets
    results: list[Outcome] = []
    failing: dict[tuple, ConnectionFailure] = {}
    index = 0
    while index < len(rows):
        end = index + 1
        if rows[index].operation == "push":
            while end < len(rows) and rows[end].operation == "push":
                end += 1
        groups: dict[tuple, list] = {}
        for row in rows[index:end]:
            groups.setdefault((row.tenant_id, row.app, row.module), []).append(row)
        for (tenant_id, app, _), group in groups.items():
            if (tenant_id, app) in failing:
                results.extend(outcome(row, failing[(tenant_id, app)]) for row in group)
                continue
            done = (_push_group(registry, group, targets) if group[0].operation == "push"
                    else [_run_one(registry, group[0], targets)])
            results.extend(done)
            failure = next((r.exc for r in done if isinstance(r.exc, ConnectionFailure)), None)
            if failure is not None:
                failing[(tenant_id, app)] = failure
        index = end
    connection_states(targets, results, failing)
    finish_many(results)
    return results


def drain(registry, limit: int | None = None, who: str | None = None, batch: int = 20,
          lease: dt.timedelta = LEASE, max_batch: int = MAX_BATCH) -> int:
    """Process due rows until none is left (or ``limit`` rows); returns how many were handled.
    Batches start at ``batch`` rows and double while one takes under a second (a fast
    connector), up to ``max_batch``; a slow one keeps them small, so workers share the rows."""
    handled, targets = 0, {}
    size, who = max(1, batch), who or worker_id()
    with LeaseKeeper(who, lease) as keeper:
        while limit is None or handled < limit:
            rows = claim(min(size, limit - handled) if limit else size, who, lease)
            if not rows:
                break
            started = time.monotonic()
            keeper.keep(row.id for row in rows)
            process_batch(registry, rows, targets)
            keeper.keep(())
            handled += len(rows)
            took = time.monotonic() - started
            if took < BATCH_SECONDS / 2 and len(rows) == size:
                size = min(max_batch, size * 2)
            elif took > BATCH_SECONDS * 2:
                size = max(batch, size // 2)
    return handled


def retry(row_id: int, tenant) -> bool:
    """Put a failed row back in the queue now (Setup's Retry button)."""
    return bool(SyncOutbox.update(state="pending", attempts=0, next_attempt_at=utcnow(), last_error="",
                                  updated_at=utcnow())
                .where((SyncOutbox.id == row_id) & (SyncOutbox.tenant == tenant)
                       & (SyncOutbox.state == "failed")).execute())


def pending_count(tenant=None) -> int:
    query = SyncOutbox.select(fn.COUNT(SyncOutbox.id)).where(SyncOutbox.state.in_(("pending", "running")))
    if tenant is not None:
        query = query.where(SyncOutbox.tenant == tenant)
    return query.scalar() or 0
