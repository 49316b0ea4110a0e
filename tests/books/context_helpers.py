"""Shared pieces of the Books-in-context tests (B3, B5, B6, P1): a customer with its contact, deal
and vendor, documents, the embedded finance application, SQL statement counts."""
from __future__ import annotations

import datetime as dt
import re
import socket

import pytest

from bench.pages import QueryCounter
from core.crm.models import Account, Contact, Deal, Product, Vendor
from core.finance.local.service import LocalFinance
from core.models import utcnow
from core.testing import profile_without  # noqa: F401  (the books tests import it from here)
from core.sync.connections import get_connection
from core.sync.models import SyncMapping
from core.testing import finance_of

LINE = {"name": "Consulting", "quantity": "2", "rate": "50.00", "tax_percent": "0"}


@pytest.fixture
def crm(make_tenant, make_user):
    """A tenant with every app, an administrator, an account with a contact and a deal, a
    vendor and a product."""
    tenant = make_tenant()
    account = Account.create(tenant=tenant, name="Acme Corp", email="billing@acme.example")
    contact = Contact.create(tenant=tenant, first_name="Ada", last_name="Byron", email="ada@acme.example",
                             account=account)
    deal = Deal.create(tenant=tenant, name="Acme renewal", account=account, contact=contact)
    vendor = Vendor.create(tenant=tenant, name="Paper Supplies Ltd", email="sales@paper.example")
    product = Product.create(tenant=tenant, name="Widget", code="W-1", unit_price=10)
    return {"tenant": tenant, "admin": make_user(tenant), "account": account, "contact": contact, "deal": deal,
            "vendor": vendor, "product": product}


def create_doc(api, kind: str, **fields) -> dict:
    """A Books document made through the API (``kind``: invoices, estimates, salesorders,
    purchaseorders)."""
    body = {"date": "2026-11-20", "line_items": [LINE], **fields}
    response = api.post(f"/api/v1/books/{kind}", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def insert_docs(model, tenant, count: int, start=dt.date(2026, 1, 1), **fields) -> None:
    """``count`` documents in one INSERT, dated one day apart from ``start``."""
    now = utcnow()
    rows = [{"tenant": tenant.id, "number": f"N-{i:05d}", "status": "draft", "date": start + dt.timedelta(days=i),
             "total": 10 + i, "created_at": now, "updated_at": now, **fields} for i in range(count)]
    model.insert_many(rows).execute()


def panel(html: str, key: str) -> str | None:
    """The HTML of the related list ``key`` of a page, or ``None``."""
    match = re.search(rf'<section class="panel related" id="related-{key}".*?</section>', html, re.S)
    return match.group(0) if match else None


def panel_keys(html: str) -> list[str]:
    return re.findall(r'<section class="panel related" id="related-([\w-]+)"', html)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def finance_id(tenant, module: str, record_id: int, app: str = "books") -> str:
    org_key = get_connection(tenant, app).org_key
    return SyncMapping.get((SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key)
                           & (SyncMapping.module == module) & (SyncMapping.record_id == record_id)).finance_id


def finance(tenant) -> LocalFinance:
    """The tenant's Books organisation in the embedded finance application."""
    return finance_of(tenant, "books")




#: counts the SQL statements peewee sends (one definition, shared with the benches)
Statements = QueryCounter
