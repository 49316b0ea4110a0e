"""Small helpers of the browser tests."""
from __future__ import annotations

import time


def wait_for(check, timeout: float = 10.0) -> bool:
    """Poll ``check()`` until it is true (the outbox worker runs in another thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def wait_in_page(page, expression: str, timeout: float = 10_000) -> None:
    """Wait until ``expression`` is true in the page (``timeout`` in ms, as Playwright's).
    Playwright's ``wait_for_function`` polls with ``eval``, which the pages' Content-Security-Policy
    refuses; ``page.evaluate`` goes through DevTools and is not."""
    assert wait_for(lambda: page.evaluate(expression), timeout / 1000), f"never true: {expression}"
