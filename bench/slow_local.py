"""A connector for ``bench.sync --figures 4 --connector local``: the embedded finance
application behind a sleep of ``FINSUITE_BENCH_LATENCY_MS`` (20) per call, as a remote API
waits. Registered by the bench in the workers' registry (``FINSUITE_PLUGINS``), not shipped."""
from __future__ import annotations

import os
import time

from core import hookimpl
from core.declarations import ConnectorSpec, Manifest

manifest = Manifest(name="bench_slow_local", label="Bench: slow local connector", version="0.0.1")


#: what a remote service offers (core.finance.base.FinanceService): no ``create_many`` and no
#: ``unique_crm_id`` promise, so the outbox asks ``find_by_crm_id`` before each create (the zoho
#: connector's create is now one upsert: docs/sync.md "Our id in Zoho")
CALLS = ("create", "update", "get", "find_by_crm_id", "list_changed", "action", "figures")


class SlowLocal:
    """The wrapped service's calls, each after a sleep; nothing else of it."""

    def __init__(self, service, seconds: float):
        self.service, self.seconds = service, seconds

    def __getattr__(self, name):
        if name not in CALLS:
            raise AttributeError(name)
        value = getattr(self.service, name)

        def call(*args, **kwargs):
            time.sleep(self.seconds)
            return value(*args, **kwargs)
        return call


def _factory(settings: dict):
    from core.finance.local.service import LocalFinance
    seconds = float(os.environ.get("FINSUITE_BENCH_LATENCY_MS", "20")) / 1000
    return SlowLocal(LocalFinance(settings["organization_id"], settings.get("app")), seconds)


@hookimpl
def register_connectors():
    return [ConnectorSpec("slow_local", "Embedded finance application, 20 ms per call", _factory,
                          cursor_overlap_seconds=0)]
