"""Fixtures and helpers of the Invoice app tests (I1, P1): a customer (``crm``, from the Books
helpers), Invoice documents made through the API, the Invoice organisation of the embedded
finance application (``<slug>-invoice``) and the Books one for comparison."""
from __future__ import annotations

import pytest

from core.finance.local.service import LocalFinance
from core.testing import finance_of
from tests.books.context_helpers import crm, finance_id  # noqa: F401  (re-exported: a fixture, a lookup)

LINE = {"name": "Consulting", "quantity": "2", "rate": "50.00", "tax_percent": "0"}


def create_doc(api, kind: str, **fields) -> dict:
    """An Invoice-app document (``kind``: invoices, estimates) made through the API."""
    body = {"date": "2026-11-20", "line_items": [LINE], **fields}
    response = api.post(f"/api/v1/invoice/{kind}", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def invoice_org(tenant) -> LocalFinance:
    """The tenant's Invoice organisation in the embedded finance application."""
    return finance_of(tenant, "invoice")


def books_org(tenant) -> LocalFinance:
    return finance_of(tenant, "books")


def invoice_finance_id(tenant, module: str, record_id: int) -> str:
    return finance_id(tenant, module, record_id, app="invoice")


@pytest.fixture
def invoice_api(crm, api_for):
    return api_for(crm["admin"])


@pytest.fixture
def make_doc(crm, invoice_api):
    """``make_doc(kind, **fields)``: an Invoice-app document of the account, one line 2 x 50.00."""
    def make(kind: str, **fields) -> dict:
        return create_doc(invoice_api, kind, **{"account_id": crm["account"].id, **fields})
    return make
