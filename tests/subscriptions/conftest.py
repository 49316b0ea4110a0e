"""Fixtures every Subscriptions test can use without importing them: ``crm`` (a tenant with every
app, an administrator, an account with a contact and a deal, a vendor and a product; from
tests/books/context_helpers), ``subs_api`` (the administrator's API client)."""
from __future__ import annotations

import pytest

from tests.books.context_helpers import crm  # noqa: F401  (re-exported as a fixture)


@pytest.fixture
def subs_api(crm, api_for):
    return api_for(crm["admin"])
