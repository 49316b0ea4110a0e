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
