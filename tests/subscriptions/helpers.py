"""Shared pieces of the Subscriptions tests (S1, P1): subscriptions made through the API, the
embedded finance application's organisation of the app, finance ids."""
from __future__ import annotations

import datetime as dt

from core.finance.local.service import LocalFinance
from core.sync.connections import get_connection
from core.sync.models import SyncMapping

URL = "/api/v1/subscriptions/subscriptions"
INVOICES_URL = "/api/v1/subscriptions/invoices"
TODAY = dt.datetime.now(dt.timezone.utc).date()
#: a start a few days ago: the finance application bills it today
PAST = (TODAY - dt.timedelta(days=5)).isoformat()
PLAN = {"plan_code": "PRO-M", "plan_name": "Pro (monthly)", "quantity": "3", "price": "19.90",
        "interval": 1, "interval_unit": "months"}


def create_sub(api, **fields) -> dict:
    """A subscription made through the API: 3 x 19.90 a month from ``PAST`` unless told."""
    response = api.post(URL, json={**PLAN, "starts_at": PAST, **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def finance(tenant) -> LocalFinance:
    """The tenant's Subscriptions organisation in the embedded finance application."""
    return LocalFinance(get_connection(tenant, "subscriptions").organization_id)


def finance_id(tenant, module: str, record_id: int, app: str = "subscriptions") -> str:
    org_key = get_connection(tenant, app).org_key
    return SyncMapping.get((SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key)
                           & (SyncMapping.module == module) & (SyncMapping.record_id == record_id)).finance_id


def bill(tenant, sub_id: int, today: dt.date = TODAY) -> dict | None:
    """The finance application bills the subscription (its billing date has come)."""
    return finance(tenant).bill_subscription(finance_id(tenant, "subscriptions/subscriptions", sub_id), today)
