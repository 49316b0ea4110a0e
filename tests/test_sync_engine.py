"""Y1, Y5, Y6 and the promises of the sync engine, against the real embedded finance
application: instant sync, customers first, clear failures, nothing lost, no duplicates."""
from __future__ import annotations

from decimal import Decimal

import pytest

from core.actions import run_action
from core.crm.models import Account, Product
from core.db import db
from core.declarations import ConnectorSpec
from core.finance.base import TransientError
from core.finance.local.service import LocalFinance
from core.records import create_record, dump, update_record
from core.sync.connections import configure, get_connection
from core.sync.models import SyncMapping
from core.sync.worker import drain
from tests.sync_helpers import finance_records, make_due, new_tenant, outbox, sync, sync_app  # noqa: F401


def make_order(registry, tenant, user, **values):
    account = values.pop("account", None) or Account.create(tenant=tenant, name="Acme Ltd", city="Lyon")
    data = {"name": "Order 1", "account_id": account.id, "quantity": "3", "rate": "19.99", **values}
    return create_record(registry.modules["synctest/orders"], tenant, user, data), account


def test_y1_y5_a_saved_order_syncs_at_once_after_its_customer_and_item(sync):
    tenant, user = new_tenant(sync)
    product = Product.create(tenant=tenant, name="Widget", code="W-1", unit_price=Decimal("19.99"))
    order, account = make_order(sync, tenant, user, product_id=product.id)
    assert [r.state for r in outbox(tenant)] == ["pending"]  # written with the save
    assert drain(sync) == 1
    customers = finance_records(tenant, "contacts")
    assert [(c["crm_id"], c["contact_name"]) for c in customers] == [(f"accounts:{account.id}", "Acme Ltd")]
    [item] = finance_records(tenant, "items")
    [remote] = finance_records(tenant, "salesorders")
    assert remote["customer_id"] == customers[0]["id"] and remote["line_items"][0]["item_id"] == item["id"]
    data = dump(sync.modules["synctest/orders"], order.__class__.get_by_id(order.id))
    assert data["sync_status"] == "synced" and data["finance_id"] == remote["id"]
    assert data["number"] == remote["salesorder_number"] and data["total"] == "59.97"


def test_y1_the_outbox_row_commits_or_rolls_back_with_the_save(sync):
    tenant, user = new_tenant(sync)
    account = Account.create(tenant=tenant, name="Rollback Ltd")
    with pytest.raises(RuntimeError):
        with db.atomic():
            make_order(sync, tenant, user, account=account)
            raise RuntimeError("the request failed after the save")
    assert outbox(tenant) == [] and sync.modules["synctest/orders"].model.scoped(tenant).count() == 0


def test_y1_an_edit_and_a_status_action_sync_too(sync):
    tenant, user = new_tenant(sync)
    orders = sync.modules["synctest/orders"]
    order, _ = make_order(sync, tenant, user)
    drain(sync)
    update_record(orders, tenant, user, order, {"quantity": "4"})
    run_action(sync.relay(["synctest"]), orders, tenant, user, order, "convert_to_open")
    assert [r.operation for r in outbox(tenant, state="pending")] == ["push", "action:convert_to_open"]
    drain(sync)
    [remote] = finance_records(tenant, "salesorders")
    assert remote["status"] == "open" and remote["total"] == "79.96"


def test_y6_a_refused_record_fails_with_the_finance_message_and_others_flow(sync):
    tenant, user = new_tenant(sync)
    bad, _ = make_order(sync, tenant, user, name="No lines", quantity="0")
    good, _ = make_order(sync, tenant, user, name="Fine")
    drain(sync)
    failed = outbox(tenant, record_id=bad.id)[0]
    assert failed.state == "failed" and "line_items" in failed.last_error and failed.attempts == 1
    assert outbox(tenant, record_id=good.id)[0].state == "done"
    data = dump(sync.modules["synctest/orders"], bad)
    assert data["sync_status"] == "failed" and "line_items" in data["sync_error"]
    assert drain(sync) == 0  # not retried on its own


