"""Fixtures every Inventory test can use without importing them: ``crm`` (a tenant with every app,
an administrator, an account with a contact and a deal, a vendor and a product; from
tests/books/context_helpers), ``solo`` (the same with Inventory alone)."""
from __future__ import annotations

import pytest

from core.crm.models import Account, Contact, Product
from tests.books.context_helpers import crm  # noqa: F401  (re-exported as a fixture)


@pytest.fixture
def solo(make_tenant, make_user):
    """A tenant with only Inventory enabled, its administrator, an account with a contact, a product."""
    tenant = make_tenant(apps=("inventory",))
    account = Account.create(tenant=tenant, name="Solo Traders", email="orders@solo.example")
    contact = Contact.create(tenant=tenant, first_name="Sol", last_name="Oh", email="sol@solo.example",
                             account=account)
    product = Product.create(tenant=tenant, name="Crate", code="C-1", unit_price=20)
    return {"tenant": tenant, "admin": make_user(tenant), "account": account, "contact": contact,
            "product": product}
