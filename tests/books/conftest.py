"""Fixtures every Books test can use without importing them: ``crm`` (a tenant with every app,
an administrator, an account with a contact and a deal, a vendor and a product; defined in
context_helpers), ``books_api`` (the administrator's API client), ``make_doc`` (a document
made through the API) and ``synced`` (the outbox drained, the document read back)."""
from __future__ import annotations

import pytest

from core.sync.worker import drain
from tests.books.context_helpers import create_doc, crm  # noqa: F401  (re-exported as fixtures)


@pytest.fixture
def books_api(crm, api_for):
    return api_for(crm["admin"])


@pytest.fixture
def make_doc(crm, books_api):
    """``make_doc(kind, **fields)``: a document of ``kind`` (invoices, estimates, salesorders,
    purchaseorders) for the account (the vendor for purchase orders), one line 2 x 50.00."""
    def make(kind: str, **fields) -> dict:
        party = {"vendor_id": crm["vendor"].id} if kind == "purchaseorders" else {"account_id": crm["account"].id}
        return create_doc(books_api, kind, **{**party, **fields})
    return make


@pytest.fixture
def synced(books_api, registry):
    """``synced(kind, doc_id)``: runs the outbox through the embedded finance application and
    answers the document as the API shows it afterwards."""
    def read(kind: str, doc_id: int) -> dict:
        drain(registry)
        return books_api.get(f"/api/v1/books/{kind}/{doc_id}").get_json()
    return read
