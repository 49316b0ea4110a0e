"""Y7 and Y8 under faults (issue 14, "Proof"): `finsuite worker` processes (4 on PostgreSQL)
drain Books documents through the zoho connector to finance-serve, which fails calls at random
(500s, answers lost after the call was carried out, injected 429s with X-Rate-Limit-Reset and
no Retry-After) and issues 20-second tokens, while users keep acting on the documents
(bench/sync_faults.py). The run converges: nothing failed, nothing created twice, both sides
equal in statuses and totals, never a call refused for the limit."""
from __future__ import annotations

from bench.sync_faults import run


def test_y7_y8_a_run_through_random_faults_converges_with_both_sides_equal(app, ctx, tmp_path):
    report = run(app, documents=36, seconds=22, workers=4, folder=str(tmp_path))
    print({k: report[k] for k in ("workers", "seconds", "calls", "injected", "token_refreshes")})
    assert report["drained"], report["not_done"]
    assert sum(report["injected"].values()) >= 5, report["injected"]  # the faults did happen
    assert report["not_done"] == [] and report["twice"] == []
    assert report["unequal"] == []
    assert report["refused_for_the_limit"] == 0
