"""Y8: the ``zoho`` connector keeps within Zoho's limits per organisation (calls in any sliding
window, calls in flight, the daily budget) across connections, threads and processes: the
limits live in the database (core/finance/zoho_quota.py). Measured on the server's side over
real HTTP against tests/zoho_fault_server.py, with small limits and windows."""
from __future__ import annotations

import threading
import time

import pytest

from core.finance.base import TransientError, call_priority
from core.finance.zoho_http import ZohoHTTP, backoff_delay
from core.finance.zoho_quota import Limits, acquire, parse_reset
from tests.live_server import serve
from tests.zoho_fault_server import create_fault_server, settings_for


@pytest.fixture
def fault(app):
    server = create_fault_server()
    with serve(server) as url:
        yield server.config["STATE"], url


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


def run_threads(count: int, target, *args) -> None:
    threads = [threading.Thread(target=target, args=args) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)


def test_y8_default_limits_are_zohos():
    limits = Limits.from_settings({"api_base": "http://h/", "organization_id": "42"})
    assert (limits.rate_limit, limits.rate_window, limits.max_in_flight) == (100, 60.0, 5)
    assert (limits.daily_budget, limits.budget_reserve) == (1000, 100)
    assert limits.key == Limits.from_settings({"api_base": "http://h", "organization_id": "42"}).key
    assert limits.key != Limits.from_settings({"api_base": "http://h", "organization_id": "43"}).key
    assert Limits.from_settings({"api_base": "http://h", "organization_id": "1",
                                 "daily_budget": 5000}).budget_reserve == 500


def test_y8_limit_is_kept_across_connections_and_threads_measured_on_the_server(fault):
    state, url = fault
    state.rate_limit, state.rate_window = 5, 1.0  # the server refuses a 6th call in any 1 s
    settings = settings_for(url, rate_limit=5, rate_window=1.0)
    conns = [ZohoHTTP(dict(settings), app_name) for app_name in ("books", "inventory")]
    conns[0].request("GET", "/things/1")
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
    other = ZohoHTTP({**settings, "organization_id": settings["organization_id"] + "9"}, "books")
    quick = time.monotonic()
    other.request("GET", "/things/1")  # another organisation is not held back
    quick = time.monotonic() - quick
    times = [c["time"] for c in state.calls[:17]]
    assert len(times) == 17 and state.refused == 0
    assert elapsed >= 2.8  # 17 calls at 5 per 1 s: at least three full windows have to pass
    assert max_in_window(times, 1.0) <= 5
    assert quick < 0.3


def test_y8_at_most_max_in_flight_calls_at_once(fault):
    state, url = fault
    state.latency = 0.15
    http = ZohoHTTP(settings_for(url, max_in_flight=2), "books")
    http.request("GET", "/things/1")
    run_threads(6, http.request, "GET", "/things/2")
    assert len(state.calls) == 7 and state.max_in_flight == 2


def test_y8_a_slot_held_by_a_killed_process_is_freed_after_its_lease(fault):
    state, url = fault
    settings = settings_for(url, max_in_flight=1, slot_lease=0.5)
    limits = Limits.from_settings(settings)
    acquire(limits)  # a process took the only slot and died before answering
    started = time.monotonic()
    ZohoHTTP(settings, "books").request("GET", "/things/1")
    assert 0.4 <= time.monotonic() - started < 3


def test_y8_429_without_retry_after_waits_until_x_rate_limit_reset(fault):
    state, url = fault
    state.fail["r"] = 1
    started = time.monotonic()
    body = ZohoHTTP(settings_for(url), "books").request("GET", "/throttled/r", {"reset": "1"})
    assert body["message"] == "finally" and time.monotonic() - started >= 1.0
    assert len(state.calls) == 2


def test_y8_a_429_pause_beyond_the_cap_is_transient_with_retry_after_for_every_process(fault):
    state, url = fault
    state.fail["d"] = 1
    settings = settings_for(url, retry_after_cap=5)
    started = time.monotonic()
    with pytest.raises(TransientError, match="API call limit") as info:
        ZohoHTTP(settings, "books").request("GET", "/throttled/d", {"reset": "3600"})
    assert 3590 <= info.value.retry_after <= 3600 and time.monotonic() - started < 2
    with pytest.raises(TransientError) as again:  # another connection waits too, without calling
        ZohoHTTP(dict(settings), "inventory").request("GET", "/things/1")
    assert again.value.retry_after > 3500 and len(state.calls) == 1


def test_y8_the_daily_budget_stops_calls_until_the_utc_day_ends(fault):
    state, url = fault
    http = ZohoHTTP(settings_for(url, daily_budget=3), "books")
    for _ in range(3):
        http.request("GET", "/things/1")
    with pytest.raises(TransientError, match="daily") as info:
        http.request("GET", "/things/1")
    to_midnight = 86400 - time.time() % 86400
    assert abs(info.value.retry_after - to_midnight) < 5
    assert len(state.calls) == 3  # the fourth was never sent


def test_y8_periodic_calls_leave_the_budget_reserve_to_users(fault):
    state, url = fault
    http = ZohoHTTP(settings_for(url, daily_budget=10, budget_reserve=3), "books")
    token = call_priority.set("periodic")
    try:
        for _ in range(7):
            http.request("GET", "/things/1")
        with pytest.raises(TransientError, match="reserve") as info:
            http.request("GET", "/things/1")
        assert info.value.retry_after > 0
    finally:
        call_priority.reset(token)
    for _ in range(3):  # a user's save still goes through, until the budget is spent
        http.request("GET", "/things/1")
    with pytest.raises(TransientError, match="daily"):
        http.request("GET", "/things/1")
    assert len(state.calls) == 10


def test_y8_what_zoho_says_remains_counts_other_integrations_calls(fault):
    from core.finance.zoho_quota import usage_of
    state, url = fault
    state.daily_budget, state.used = 1000, 995  # other integrations spent most of it
    settings = settings_for(url, daily_budget=1000, budget_reserve=3)
    http = ZohoHTTP(settings, "books")
    token = call_priority.set("periodic")
    try:
        http.request("GET", "/things/1")  # Zoho answers: 4 remain
        http.request("GET", "/things/1")  # 3 remain: the reserve
        with pytest.raises(TransientError, match="reserve"):
            http.request("GET", "/things/1")
    finally:
        call_priority.reset(token)
    seen = usage_of(Limits.from_settings(settings))
    assert seen["calls_today"] == 2 and seen["daily_budget"] == 1000
    assert (seen["zoho_limit"], seen["zoho_remaining"]) == (1000, 3)
    assert seen["zoho_resets_at"] is not None


def test_y8_x_rate_limit_reset_is_seconds_or_an_epoch_time():
    assert parse_reset("30", now=1_000.0) == 1_030.0
    assert parse_reset("1767225600", now=1_000.0) == 1767225600.0
    assert parse_reset(None, now=1_000.0) is None and parse_reset("soon", now=1_000.0) is None


def test_full_jitter_backoff_is_capped():
    delays = [backoff_delay(attempt, 1.0, 8.0) for attempt in range(10) for _ in range(50)]
    assert all(0 <= d <= 8.0 for d in delays)
    assert max(backoff_delay(0, 1.0, 8.0) for _ in range(50)) <= 1.0
    assert len({round(d, 6) for d in delays}) > 100  # jittered, not fixed steps
