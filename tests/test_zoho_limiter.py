"""The ``zoho`` connector's client-side limit of 100 requests per minute per organisation:
a sliding window shared by every connection of the process to one organisation, measured on
the server's side over real HTTP (small limit and window), and with a fake clock."""
from __future__ import annotations

import threading
import time

import pytest

from core.finance.zoho_http import RateLimiter, ZohoHTTP, backoff_delay, limiter_for
from tests.live_server import serve
from tests.zoho_fault_server import create_fault_server


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def test_100_per_minute_then_waits_for_the_oldest_to_leave_the_window():
    clock = FakeClock()
    limiter = RateLimiter(100, 60, clock=clock, sleep=clock.sleep)
    for i in range(100):
        assert limiter.acquire() == 0
        clock.now += 0.1  # 100 calls in 10 s
    assert limiter.acquire() == pytest.approx(50.0)  # the first call leaves at t=60
    assert clock.now == pytest.approx(1060.0)
    assert limiter.acquire() == pytest.approx(0.1)  # then one slot every 0.1 s


def test_default_limit_is_100_per_minute_per_organisation():
    settings = {"api_base": "http://127.0.0.1:9", "organization_id": "42"}
    books, expense = ZohoHTTP(dict(settings), "books"), ZohoHTTP(dict(settings), "expense")
    assert books.limiter is expense.limiter  # one organisation, one budget
    assert (books.limiter.limit, books.limiter.window) == (100, 60.0)
    other = ZohoHTTP({**settings, "organization_id": "43"}, "books")
    assert other.limiter is not books.limiter


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


def test_limit_is_enforced_across_connections_and_threads_measured_on_the_server():
    app = create_fault_server()
    state = app.config["STATE"]
    with serve(app) as url:
        settings = {"api_base": url, "accounts_url": url, "organization_id": "777",
                    "client_id": "c", "client_secret": "s", "refresh_token": "good",
                    "rate_limit": 5, "rate_window": 1.0}
        conns = [ZohoHTTP(dict(settings), app_name) for app_name in ("books", "inventory")]
        conns[0].request("GET", "/things/1")  # fetch the token first
        started = time.monotonic()

        def work(conn):
            for _ in range(4):
                conn.request("GET", "/things/1")

        threads = [threading.Thread(target=work, args=(conns[i % 2],)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        elapsed = time.monotonic() - started
        other = ZohoHTTP({**settings, "organization_id": "778"}, "books")
        quick = time.monotonic()
        other.request("GET", "/things/1")  # another organisation is not held back
        quick = time.monotonic() - quick
    times = [c["time"] for c in state.calls[:17]]
    assert len(times) == 17
    # 17 calls at 5 per 1 s: at least three full windows have to pass
    assert elapsed >= 2.8
    assert max_in_window(times, 0.6) <= 5  # 0.4 s of margin for a loaded machine
    assert quick < 0.3


def test_full_jitter_backoff_is_capped():
    delays = [backoff_delay(attempt, 1.0, 8.0) for attempt in range(10) for _ in range(50)]
    assert all(0 <= d <= 8.0 for d in delays)
    assert max(backoff_delay(0, 1.0, 8.0) for _ in range(50)) <= 1.0
    assert len({round(d, 6) for d in delays}) > 100  # jittered, not fixed steps


def test_limiter_for_shares_one_instance():
    a = limiter_for("http://h", "org", 3, 1.0)
    assert a is limiter_for("http://h/", "org", 3, 1.0)
    assert a is not limiter_for("http://h", "org2", 3, 1.0)
