"""One process of tests/test_zoho_processes.py: binds the test database, waits for the agreed
start time, makes calls through ZohoHTTP from a few threads and prints what happened as JSON.

    python -m tests.zoho_calls_proc DATABASE_URL SETTINGS_JSON CALLS THREADS START_AT
"""
from __future__ import annotations

import json
import sys
import threading
import time


def main(argv: list[str]) -> None:
    from core.db import bind
    from core.finance.zoho_http import ZohoHTTP
    url, settings, calls, threads, start_at = argv
    bind(url)
    http = ZohoHTTP(json.loads(settings), "books")
    done, errors = [], []

    def work():
        for _ in range(int(calls)):
            try:
                http.request("GET", "/things/1")
                done.append(1)
            except Exception as exc:  # noqa: BLE001 (reported to the test)
                errors.append(f"{type(exc).__name__}: {exc}")

    time.sleep(max(0.0, float(start_at) - time.time()))
    workers = [threading.Thread(target=work) for _ in range(int(threads))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(json.dumps({"done": len(done), "errors": errors}))


if __name__ == "__main__":
    main(sys.argv[1:])
