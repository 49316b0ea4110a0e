"""A worker's hold on the outbox rows it claimed. A claimed row is leased: another worker takes
it over only when its lease ran out, which must mean its worker died. While a worker is alive,
a thread of its own renews the lease of the rows in hand, however long a call to the finance
application takes (a slow service, a wait for the rate limit). A worker that lost rows anyway
(stopped longer than the lease) writes no outcome over the new holder's (:func:`still_held`)."""
from __future__ import annotations

import datetime as dt
import logging
import threading

from ..db import db, is_postgres
from ..models import utcnow
from .models import SyncOutbox

log = logging.getLogger(__name__)


def _held(who: str, ids):
    return (SyncOutbox.id.in_(list(ids)) & (SyncOutbox.claimed_by == who) & (SyncOutbox.state == "running"))


class LeaseKeeper:
    """Renews, every third of ``lease``, the lease of the rows :meth:`keep` names, in a thread
    with its own database connection. Use as a context manager around a drain."""

    def __init__(self, who: str, lease: dt.timedelta):
        self.who, self.every = who, max(0.05, lease.total_seconds() / 3)
        self._ids: tuple[int, ...] = ()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"finsuite-lease-{who}", daemon=True)

    def keep(self, ids) -> None:
        """The rows in hand now (an empty list when a batch is finished); the renewing thread
        starts with the first rows (an idle poll of the outbox starts none)."""
        self._ids = tuple(ids)
        if self._ids and not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()

    def __enter__(self) -> LeaseKeeper:
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            ids = self._ids
            if not ids:
                continue
            try:
                with db.connection_context():
                    SyncOutbox.update(claimed_at=utcnow()).where(_held(self.who, ids)).execute()
            except Exception:  # noqa: BLE001 (a busy or lost database: the next tick tries again)
                log.warning("outbox worker %s: could not renew the lease of %d rows", self.who, len(ids),
                            exc_info=True)


def still_held(rows) -> set[int]:
    """The ids of ``rows`` their claimer still holds (running, claimed by it), locked until the
    transaction in hand ends so no other worker takes them over meanwhile. Call inside
    ``db.atomic()``."""
    held: set[int] = set()
    by_worker: dict[str, list[int]] = {}
    for row in rows:
        by_worker.setdefault(row.claimed_by, []).append(row.id)
    for who, ids in by_worker.items():
        for start in range(0, len(ids), 500):
            query = SyncOutbox.select(SyncOutbox.id).where(_held(who, ids[start:start + 500]))
            if is_postgres():
                query = query.for_update()
            held.update(row.id for row in query)
    lost = sum(len(ids) for ids in by_worker.values()) - len(held)
    if lost:
        log.warning("outbox: %d rows were taken over by another worker after their lease ran out; "
                    "this try's outcome is not written", lost)
    return held
