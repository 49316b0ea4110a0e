"""Y7 under load with real processes (issue 14, items 10 and 11): two gunicorn web processes and
`finsuite worker` outbox processes (two on PostgreSQL; SQLite takes one) on the suite's
database, six API clients creating invoices and sales orders and acting on them, the worker
killed with SIGKILL midway and started again (bench/sync_load.py; run it for a minute there)."""
from __future__ import annotations

from bench.sync_load import run
from core.db import is_postgres


def test_y7_under_load_with_a_killed_worker_every_record_ends_with_the_users_last_word(app, ctx, tmp_path):
    report = run(app, seconds=20, clients=6, web=2, workers=2 if is_postgres() else 1, kill_at=8,
                 folder=str(tmp_path))
    print({k: report[k] for k in ("seconds", "requests", "requests_per_second", "answers", "drain_seconds",
                                  "records")})
    assert report["killed"] == 1 and report["drained"], report
    assert report["records"] > 50 and set(report["answers"]) <= {200, 201}, report["answers"]
    assert report["wrong_crm"] == [] and report["wrong_finance"] == []
    assert report["twice"] == [] and report["not_done"] == []
