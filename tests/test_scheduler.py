"""The periodic-job runner of ``finsuite worker`` (FEATURES C7, Y2): per enabled tenant, failures isolated."""
from __future__ import annotations

import threading
from types import SimpleNamespace

from core import SyncJob
from core.scheduler import build_scheduler, run_all_now, run_job, run_pending_forever
from core.tenancy import set_enabled


def _registry(*jobs):
    """A registry-like object: the scheduler only reads ``sync_jobs``."""
    return SimpleNamespace(sync_jobs={job.key: job for job in jobs})


def test_c7_job_runs_only_for_tenants_with_its_app_enabled(app, make_tenant):
    with_books = make_tenant(apps=("books",))
    without = make_tenant(apps=("expense",))
    seen = []
    job = SyncJob("books.test_sync", "Test sync", run=lambda tenant: seen.append(tenant.slug), app="books")

    run_all_now(app, _registry(job))

    assert with_books.slug in seen
    assert without.slug not in seen


def test_c7_job_follows_the_tenant_switch_at_run_time(app, registry, make_tenant):
    tenant = make_tenant(apps=("books",))
    seen = []
    job = SyncJob("books.switch", "Switch", run=lambda t: seen.append(t.slug), app="books")

    set_enabled(registry, tenant, "books", False)
    run_job(app, job)
    assert tenant.slug not in seen

    set_enabled(registry, tenant, "books", True)
    run_job(app, job)
    assert seen.count(tenant.slug) == 1


def test_c7_job_without_app_runs_for_every_tenant(app, make_tenant):
    first, second = make_tenant(apps=()), make_tenant()
    seen = []
    job = SyncJob("core.housekeeping", "Housekeeping", run=lambda t: seen.append(t.slug))

    result = run_job(app, job)

    assert {first.slug, second.slug} <= set(seen)
    assert {first.slug, second.slug} <= set(result.ran)


def test_c7_failing_job_for_one_tenant_does_not_stop_the_others(app, make_tenant, caplog):
    bad, good = make_tenant(apps=("books",)), make_tenant(apps=("books",))
    seen = []

    def sync(tenant):
        if tenant.slug == bad.slug:
            raise RuntimeError("finance service unreachable")
        seen.append(tenant.slug)

    other_seen = []
    failing = SyncJob("books.flaky", "Flaky", run=sync, app="books")
    other = SyncJob("books.other", "Other", run=lambda t: other_seen.append(t.slug), app="books")

    results = run_all_now(app, _registry(failing, other))

    assert good.slug in seen
    assert "finance service unreachable" in results[0].failed[bad.slug]
    assert bad.slug in other_seen and good.slug in other_seen  # the next job still ran for everyone
    assert any("books.flaky" in r.getMessage() and bad.slug in r.getMessage() for r in caplog.records)


def test_c7_schedule_runs_each_job_at_its_interval_until_stopped(app, make_tenant):
    tenant = make_tenant(apps=("books",))
    ran = threading.Event()
    stop = threading.Event()
    calls = []

    def sync(t):
        if t.slug == tenant.slug:
            calls.append(t.slug)
            ran.set()
            raise ValueError("a failure must not kill the loop")

    job = SyncJob("books.every_second", "Every second", run=sync, app="books", interval_seconds=1)
    assert len(build_scheduler(app, _registry(job)).get_jobs()) == 1
    worker = threading.Thread(target=run_pending_forever, args=(app, stop, _registry(job), 0.05))
    worker.start()
    try:
        assert ran.wait(5), "the job never ran"
        ran.clear()
        assert ran.wait(5), "the loop died after the job's exception"
    finally:
        stop.set()
        worker.join(5)
    assert not worker.is_alive()
    assert len(calls) >= 2