def test_nothing_lost_while_the_finance_service_is_down(sync):
    tenant, user = new_tenant(sync)
    configure(tenant, "synctest", "zoho", tenant.slug, {
        "api_base": "http://127.0.0.1:9", "accounts_url": "http://127.0.0.1:9", "client_id": "c",
        "client_secret": "s", "refresh_token": "r", "timeout": 2, "zoho_app": "books"})
    order, _ = make_order(sync, tenant, user)  # the save succeeds whatever the service does
    drain(sync)
    [row] = outbox(tenant)
    # unreachable: the connection fails, not the record (its tries are not counted, Y8)
    assert row.state == "pending" and row.attempts == 0 and "unreachable" in row.last_error
    assert get_connection(tenant, "synctest").failing_since is not None
    assert row.next_attempt_at >= row.updated_at  # retried later, with back-off
    assert drain(sync) == 0  # backing off, not hammering
    configure(tenant, "synctest", "local", tenant.slug)  # the service is back
    make_due(tenant)
    assert drain(sync) == 1
    assert outbox(tenant)[0].state == "done" and len(finance_records(tenant, "salesorders")) == 1


class LostResponses:
    """The real embedded service, behind a network that loses the answer to each create:
    the record is stored on the finance side, the caller sees a timeout."""

    def __init__(self, service):
        self.service = service

    def __getattr__(self, name):
        return getattr(self.service, name)

    def create(self, doc_type, payload):
        self.service.create(doc_type, payload)
        raise TransientError("read timed out")


def test_no_duplicate_when_a_create_reached_the_finance_side_but_its_answer_was_lost(sync):
    sync.connectors["lossy"] = ConnectorSpec("lossy", "Lossy", lambda s: LostResponses(LocalFinance(s["organization_id"])))
    try:
        tenant, user = new_tenant(sync)
        configure(tenant, "synctest", "lossy", tenant.slug)
        make_order(sync, tenant, user)
        for _ in range(3):  # customer lost, then order lost, then all found by crm_id
            drain(sync)
            make_due(tenant)
        configure(tenant, "synctest", "local", tenant.slug)
        make_due(tenant)
        drain(sync)
    finally:
        del sync.connectors["lossy"]
    assert outbox(tenant)[0].state == "done"
    assert len(finance_records(tenant, "contacts")) == 1 and len(finance_records(tenant, "salesorders")) == 1


def test_no_duplicate_on_a_first_sync_of_data_that_exists_on_both_sides(sync):
    from core.sync.jobs import start_push
    tenant, _ = new_tenant(sync)
    account = Account.create(tenant=tenant, name="Already There")
    existing = LocalFinance(tenant.slug).create("contacts", {
        "contact_name": "Already There (old)", "contact_type": "customer", "crm_id": f"accounts:{account.id}"})
    run = start_push(sync, tenant, "contacts")
    drain(sync)
    [remote] = finance_records(tenant, "contacts")
    assert remote["id"] == existing["id"] and remote["contact_name"] == "Already There"
    mapping = SyncMapping.get(SyncMapping.record_id == account.id, SyncMapping.module == "accounts")
    assert mapping.finance_id == existing["id"] and run.total == 1


def test_c6_api_shows_sync_fields_and_openapi_documents_them(sync, sync_app):
    from core.models import ApiToken
    tenant, user = new_tenant(sync)
    order, _ = make_order(sync, tenant, user)
    client = sync_app.test_client()
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"}
    before = client.get(f"/api/v1/synctest/orders/{order.id}", headers=headers).get_json()
    assert (before["sync_status"], before["finance_id"]) == ("pending", None)
    drain(sync)
    after = client.get(f"/api/v1/synctest/orders/{order.id}", headers=headers).get_json()
    assert after["sync_status"] == "synced" and after["finance_id"] and after["sync_error"] is None
    listed = client.get("/api/v1/synctest/orders", headers=headers).get_json()["data"]
    assert listed[0]["finance_id"] == after["finance_id"]
    schema = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    orders = next(v for v in schema.values() if {"quantity", "total"} <= set(v.get("properties", {})))
    assert orders["properties"]["sync_status"]["enum"] == ["pending", "synced", "failed"]


def test_y1_a_failed_row_waits_half_its_back_off_at_least_never_hammering():
    """2 s, 4 s, 8 s ... capped at 15 min, with equal jitter: the earliest retry is half of it."""
    from core.sync.outcomes import BACKOFF_CAP, backoff

    class Lowest:
        uniform = staticmethod(lambda low, high: low)

    class Highest:
        uniform = staticmethod(lambda low, high: high)
    assert [backoff(n, Lowest) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert [backoff(n, Highest) for n in (1, 2, 3)] == [2.0, 4.0, 8.0]
    assert (backoff(40, Lowest), backoff(40, Highest)) == (BACKOFF_CAP / 2, BACKOFF_CAP)
