"""Where the outbox is drained: a thread inside ``finsuite serve`` (the demo syncs within a
second of a save) or ``finsuite worker`` processes (several at once on PostgreSQL)."""
from __future__ import annotations

import contextlib
import logging
import multiprocessing
import threading

from ..db import db
from .outbox import wake_up
from .worker import LEASE, drain, worker_id

log = logging.getLogger(__name__)


def drain_forever(app, stop: threading.Event, poll: float = 0.25, who: str | None = None) -> None:
    """Drain the outbox until ``stop`` is set; sleep ``poll`` seconds when it is empty, or less
    when a save in this process rings :data:`core.sync.outbox.wake_up`."""
    import datetime as dt
    registry = app.extensions["finsuite"]
    who = who or worker_id()
    lease = dt.timedelta(seconds=float(app.config.get("SYNC_LEASE_SECONDS", LEASE.total_seconds())))
    while not stop.is_set():
        handled = 0
        try:
            with app.app_context(), db.connection_context():
                handled = drain(registry, who=who, lease=lease)
        except Exception:  # the database went away: log it and try again
            log.exception("outbox worker %s: drain failed", who)
            stop.wait(2.0)
        if not handled:
            wake_up.wait(poll)
            wake_up.clear()


def start_thread(app, poll: float = 0.25) -> tuple[threading.Thread, threading.Event]:
    """The in-process worker: a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(target=drain_forever, args=(app, stop, poll), name="finsuite-outbox", daemon=True)
    thread.start()
    return thread, stop


def _process_main(config: dict | None, index: int) -> None:
    import signal
    from ..app import create_app
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    app = create_app(config)
    with contextlib.suppress(KeyboardInterrupt):
        drain_forever(app, stop, who=f"{worker_id()}#{index}")


def start_processes(count: int, config: dict | None = None) -> list[multiprocessing.Process]:
    """``count`` worker processes draining the outbox (each builds its own app)."""
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_process_main, args=(config, i), name=f"finsuite-worker-{i}", daemon=True)
                 for i in range(count)]
    for process in processes:
        process.start()
    return processes


def stop_processes(processes, grace: float = 10.0) -> None:
    """Ask the worker processes to stop (SIGTERM: each finishes its batch), then kill those
    still running after ``grace`` seconds: a stop never hangs."""
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(grace)
        if process.is_alive():
            process.kill()
            process.join(5)
