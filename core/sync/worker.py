"""Draining the outbox: claim rows (SKIP LOCKED on PostgreSQL), push them, retry with
capped exponential back-off and full jitter, give up with a clear error when the finance
application refuses."""
from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket

from peewee import fn

from ..db import db, is_postgres
from ..finance.base import RejectedError, TransientError
from ..models import Tenant, utcnow
from .engine import Target, act, push
from .models import SyncOutbox, SyncRun

log = logging.getLogger(__name__)

BACKOFF_BASE = 2.0  # seconds
BACKOFF_CAP = 15 * 60
MAX_ATTEMPTS = 12
LEASE = dt.timedelta(seconds=120)  # a running row older than this was left by a dead worker


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def backoff(attempts: int, rng=random) -> float:
    """Full jitter: uniform between 0 and the capped exponential delay."""
    return rng.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1)))


def claim(limit: int = 20, who: str | None = None, lease: dt.timedelta = LEASE) -> list[SyncOutbox]:
    """Take up to ``limit`` due rows for this worker. Two workers never take the same row:
    PostgreSQL skips rows another transaction holds; SQLite's write lock serialises claims."""
    now = utcnow()
    due = ((SyncOutbox.state == "pending") & (SyncOutbox.next_attempt_at <= now)) | (
        (SyncOutbox.state == "running") & (SyncOutbox.claimed_at < now - lease))
    with db.atomic():
        query = SyncOutbox.select(SyncOutbox.id).where(due).order_by(SyncOutbox.id).limit(limit)
        if is_postgres():
            query = query.for_update("FOR UPDATE SKIP LOCKED")
        ids = [row.id for row in query]
        if not ids:
            return []
        SyncOutbox.update(state="running", claimed_by=who or worker_id(), claimed_at=now,
                          attempts=SyncOutbox.attempts + 1, updated_at=now).where(
            SyncOutbox.id.in_(ids)).execute()
    return list(SyncOutbox.select().where(SyncOutbox.id.in_(ids)).order_by(SyncOutbox.id))


def _finish(row: SyncOutbox, state: str, error: str = "", retry_in: float | None = None) -> None:
    values = {"state": state, "last_error": error[:2000], "updated_at": utcnow()}
    if retry_in is not None:
        values["next_attempt_at"] = utcnow() + dt.timedelta(seconds=retry_in)
    SyncOutbox.update(**values).where(SyncOutbox.id == row.id).execute()
    if row.run_id and state in ("done", "failed"):
        counter = SyncRun.done if state == "done" else SyncRun.failed
        SyncRun.update({counter: counter + 1}).where(SyncRun.id == row.run_id).execute()
        _close_run_if_complete(row.run_id)


def _close_run_if_complete(run_id: int) -> None:
    run = SyncRun.get_or_none(SyncRun.id == run_id)
    if run is not None and run.state == "running" and run.done + run.failed >= run.total:
        SyncRun.update(state="failed" if run.failed else "ok", finished_at=utcnow()).where(
            (SyncRun.id == run_id) & (SyncRun.state == "running")).execute()


def process(registry, row: SyncOutbox, targets: dict | None = None) -> str:
    """Send one claimed row; returns its new state."""
    targets = {} if targets is None else targets
    try:
        tenant = Tenant.get_by_id(row.tenant_id)
        key = (row.tenant_id, row.app)
        target = targets.get(key)
        if target is None:
            target = targets[key] = Target(registry, tenant, row.app)
        module = registry.modules.get(row.module)
        record = module.model.get_scoped(tenant, row.record_id) if module else None
        if record is None:
            _finish(row, "done", "the record was deleted before it was sent")
            return "done"
        if row.operation == "push":
            push(target, record, row.module)
        elif row.operation.startswith("action:"):
            act(target, record, row.module, row.operation.split(":", 1)[1])
        else:
            raise RejectedError(f"unknown outbox operation {row.operation!r}")
    except TransientError as exc:
        if row.attempts >= MAX_ATTEMPTS:
            _finish(row, "failed", f"gave up after {row.attempts} tries: {exc.message}")
            return "failed"
        _finish(row, "pending", exc.message, retry_in=backoff(row.attempts))
        return "pending"
    except RejectedError as exc:
        _finish(row, "failed", exc.message)
        return "failed"
    except Exception as exc:  # a bug or bad data: record it, keep the other rows flowing
        log.exception("sync of %s %s failed", row.module, row.record_id)
        _finish(row, "failed", f"{type(exc).__name__}: {exc}")
        return "failed"
    _finish(row, "done")
    return "done"


def drain(registry, limit: int | None = None, who: str | None = None, batch: int = 20,
          lease: dt.timedelta = LEASE) -> int:
    """Process due rows until none is left (or ``limit`` rows); returns how many were handled."""
    handled, targets = 0, {}
    while limit is None or handled < limit:
        rows = claim(min(batch, limit - handled) if limit else batch, who, lease)
        if not rows:
            break
        for row in rows:
            process(registry, row, targets)
            handled += 1
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
