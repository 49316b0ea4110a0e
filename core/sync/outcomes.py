"""What becomes of an outbox row after its try, stored: done, retried later with capped
exponential back-off and equal jitter, or failed with a clear error; and what a try says of its
connection (failing, or working again: Y8)."""
from __future__ import annotations

import datetime as dt
import logging
import random
from typing import NamedTuple

from ..db import db
from ..finance.base import ConnectionFailure, RejectedError, TransientError
from ..models import utcnow
from .connections import mark_failing, mark_working
from .leases import still_held
from .models import FinanceConnection, SyncOutbox, SyncRun

log = logging.getLogger(__name__)

BACKOFF_BASE = 2.0  # seconds
BACKOFF_CAP = 15 * 60
MAX_ATTEMPTS = 12
#: how often a failing connection is tried again (one row tries; its others wait as long)
CONNECTION_RETRY = 60.0


class Outcome(NamedTuple):
    row: SyncOutbox
    state: str                      # done, pending (to retry), failed
    error: str = ""
    retry_in: float | None = None   # seconds, for a row to retry
    exc: Exception | None = None    # what the try met


def backoff(attempts: int, rng=random) -> float:
    """Equal jitter: between half the capped exponential delay and all of it. Never near
    zero: a row that just failed is not tried again by the same drain, hammering the service."""
    delay = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempts - 1))
    return rng.uniform(delay / 2, delay)


def outcome(row: SyncOutbox, exc: Exception | None) -> Outcome:
    """What becomes of a row after its try. A failing connection, or a service that names when
    to come back (a spent budget, a 429), is no fault of the record: the try is not counted,
    and the row never gives up for it."""
    if exc is None:
        return Outcome(row, "done")
    if isinstance(exc, ConnectionFailure):
        row.attempts = max(0, row.attempts - 1)
        return Outcome(row, "pending", exc.message, CONNECTION_RETRY * random.uniform(0.9, 1.1), exc)
    if isinstance(exc, TransientError) and getattr(exc, "retry_after", None) is not None:
        row.attempts = max(0, row.attempts - 1)
        jitter = 0.0 if getattr(exc, "exact", False) else random.uniform(0, 1)
        return Outcome(row, "pending", exc.message, float(exc.retry_after) + jitter, exc)
    if isinstance(exc, TransientError):
        if row.attempts >= MAX_ATTEMPTS:
            return Outcome(row, "failed", f"gave up after {row.attempts} tries: {exc.message}", None, exc)
        return Outcome(row, "pending", exc.message, backoff(row.attempts), exc)
    if isinstance(exc, RejectedError):
        return Outcome(row, "failed", exc.message, None, exc)
    # a bug or bad data: record it, keep the other rows flowing
    log.error("sync of %s %s failed", row.module, row.record_id, exc_info=exc)
    return Outcome(row, "failed", f"{type(exc).__name__}: {exc}", None, exc)


def finish_many(outcomes: list[Outcome]) -> None:
    """Store outcomes: one UPDATE for the rows done without a message, one per other row, and
    each run's counters moved once per state. Only the outcomes of rows their worker still
    holds are written: a row taken over by another worker is that worker's to finish (Y7)."""
    now = utcnow()
    counts: dict[tuple, int] = {}
    with db.atomic():
        held = still_held([o.row for o in outcomes])
        outcomes = [o for o in outcomes if o.row.id in held]
        plain = [o.row.id for o in outcomes if o.state == "done" and not o.error]
        for start in range(0, len(plain), 500):
            SyncOutbox.update(state="done", last_error="", updated_at=now).where(
                SyncOutbox.id.in_(plain[start:start + 500])).execute()
        for o in outcomes:
            if o.state != "done" or o.error:
                values = {"state": o.state, "last_error": o.error[:2000], "updated_at": now,
                          "attempts": o.row.attempts}
                if o.retry_in is not None:
                    values["next_attempt_at"] = now + dt.timedelta(seconds=o.retry_in)
                SyncOutbox.update(**values).where(SyncOutbox.id == o.row.id).execute()
            if o.row.run_id and o.state in ("done", "failed"):
                counts[(o.row.run_id, o.state)] = counts.get((o.row.run_id, o.state), 0) + 1
        for (run_id, state), count in counts.items():
            counter = SyncRun.done if state == "done" else SyncRun.failed
            SyncRun.update({counter: counter + count}).where(SyncRun.id == run_id).execute()
    for run_id in {run_id for run_id, _ in counts}:
        _close_run_if_complete(run_id)


def _close_run_if_complete(run_id: int) -> None:
    run = SyncRun.get_or_none(SyncRun.id == run_id)
    if run is not None and run.state == "running" and run.done + run.failed >= run.total:
        SyncRun.update(state="failed" if run.failed else "ok", finished_at=utcnow()).where(
            (SyncRun.id == run_id) & (SyncRun.state == "running")).execute()


def connection_states(targets: dict, outcomes: list[Outcome], failing: dict) -> None:
    """Mark the failing connections (``{(tenant id, app): ConnectionFailure}``) and hold back
    their other waiting rows as long as the one that tried; mark those that answered (a row
    done, or refused by the service itself) as working."""
    later = utcnow() + dt.timedelta(seconds=CONNECTION_RETRY)
    for (tenant_id, app), exc in failing.items():
        target = targets.get((tenant_id, app))
        connection = target.connection if target is not None else FinanceConnection.get_or_none(
            (FinanceConnection.tenant == tenant_id) & (FinanceConnection.app == app))  # no service made
        if connection is not None:
            mark_failing(connection, exc.message)
        SyncOutbox.update(next_attempt_at=later).where(
            (SyncOutbox.tenant == tenant_id) & (SyncOutbox.app == app) & (SyncOutbox.state == "pending")
            & (SyncOutbox.next_attempt_at < later)).execute()
    answered = {(o.row.tenant_id, o.row.app) for o in outcomes if o.state in ("done", "failed")}
    for key in answered - set(failing):
        if key in targets:
            mark_working(targets[key].connection)
