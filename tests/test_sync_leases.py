"""Y7 with several workers: a row is delivered by the worker that holds it. A worker keeps its
rows while a call outlasts the lease (a slow finance service, a wait for the rate limit), and a
worker that lost its row (paused longer than the lease, another took the row over) cannot
write an outcome over the new holder's: one record's actions never overtake each other."""
from __future__ import annotations

import datetime as dt
import threading
import time

from core.db import db
from core.sync.worker import claim, drain, process_batch
from tests.books.context_helpers import create_doc, crm  # noqa: F401
from tests.sync_helpers import outbox, through_finserve
from tests.zoho_serve_fixtures import served

SHORT = dt.timedelta(seconds=1)


def _invoice_row(tenant):
    [row] = outbox(tenant, module="books/invoices")
    return row


def test_y7_a_worker_keeps_its_row_while_a_call_outlasts_the_lease(crm, api_for, registry, app):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    with through_finserve(tenant) as (server, org):
        server.extensions["finance_serve"].config["LATENCY_MS"] = 2000  # two calls: the push takes 4 s
        doc = create_doc(api, "invoices", account_id=crm["account"].id)
        worker = threading.Thread(target=lambda: _drain(app, registry, "slow"))
        worker.start()
        try:
            deadline = time.monotonic() + 10
            while _invoice_row(tenant).state != "running" and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(2 * SHORT.total_seconds())  # the call is still going, past the lease
            assert _invoice_row(tenant).state == "running"
            assert claim(who="other", lease=SHORT) == []  # the slow worker still holds it
        finally:
            worker.join(30)
        row = _invoice_row(tenant)
        assert (row.state, row.claimed_by, row.attempts) == ("done", "slow", 1)
        assert [i["crm_id"] for i in served(org).list_changed("invoices", None)] == [f"books/invoices:{doc['id']}"]


def _drain(app, registry, who: str) -> None:
    with app.app_context(), db.connection_context():
        drain(registry, who=who, lease=SHORT)


def test_y7_a_worker_that_lost_its_row_writes_no_outcome_over_the_new_holders(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    with through_finserve(tenant) as (server, org):
        create_doc(api, "invoices", account_id=crm["account"].id)
        mine = claim(who="paused")
        assert [r.operation for r in mine if r.module == "books/invoices"] == ["push"]
        taken = claim(who="other", lease=dt.timedelta(0))  # "paused" stopped past its lease
        assert {r.id for r in taken} == {r.id for r in mine}
        server.extensions["finance_serve"].config["FAIL_NEXT"] = [400] * 20  # the late try is refused
        process_batch(registry, mine)
        row = _invoice_row(tenant)
        assert (row.state, row.claimed_by, row.last_error) == ("running", "other", "")
        server.extensions["finance_serve"].config["FAIL_NEXT"] = []
        process_batch(registry, taken)
        row = _invoice_row(tenant)
        assert (row.state, row.claimed_by) == ("done", "other")
        assert len(list(served(org).list_changed("invoices", None))) == 1
