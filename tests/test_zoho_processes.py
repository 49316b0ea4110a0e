"""Y8 across processes: four processes (two threads each) call one organisation through
ZohoHTTP against tests/zoho_fault_server.py, which refuses (429) a call over 20 in any 2 s and
hands out 2-second tokens. The limits and the token live in the test database, shared by all."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

from tests.test_zoho_limiter import fault, max_in_window  # noqa: F401 (fixture)
from tests.zoho_fault_server import settings_for

ROOT = Path(__file__).resolve().parent.parent
PROCESSES, THREADS, CALLS = 4, 2, 6


def test_y8_four_processes_keep_every_limit_and_refresh_the_token_once_per_expiry(fault, database_url):
    state, url = fault
    state.rate_limit, state.rate_window, state.token_ttl, state.latency = 20, 2.0, 2, 0.05
    settings = settings_for(url, rate_limit=20, rate_window=2.0, max_in_flight=3)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start_at = time.time() + 3.0  # every process has imported and bound the database by then
    procs = [subprocess.Popen([sys.executable, "-m", "tests.zoho_calls_proc", database_url, json.dumps(settings),
                               str(CALLS), str(THREADS), str(start_at)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(PROCESSES)]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    times = [c["time"] for c in state.calls]
    elapsed = max(times) - min(times)
    print(f"\n{len(times)} calls from {PROCESSES} processes in {elapsed:.1f} s; {state.refreshes} token "
          f"refreshes (2-second tokens); {state.refused} answered 429; {state.unauthorized} answered 401; "
          f"at most {max_in_window(times, 2.0)} calls in any 2 s, {state.max_in_flight} at once")
    assert [r["errors"] for r in results] == [[]] * PROCESSES
    assert sum(r["done"] for r in results) == PROCESSES * THREADS * CALLS
    assert state.refused == 0 and max_in_window(times, 2.0) <= 20
    assert state.max_in_flight <= 3
    # one refresh per expiry, whichever process saw it first: never two within a token's life
    assert state.refreshes <= elapsed / 2 + 2
    assert all(b - a >= 1.8 for a, b in pairwise(state.refresh_times))
    assert elapsed >= 2 * 2.0  # 48 calls at 20 per 2 s
