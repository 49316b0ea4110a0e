"""Fixtures every Expense test can use without importing them: ``crm`` (a tenant with every app,
an administrator, an account with a contact and a deal; from tests/books/context_helpers),
``xapi`` (the administrator's API client) and ``synced`` (drain the outbox, read a record back)."""
from __future__ import annotations

import pytest

from core.sync.worker import drain
from tests.books.context_helpers import crm  # noqa: F401  (re-exported as a fixture)


@pytest.fixture
def xapi(crm, api_for):
    return api_for(crm["admin"])


@pytest.fixture
def synced(xapi, registry):
    """``synced(kind, record_id)``: run the outbox through the embedded finance application and
    answer the record (``kind``: expenses or reports) as the API shows it afterwards."""
    def read(kind: str, record_id: int) -> dict:
        drain(registry)
        return xapi.get(f"/api/v1/expense/{kind}/{record_id}").get_json()
    return read
