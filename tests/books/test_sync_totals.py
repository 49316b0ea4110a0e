"""B2, Y7: documents are sent with their discounts as Zoho documents them, and totals the finance
application computes otherwise than the CRM are a failed sync shown on the record (not a log
line), with a balance that never exceeds the total."""
from __future__ import annotations

import logging
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core.declarations import ConnectorSpec
from core.finance.local.service import LocalFinance
from core.sync.worker import drain
from plugins.books.sync import SYNCS
from tests.books.context_helpers import finance

DISCOUNTED = [{"description": "Installation", "quantity": "1.5", "rate": "80.00", "discount_percent": "10",
               "tax_percent": "20"},
              {"description": "Advice", "quantity": "1", "rate": "99.99"}]


class Refs:
    def finance_id(self, module, record_id):
        return None if record_id is None else f"{module}-{record_id}"


def test_b2_documents_are_sent_with_zoho_s_discount_fields(crm, books_api):
    doc = books_api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id,
                                                         "line_items": DISCOUNTED}).get_json()
    sync = SYNCS["books/invoices"]
    payload = sync.to_payload(sync.module.model.get_by_id(doc["id"]), Refs())
    assert (payload["discount_type"], payload["is_discount_before_tax"]) == ("item_level", True)
    assert [line["discount"] for line in payload["line_items"]] == ["10%", "0%"]
    assert not any("discount_percent" in line for line in payload["line_items"])


def test_y7_differences_name_each_total_a_person_would_check():
    sync = SYNCS["books/invoices"]
    record = SimpleNamespace(total=Decimal("108.00"), sub_total=Decimal("90.00"), tax_total=Decimal("18.00"))
    assert sync.differences(record, {"total": "108.00", "sub_total": "90.00", "tax_total": "18.00"}) == []
    assert sync.differences(record, {"total": Decimal("108")}) == []  # only what was answered
    assert sync.differences(record, {"total": "107.99", "sub_total": "90.00", "tax_total": "17.99"}) == [
        "Books computed a total of 107.99, the CRM 108.00", "Books computed a tax total of 17.99, the CRM 18.00"]
    assert sync.sync_type().differences == sync.differences


class DropsDiscounts:
    """A finance application that ignores the lines' discounts (as Zoho ignored
    ``discount_percent``): it computes its own, different totals."""

    def __init__(self, service):
        self.service = service

    def __getattr__(self, name):
        return getattr(self.service, name)

    def _plain(self, payload):
        return {**payload, "line_items": [{k: v for k, v in line.items() if k != "discount"}
                                          for line in payload.get("line_items") or []]}

    def create(self, doc_type, payload):
        return self.service.create(doc_type, self._plain(payload))

    def update(self, doc_type, finance_id, payload, previous=None):
        return self.service.update(doc_type, finance_id, self._plain(payload), previous=previous)


@pytest.fixture
def drops_discounts(crm, registry):
    from core.sync.connections import configure
    registry.connectors["drops"] = ConnectorSpec(
        "drops", "Drops discounts", lambda s: DropsDiscounts(LocalFinance(s["organization_id"], s.get("app"))))
    configure(crm["tenant"], "books", "drops", crm["tenant"].slug)
    yield
    del registry.connectors["drops"]


def test_y7_a_total_computed_otherwise_is_a_failed_sync_on_the_record(crm, books_api, client_for, registry,
                                                                      drops_discounts, caplog):
    doc = books_api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id,
                                                         "line_items": DISCOUNTED}).get_json()
    assert doc["total"] == "229.59"  # 108.00 + 21.60 tax + 99.99
    with caplog.at_level(logging.WARNING):
        drain(registry)
    seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert seen["sync_status"] == "failed", seen
    assert seen["sync_error"] == ("Books computed a total of 243.99, the CRM 229.59; "
                                  "Books computed a sub-total of 219.99, the CRM 207.99; "
                                  "Books computed a tax total of 24.00, the CRM 21.60")
    assert seen["finance_id"] and seen["number"].startswith("INV-")  # mapped: a Retry updates that copy
    assert Decimal(seen["balance"]) <= Decimal(seen["total"])  # no balance of a total we do not agree with
    assert not [r for r in caplog.records if "differs" in r.getMessage()]
    page = client_for(crm["admin"]).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    assert "Sync failed: Books computed a total of 243.99, the CRM 229.59" in page
    copy = finance(crm["tenant"]).get("invoices", seen["finance_id"])
    assert copy["total"] == "243.99"


def test_y7_the_same_discounts_give_the_same_totals_on_both_sides(crm, books_api, registry):
    doc = books_api.post("/api/v1/books/invoices", json={"account_id": crm["account"].id,
                                                         "line_items": DISCOUNTED}).get_json()
    drain(registry)
    seen = books_api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert seen["sync_status"] == "synced", seen["sync_error"]
    copy = finance(crm["tenant"]).get("invoices", seen["finance_id"])
    assert (copy["sub_total"], copy["tax_total"], copy["total"]) == ("207.99", "21.60", "229.59")
    assert [line["discount"] for line in copy["line_items"]] == ["10%", "0"]
