"""Documents of the embedded finance application: numbering, exact totals, validation,
crm_id uniqueness and organisations kept apart."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from core.finance.base import FinanceService, NotFoundError, RejectedError
from core.finance.local import finance_db
from core.finance.local.models import Contact, Document

from .conftest import customer, document, item, vendor


def test_local_finance_implements_the_interface(fin):
    assert isinstance(fin, FinanceService)


def test_each_document_type_has_its_own_number_series(fin):
    acme, parts = customer(fin), vendor(fin)
    line = [{"name": "Work", "quantity": "1", "rate": "5"}]
    numbers = [document(fin, "invoices", acme, line)["invoice_number"] for _ in range(3)]
    assert numbers == ["INV-000001", "INV-000002", "INV-000003"]
    assert document(fin, "estimates", acme, line)["estimate_number"] == "EST-000001"
    assert document(fin, "salesorders", acme, line)["salesorder_number"] == "SO-000001"
    assert document(fin, "purchaseorders", parts, line)["purchaseorder_number"] == "PO-000001"


def test_numbers_are_per_organisation(make_fin):
    one, two = make_fin("one"), make_fin("two")
    line = [{"name": "Work", "quantity": "1", "rate": "5"}]
    document(one, "invoices", customer(one), line)
    assert document(two, "invoices", customer(two), line)["number"] == "INV-000001"
    assert document(one, "invoices", customer(one), line)["number"] == "INV-000002"


def test_totals_are_exact_with_half_up_rounding_per_line(fin):
    acme = customer(fin)
    invoice = document(fin, "invoices", acme, [
        {"name": "A", "quantity": "3", "rate": "19.99", "discount": "10%", "tax_percentage": "8.25"},
        {"name": "B", "quantity": "1", "rate": "0.125", "tax_percentage": "10"},   # rate rounds to 0.13
        {"name": "C", "quantity": "1", "rate": "0.05", "tax_percentage": "10"},    # tax 0.005 -> 0.01
    ])
    amounts = [(line["item_total"], line["tax_amount"]) for line in invoice["line_items"]]
    assert amounts == [("53.97", "4.45"), ("0.13", "0.01"), ("0.05", "0.01")]
    assert (invoice["sub_total"], invoice["tax_total"], invoice["total"]) == ("54.15", "4.47", "58.62")
    assert invoice["balance"] == "58.62" and invoice["status"] == "draft"
    stored = Document.get_by_id(int(invoice["id"]))
    assert isinstance(stored.total, Decimal) and stored.total == Decimal("58.62")


def test_line_takes_name_rate_and_tax_from_its_item(fin):
    widget = item(fin, "Widget", "12.50", tax_percentage="20")
    order = document(fin, "salesorders", customer(fin), [{"item_id": widget["id"], "quantity": "2"}])
    line = order["line_items"][0]
    assert (line["name"], line["rate"], line["item_total"], line["tax_amount"]) == ("Widget", "12.50", "25.00", "5.00")


@pytest.mark.parametrize("payload, field", [
    ({"customer_id": "", "line_items": [{"name": "X", "quantity": "1", "rate": "1"}]}, "customer_id"),
    ({"customer_id": "999999999", "line_items": [{"name": "X", "quantity": "1", "rate": "1"}]}, "customer_id"),
    ({"customer_id": None, "line_items": []}, "customer_id"),
    ({"line_items": [{"name": "X", "quantity": "-1", "rate": "1"}]}, "quantity"),
    ({"line_items": [{"name": "X", "rate": "1"}]}, "quantity"),
    ({"line_items": [{"quantity": "1", "rate": "1"}]}, "name"),
    ({"line_items": [{"name": "X", "quantity": "1", "rate": "abc"}]}, "rate"),
    ({"line_items": [{"name": "X", "quantity": "1", "rate": "1", "item_id": "424242424"}]}, "item_id"),
    ({"line_items": []}, "line_items"),
    ({"line_items": [{"name": "X", "quantity": "1", "rate": "1"}], "due_date": "31/12/2024"}, "due_date"),
])
def test_bad_documents_are_rejected_naming_the_field(fin, payload, field):
    acme = customer(fin)
    body = {"customer_id": acme["id"], "crm_id": "invoices:1", **payload}
    with pytest.raises(RejectedError) as caught:
        fin.create("invoices", body)
    assert field in caught.value.message
    assert Document.select().where(Document.organization_id == fin.org).count() == 0


def test_missing_contact_fields_are_rejected(fin):
    with pytest.raises(RejectedError, match="contact_name"):
        fin.create("contacts", {"contact_type": "customer", "crm_id": "accounts:1"})
    with pytest.raises(RejectedError, match="contact_type"):
        fin.create("contacts", {"contact_name": "X", "contact_type": "partner", "crm_id": "accounts:1"})
    with pytest.raises(RejectedError, match="crm_id"):
        fin.create("contacts", {"contact_name": "X", "contact_type": "customer"})
    with pytest.raises(RejectedError, match="rate"):
        fin.create("items", {"name": "X", "rate": "-1", "crm_id": "products:1"})


def test_y1_a_second_create_with_one_crm_id_is_refused_and_leaves_one_row(fin):
    first = customer(fin, crm_id="accounts:7")
    with pytest.raises(RejectedError) as caught:
        customer(fin, "Other name", crm_id="accounts:7")
    assert caught.value.code == "duplicate" and first["id"] in caught.value.message
    assert Contact.select().where((Contact.organization_id == fin.org) & (Contact.crm_id == "accounts:7")).count() == 1
    assert fin.find_by_crm_id("contacts", "accounts:7")["contact_name"] == "Acme Corp"


def test_y1_concurrent_creates_with_one_crm_id_make_one_row(fin, finance_bound):
    acme = customer(fin)
    results = []

    def create():
        try:
            results.append(document(fin, "invoices", acme, [{"name": "X", "quantity": "1", "rate": "1"}],
                                    crm_id="invoices:race")["id"])
        except RejectedError as exc:
            results.append(exc.code)
        finally:
            finance_db.close()
    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results, key=str).count("duplicate") == 3
    assert Document.select().where((Document.organization_id == fin.org) & (Document.crm_id == "invoices:race")).count() == 1


def test_one_crm_id_may_exist_once_per_type_and_organisation(make_fin):
    one, two = make_fin(), make_fin()
    acme = customer(one, crm_id="accounts:1")
    customer(two, crm_id="accounts:1")
    line = [{"name": "X", "quantity": "1", "rate": "1"}]
    document(one, "invoices", acme, line, crm_id="quotes:1")
    assert document(one, "estimates", acme, line, crm_id="quotes:1")["status"] == "draft"


def test_organisations_never_see_each_other(make_fin):
    one, two = make_fin(), make_fin()
    acme = customer(one, crm_id="accounts:1")
    invoice = document(one, "invoices", acme, [{"name": "X", "quantity": "1", "rate": "1"}])
    assert two.get("contacts", acme["id"]) is None
    assert two.get("invoices", invoice["id"]) is None
    assert two.find_by_crm_id("contacts", "accounts:1") is None
    assert list(two.list_changed("contacts", None)) == []
    with pytest.raises(NotFoundError):
        two.update("contacts", acme["id"], {"phone": "1"})
    with pytest.raises(RejectedError, match="customer_id"):  # another organisation's customer
        document(two, "invoices", acme, [{"name": "X", "quantity": "1", "rate": "1"}])


def test_update_changes_fields_and_recomputes_totals(fin):
    acme = customer(fin)
    invoice = document(fin, "invoices", acme, [{"name": "X", "quantity": "1", "rate": "10"}])
    changed = fin.update("invoices", invoice["id"], {"line_items": [{"name": "Y", "quantity": "2", "rate": "10"}],
                                                     "notes": "thanks"})
    assert (changed["total"], changed["balance"], changed["notes"]) == ("20.00", "20.00", "thanks")
    assert changed["invoice_number"] == invoice["invoice_number"]
    assert fin.update("contacts", acme["id"], {"email": "a@b.c"})["email"] == "a@b.c"
    with pytest.raises(NotFoundError):
        fin.update("invoices", "987654321", {"notes": "x"})
    assert fin.get("invoices", "not-a-number") is None
