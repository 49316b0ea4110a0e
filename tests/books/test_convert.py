"""B14 (issue 17, item 11): Convert to Invoice. An estimate (draft, sent or accepted) or an open
sales order becomes a new draft invoice with the same customer, lines, notes and total, its
number as the invoice's reference, linked both ways; the estimate is then invoiced, the order
stays open and is not converted twice. The worker sends one invoice create naming its source:
the finance application makes no second invoice, and its estimate is invoiced too."""
from __future__ import annotations

from core.crm.models import Product
from core.finance.local.service import LocalFinance
from core.sync.jobs import pull
from core.sync.models import SyncOutbox
from core.sync.worker import drain
from core.testing import finance_of, profile_without
from tests.books.context_helpers import finance_id

LINES = [{"name": "Audit", "description": "Two days", "quantity": "2", "rate": "60.00", "discount_percent": "10",
          "tax_percent": "20"},
         {"name": "Travel", "quantity": "1.5", "rate": "35.50"}]
LINE_KEYS = ("product_id", "name", "description", "quantity", "rate", "discount_percent", "tax_percent", "amount",
             "tax_amount")


def _source(api, crm, kind: str, *actions: str) -> dict:
    made = api.post(f"/api/v1/books/{kind}", json={
        "account_id": crm["account"].id, "contact_id": crm["contact"].id, "deal_id": crm["deal"].id,
        "date": "2026-03-02", "notes": "Thank you for your order", "line_items": LINES})
    assert made.status_code == 201, made.get_json()
    for action in actions:
        assert api.post(f"/api/v1/books/{kind}/{made.get_json()['id']}/actions/{action}").status_code == 200
    return made.get_json()


def _convert(api, kind: str, doc_id: int):
    return api.post(f"/api/v1/books/{kind}/{doc_id}/actions/convert_to_invoice")


def _lines(doc: dict) -> list[dict]:
    return [{k: line[k] for k in LINE_KEYS} for line in doc["line_items"]]


def test_b14_an_accepted_estimate_converts_into_one_linked_invoice_on_both_sides(crm, books_api, registry):
    estimate = _source(books_api, crm, "estimates", "mark_sent", "mark_accepted")
    drain(registry)
    estimate = books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()
    assert (estimate["status"], estimate["number"]) == ("accepted", "EST-000001")
    answer = _convert(books_api, "estimates", estimate["id"])
    assert answer.status_code == 201, answer.get_json()
    invoice = answer.get_json()
    assert answer.headers["Location"].endswith(f"/api/v1/books/invoices/{invoice['id']}")
    assert (invoice["status"], invoice["estimate_id"], invoice["salesorder_id"]) == ("draft", estimate["id"], None)
    assert (invoice["account_id"], invoice["contact_id"], invoice["deal_id"]) == (
        crm["account"].id, crm["contact"].id, crm["deal"].id)
    assert (invoice["reference"], invoice["notes"]) == ("EST-000001", "Thank you for your order")
    assert _lines(invoice) == _lines(estimate)
    assert (invoice["sub_total"], invoice["tax_total"], invoice["total"]) == (
        estimate["sub_total"], estimate["tax_total"], estimate["total"])
    assert books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()["status"] == "invoiced"
    related = books_api.get(f"/api/v1/books/estimates/{estimate['id']}/related").get_json()
    assert [[r["id"] for r in rel["records"]] for rel in related if rel["module"] == "books/invoices"] == [
        [invoice["id"]]]

    drain(registry)
    fin = finance_of(crm["tenant"])
    invoice = books_api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    estimate = books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()
    assert (invoice["sync_status"], estimate["sync_status"]) == ("synced", "synced"), (
        invoice.get("sync_error"), estimate.get("sync_error"))
    assert [i["id"] for i in fin.list_changed("invoices", None)] == [invoice["finance_id"]]  # one invoice only
    remote = fin.get("invoices", invoice["finance_id"])
    assert (remote["estimate_id"], remote["reference_number"], remote["total"]) == (
        estimate["finance_id"], "EST-000001", invoice["total"])
    assert fin.get("estimates", estimate["finance_id"])["status"] == estimate["status"] == "invoiced"
    assert not SyncOutbox.select().where(SyncOutbox.operation.contains("convert")).exists()


