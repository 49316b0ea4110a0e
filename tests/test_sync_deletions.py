"""Y1 for deletions: a draft document or an expense deleted in the CRM is deleted in its finance
application too, through the outbox (so a service that is down gets it later); what the finance
side keeps (payments recorded) is a failed row with its reason; master records stay there."""
from __future__ import annotations

import pytest

from core.crm.models import Account
from core.finance.local.service import LocalFinance
from core.sync.connections import get_connection
from core.sync.models import SyncMapping
from core.sync.worker import drain
from tests.books.context_helpers import LINE, create_doc, crm, finance, finance_id  # noqa: F401
from tests.expense.helpers import create_expense, create_report
from tests.sync_helpers import make_due, outbox, through_finserve
from tests.zoho_serve_fixtures import served

KINDS = ("invoices", "estimates", "salesorders", "purchaseorders")


def _party(crm, kind):
    return {"vendor_id": crm["vendor"].id} if kind == "purchaseorders" else {"account_id": crm["account"].id}


def _mapped(tenant, module: str, record_id: int) -> bool:
    return SyncMapping.select().where((SyncMapping.tenant == tenant) & (SyncMapping.module == module)
                                      & (SyncMapping.record_id == record_id)).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_y1_a_draft_deleted_in_the_crm_is_deleted_in_books(crm, api_for, registry, kind):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    doc = create_doc(api, kind, **_party(crm, kind))
    drain(registry)
    remote_id = finance_id(tenant, f"books/{kind}", doc["id"])
    assert finance(tenant).get(kind, remote_id)["status"] == "draft"
    assert api.delete(f"/api/v1/books/{kind}/{doc['id']}").status_code == 204
    [row] = outbox(tenant, operation="delete")
    assert (row.state, row.finance_id, row.module) == ("pending", remote_id, f"books/{kind}")
    assert not _mapped(tenant, f"books/{kind}", doc["id"])  # the link went with the record
    drain(registry)
    assert finance(tenant).get(kind, remote_id) is None
    assert outbox(tenant, operation="delete")[0].state == "done"


