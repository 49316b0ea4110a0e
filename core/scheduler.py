"""The periodic-job runner behind ``finsuite worker``.

Every :class:`core.SyncJob` the plugins declared runs every ``interval_seconds`` (the
``schedule`` library keeps the clock), once per tenant that has the job's app enabled *at
that moment* (all tenants when ``job.app`` is ``None``). Each (job, tenant) run is wrapped:
``schedule`` does not catch exceptions, so a failure is logged here and the other tenants and
jobs keep running.

Run it in exactly one process (``finsuite worker``), never inside web workers.
"""
from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

import schedule

from .db import db
from .models import Tenant
from .tenancy import enabled_apps

log = logging.getLogger(__name__)


@dataclass
class JobRun:
    """What one pass of a job did: the tenants it ran for, and those that failed."""

    job: str
    ran: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def _registry(app, registry):
    return registry if registry is not None else app.extensions["finsuite"]


@contextmanager
def _connection():
    """An open connection for the duration; closed after only if we opened it."""
    opened = db.is_closed()
    if opened:
        db.connect()
    try:
        yield
    finally:
        if opened and not db.is_closed():
            db.close()


def tenants_for(job) -> list[Tenant]:
    """The tenants ``job`` runs for now: those with its app enabled (all when app is None)."""
    tenants = list(Tenant.select().order_by(Tenant.id))
    if job.app is None:
        return tenants
    return [t for t in tenants if job.app in enabled_apps(t)]


def run_job(app, job) -> JobRun:
    """Run ``job`` once for each tenant it concerns; one tenant's failure stops no other."""
    result = JobRun(job.key)
    with app.app_context(), _connection():
        try:
            tenants = tenants_for(job)
        except Exception as exc:  # the database is away: log, try again next time
            log.exception("sync job %s: cannot list tenants", job.key)
            result.failed["*"] = f"{type(exc).__name__}: {exc}"
            return result
        for tenant in tenants:
            try:
                job.run(tenant)
            except Exception as exc:
                log.exception("sync job %s failed for tenant %s", job.key, tenant.slug)
                result.failed[tenant.slug] = f"{type(exc).__name__}: {exc}"
                if db.in_transaction():  # leave no half-open transaction to the next tenant
                    db.rollback()
            else:
                result.ran.append(tenant.slug)
    return result


def run_all_now(app, registry=None) -> list[JobRun]:
    """Run every declared job once, now (``finsuite worker --now``, tests)."""
    return [run_job(app, job) for job in _registry(app, registry).sync_jobs.values()]


def build_scheduler(app, registry=None) -> schedule.Scheduler:
    """A ``schedule.Scheduler`` with one entry per declared job."""
    scheduler = schedule.Scheduler()
    for job in _registry(app, registry).sync_jobs.values():
        seconds = max(1, int(job.interval_seconds))
        scheduler.every(seconds).seconds.do(run_job, app, job).tag(job.key)
        log.info("scheduled %s every %ss", job.key, seconds)
    return scheduler


def run_pending_forever(app, stop_event: threading.Event, registry=None, tick: float = 1.0) -> None:
    """Run due jobs until ``stop_event`` is set (checked at least every ``tick`` seconds)."""
    scheduler = build_scheduler(app, registry)
    while not stop_event.is_set():
        scheduler.run_pending()
        idle = scheduler.idle_seconds
        stop_event.wait(tick if idle is None else min(max(idle, 0.0), tick))