def test_b14_a_draft_estimate_converts_with_its_label_as_reference(crm, books_api, registry):
    """Converted before the finance application numbered it: the invoice's reference is the
    estimate's CRM label, and the invoice's create waits for the estimate's (its finance id)."""
    estimate = _source(books_api, crm, "estimates")
    answer = _convert(books_api, "estimates", estimate["id"])
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["reference"] == f"Estimate (draft #{estimate['id']})"
    drain(registry)
    invoice = books_api.get(f"/api/v1/books/invoices/{answer.get_json()['id']}").get_json()
    assert invoice["sync_status"] == "synced", invoice.get("sync_error")
    fin = finance_of(crm["tenant"])
    assert fin.get("invoices", invoice["finance_id"])["estimate_id"] == finance_id(
        crm["tenant"], "books/estimates", estimate["id"])
    assert books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()["status"] == "invoiced"


def test_b14_an_open_sales_order_converts_once_and_stays_open(crm, books_api, registry):
    order = _source(books_api, crm, "salesorders", "convert_to_open")
    actions = {a["key"]: a["label"] for a in books_api.get(f"/api/v1/books/salesorders/{order['id']}/actions").get_json()}
    assert actions["convert_to_invoice"] == "Convert to Invoice"
    answer = _convert(books_api, "salesorders", order["id"])
    assert answer.status_code == 201, answer.get_json()
    invoice = answer.get_json()
    assert (invoice["salesorder_id"], invoice["estimate_id"]) == (order["id"], None)
    assert _lines(invoice) == _lines(order) and invoice["total"] == order["total"]
    again = _convert(books_api, "salesorders", order["id"])
    assert again.status_code == 409
    assert again.get_json()["error"] == (f"This sales order was already converted: the invoice "
                                         f"“Invoice (draft #{invoice['id']})” was made from it.")
    drain(registry)
    order = books_api.get(f"/api/v1/books/salesorders/{order['id']}").get_json()
    invoice = books_api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    assert (order["status"], order["sync_status"], invoice["sync_status"]) == ("open", "synced", "synced")
    fin = finance_of(crm["tenant"])
    assert fin.get("salesorders", order["finance_id"])["status"] == "open"
    assert [i["id"] for i in fin.list_changed("invoices", None)] == [invoice["finance_id"]]
    remote = fin.get("invoices", invoice["finance_id"])
    assert (remote["salesorder_id"], remote["estimate_id"]) == (order["finance_id"], None)
    numbered = _convert(books_api, "salesorders", order["id"]).get_json()["error"]
    assert f"the invoice “{invoice['number']}” was made from it" in numbered


def test_b14_a_sales_order_whose_invoice_was_voided_converts_again(crm, books_api):
    """Voiding the invoice made from an order gives the order back its conversion: the void
    invoice stays listed on the order, beside the new one."""
    order = _source(books_api, crm, "salesorders", "convert_to_open")
    first = _convert(books_api, "salesorders", order["id"]).get_json()
    assert books_api.post(f"/api/v1/books/invoices/{first['id']}/actions/mark_void").status_code == 200
    again = _convert(books_api, "salesorders", order["id"])
    assert again.status_code == 201, again.get_json()
    assert again.get_json()["salesorder_id"] == order["id"] and again.get_json()["id"] != first["id"]


