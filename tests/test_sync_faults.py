"""Nothing lost, nothing doubled: the outbox through the real ``zoho`` connector against
``finance-serve`` over HTTP while it answers 500, 429 or too late."""
from __future__ import annotations

import pytest

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS
from core.sync.connections import configure
from core.sync.worker import drain
from tests.live_server import serve
from tests.sync_helpers import make_due, new_tenant, outbox, sync, sync_app  # noqa: F401
from tests.test_sync_engine import make_order
from tests.zoho_serve_fixtures import served

FAULTS = {
    "500": {"FAIL_NEXT": [500] * 3},
    "429": {"FAIL_NEXT": [429] * 3},
    "timeout": {"LATENCY_MS": 1500},  # the server stores the order, the client has given up
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_y1_service_faults_keep_the_save_and_sync_exactly_once_later(sync, fault):
    server = create_finance_server({"TESTING": True, "RATE_LIMIT": 10_000})
    with serve(server) as url:
        tenant, user = new_tenant(sync)
        configure(tenant, "synctest", "zoho", tenant.slug, {
            "api_base": url, "accounts_url": url, "client_id": DEFAULTS["CLIENT_ID"],
            "client_secret": DEFAULTS["CLIENT_SECRET"], "refresh_token": DEFAULTS["REFRESH_TOKEN"],
            "zoho_app": "books", "timeout": 1, "max_retries": 0})
        server.config.update(FAULTS[fault])
        server.extensions["finance_serve"].config.update(FAULTS[fault])
        order, _ = make_order(sync, tenant, user)  # saved whatever the service answers
        drain(sync)
        [row] = outbox(tenant)
        assert row.state == "pending" and row.last_error, f"{fault}: {row.state} {row.last_error}"
        server.extensions["finance_serve"].config.update({"FAIL_NEXT": [], "LATENCY_MS": 0})
        for _ in range(3):
            make_due(tenant)
            drain(sync)
        assert outbox(tenant)[0].state == "done"
    assert len(list(served(tenant.slug).list_changed("salesorders", None))) == 1
    assert len(list(served(tenant.slug).list_changed("contacts", None))) == 1