def test_y1_invoice_app_deletes_in_its_own_organisation_only(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    books_doc = create_doc(api, "invoices", account_id=crm["account"].id)
    response = api.post("/api/v1/invoice/invoices", json={"account_id": crm["account"].id, "line_items": [LINE]})
    assert response.status_code == 201, response.get_json()
    invoice_doc = response.get_json()
    drain(registry)
    invoice_org = LocalFinance(get_connection(tenant, "invoice").organization_id)
    remote_id = finance_id(tenant, "invoice/invoices", invoice_doc["id"], app="invoice")
    assert api.delete(f"/api/v1/invoice/invoices/{invoice_doc['id']}").status_code == 204
    drain(registry)
    assert invoice_org.get("invoices", remote_id) is None
    assert finance(tenant).get("invoices", finance_id(tenant, "books/invoices", books_doc["id"])) is not None


def test_y1_a_record_deleted_before_it_was_synced_leaves_nothing_there(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    assert api.delete(f"/api/v1/books/invoices/{doc['id']}").status_code == 204
    drain(registry)
    assert finance(tenant).find_by_crm_id("invoices", f"books/invoices:{doc['id']}") is None
    assert {(r.operation, r.state) for r in outbox(tenant, module="books/invoices")} == {
        ("push", "done"), ("delete", "done")}


def test_y1_a_copy_whose_create_answer_was_lost_is_found_by_our_id_and_deleted(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    drain(registry)
    remote_id = finance_id(tenant, "books/invoices", doc["id"])
    SyncMapping.delete().where(SyncMapping.finance_id == remote_id).execute()  # as if the answer never came
    assert api.delete(f"/api/v1/books/invoices/{doc['id']}").status_code == 204
    assert outbox(tenant, operation="delete")[0].finance_id == ""
    drain(registry)
    assert finance(tenant).get("invoices", remote_id) is None


def test_y1_what_the_finance_side_keeps_is_a_failed_row_with_its_reason(crm, api_for, client_for, registry):
    """The customer paid before the pull told the CRM the invoice was sent: the CRM deletes its
    draft, Books keeps the paid invoice and Setup shows why."""
    tenant, api = crm["tenant"], api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    drain(registry)
    remote_id = finance_id(tenant, "books/invoices", doc["id"])
    finance(tenant).action("invoices", remote_id, "mark_sent")
    finance(tenant).record_payment(remote_id, "20.00")
    assert api.delete(f"/api/v1/books/invoices/{doc['id']}").status_code == 204
    drain(registry)
    [row] = outbox(tenant, operation="delete")
    assert row.state == "failed" and "payments have been recorded" in row.last_error
    assert finance(tenant).get("invoices", remote_id)["status"] == "partially_paid"
    html = client_for(crm["admin"]).get("/setup/finance/").get_data(as_text=True)
    assert f'data-outbox="{row.id}"' in html and f"#{doc['id']}, deleted here" in html
    assert "payments have been recorded against it" in html


def test_y1_deleting_an_account_leaves_its_finance_contact(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    account = Account.create(tenant=tenant, name="Short-lived Ltd")
    doc = create_doc(api, "invoices", account_id=account.id)
    drain(registry)  # the account was pushed as the invoice's customer (Y5)
    contact_id = finance_id(tenant, "accounts", account.id)
    assert api.delete(f"/api/v1/books/invoices/{doc['id']}").status_code == 204
    assert api.delete(f"/api/v1/accounts/{account.id}").status_code == 204
    drain(registry)
    assert [r.module for r in outbox(tenant, operation="delete")] == ["books/invoices"]
    assert finance(tenant).get("contacts", contact_id)["contact_name"] == "Short-lived Ltd"
    assert not _mapped(tenant, "accounts", account.id)


def test_y1_expense_deleted_leaves_its_report_and_a_deleted_report_frees_its_expenses(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    expenses_org = LocalFinance(get_connection(tenant, "expense").organization_id)
    first = create_expense(api, amount="10.00", tax="1.00")
    second = create_expense(api, amount="20.00", tax="2.00")
    report = create_report(api, [first["id"], second["id"]])
    drain(registry)
    report_id = finance_id(tenant, "expense/reports", report["id"], app="expense")
    second_id = finance_id(tenant, "expense/expenses", second["id"], app="expense")
    assert expenses_org.get("expense_reports", report_id)["total"] == "33.00"
    assert api.delete(f"/api/v1/expense/expenses/{first['id']}").status_code == 204
    drain(registry)
    remote = expenses_org.get("expense_reports", report_id)
    assert (remote["total"], remote["expense_ids"]) == ("22.00", [second_id])
    assert api.delete(f"/api/v1/expense/reports/{report['id']}").status_code == 204
    drain(registry)
    assert expenses_org.get("expense_reports", report_id) is None
    assert expenses_org.get("expenses", second_id)["report_id"] in (None, "")


def test_y1_delete_waits_while_zoho_is_down_and_is_sent_later(crm, api_for, registry):
    """Through the ``zoho`` connector (``DELETE /invoices/{id}``) against finance-serve."""
    tenant, api = crm["tenant"], api_for(crm["admin"])
    with through_finserve(tenant) as (server, org):
        doc = create_doc(api, "invoices", account_id=crm["account"].id)
        drain(registry)
        remote_id = finance_id(tenant, "books/invoices", doc["id"])
        assert served(org).get("invoices", remote_id) is not None
        server.extensions["finance_serve"].config.update({"FAIL_NEXT": [503] * 3})
        assert api.delete(f"/api/v1/books/invoices/{doc['id']}").status_code == 204
        drain(registry)
        [row] = outbox(tenant, operation="delete")
        assert row.state == "pending" and row.last_error
        assert served(org).get("invoices", remote_id) is not None
        server.extensions["finance_serve"].config.update({"FAIL_NEXT": []})
        for _ in range(3):
            make_due(tenant)
            drain(registry)
        assert outbox(tenant, operation="delete")[0].state == "done"
        assert served(org).get("invoices", remote_id) is None


def test_y1_a_new_record_never_takes_a_deleted_records_id(crm, api_for):
    """Finance applications know records by their id: deleting the newest one and creating
    another must not hand the old id (and its finance copy) to the new record."""
    api = api_for(crm["admin"])
    first = create_doc(api, "invoices", account_id=crm["account"].id)
    assert api.delete(f"/api/v1/books/invoices/{first['id']}").status_code == 204
    second = create_doc(api, "invoices", account_id=crm["account"].id)
    assert second["id"] > first["id"]
