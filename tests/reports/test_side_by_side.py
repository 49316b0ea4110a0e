"""B12: a dashboard's reports run side by side, each in a thread on its own connection, with the
request's tenant and apps; the answers come back in the components' order."""
from __future__ import annotations

import threading

from flask import g

from core.db import db
from core.reports.side_by_side import run_side_by_side


def test_b12_reports_run_side_by_side_in_order_with_the_requests_tenant(app, tenant):
    seen = []

    def work(item):
        seen.append(threading.current_thread().name)
        return item, g.tenant.id, g.apps, db.execute_sql("SELECT 1").fetchone()[0]

    with app.test_request_context():
        g.tenant, g.apps = tenant, ["books"]
        with db.connection_context():
            answers = run_side_by_side(work, list(range(6)))
    assert answers == [(i, tenant.id, ["books"], 1) for i in range(6)]
    assert all(name.startswith("finsuite-report") for name in seen)