def test_b14_an_invoiced_estimate_is_not_converted_again(crm, books_api):
    estimate = _source(books_api, crm, "estimates", "mark_accepted")
    assert _convert(books_api, "estimates", estimate["id"]).status_code == 201
    offered = {a["key"] for a in books_api.get(f"/api/v1/books/estimates/{estimate['id']}/actions").get_json()}
    assert "convert_to_invoice" not in offered
    again = _convert(books_api, "estimates", estimate["id"])
    assert again.status_code == 409 and "already converted to invoice" in again.get_json()["error"]
    assert books_api.get("/api/v1/books/invoices").get_json()["total"] == 1


def test_b14_not_offered_from_other_statuses(crm, books_api):
    declined = _source(books_api, crm, "estimates", "mark_declined")
    draft_order = _source(books_api, crm, "salesorders")
    for kind, doc in (("estimates", declined), ("salesorders", draft_order)):
        offered = {a["key"] for a in books_api.get(f"/api/v1/books/{kind}/{doc['id']}/actions").get_json()}
        assert "convert_to_invoice" not in offered
        assert _convert(books_api, kind, doc["id"]).status_code == 409
    assert books_api.get("/api/v1/books/invoices").get_json()["total"] == 0


def test_b14_converting_needs_invoice_create(crm, books_api, api_for, make_user):
    estimate = _source(books_api, crm, "estimates", "mark_sent")
    clerk = api_for(make_user(crm["tenant"], profile=profile_without(
        crm["tenant"], "No new invoices", "books/invoices.create")))
    offered = {a["key"] for a in clerk.get(f"/api/v1/books/estimates/{estimate['id']}/actions").get_json()}
    assert "mark_accepted" in offered and "convert_to_invoice" not in offered
    refused = _convert(clerk, "estimates", estimate["id"])
    assert refused.status_code == 403
    assert books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()["status"] == "sent"
    assert books_api.get("/api/v1/books/invoices").get_json()["total"] == 0


def test_b14_a_failed_conversion_leaves_nothing_half_made(crm, books_api):
    """A product of the estimate deleted since: the invoice's lines are refused after its row
    was written; nothing of it is kept, the estimate is still accepted, nothing is queued."""
    product = Product.create(tenant=crm["tenant"], name="Gone", unit_price=5)
    made = books_api.post("/api/v1/books/estimates", json={
        "account_id": crm["account"].id, "line_items": [{"product_id": product.id, "quantity": "1"}]}).get_json()
    books_api.post(f"/api/v1/books/estimates/{made['id']}/actions/mark_accepted")
    Product.delete().where(Product.id == product.id).execute()
    before = SyncOutbox.select().where(SyncOutbox.tenant == crm["tenant"]).count()
    refused = _convert(books_api, "estimates", made["id"])
    assert refused.status_code == 422 and f"No product {product.id}" in str(refused.get_json()["errors"])
    assert books_api.get(f"/api/v1/books/estimates/{made['id']}").get_json()["status"] == "accepted"
    assert books_api.get("/api/v1/books/invoices").get_json()["total"] == 0
    assert SyncOutbox.select().where(SyncOutbox.tenant == crm["tenant"]).count() == before


def test_b14_an_estimate_the_finance_application_left_accepted_stays_invoiced(crm, books_api, registry):
    """A connector that could not tell the finance application (Zoho's estimate of an invoice
    whose link it dropped): the pull keeps the CRM's invoiced, with no difference shown."""
    estimate = _source(books_api, crm, "estimates", "mark_sent", "mark_accepted")
    _convert(books_api, "estimates", estimate["id"])
    drain(registry)
    fin_id = finance_id(crm["tenant"], "books/estimates", estimate["id"])
    fin = finance_of(crm["tenant"])
    _back_to_accepted(fin, fin_id)
    pull(registry, crm["tenant"])
    seen = books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()
    assert (seen["status"], seen["sync_status"]) == ("invoiced", "synced"), seen.get("sync_error")


def _back_to_accepted(fin: LocalFinance, estimate_id: str) -> None:
    from core.finance.local.models import Document
    from core.models import utcnow
    Document.update(status="accepted", last_modified_time=utcnow()).where(Document.id == int(estimate_id)).execute()
