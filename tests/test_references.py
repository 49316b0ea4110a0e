"""C3 deletes keep references whole: a record an invoice, an order, an expense or a subscription
names as its customer or vendor cannot be deleted (409 naming who refers to it, nothing lost);
any other reference (a document's deal, a line's product, a package's order) is emptied with
the delete, so no record is left pointing at nothing."""
from __future__ import annotations

from decimal import Decimal

from core.crm.models import Account, Deal, Product
from core.sync.worker import drain
from core.testing import csrf_from
from plugins.books.models import Invoice
from tests.books.context_helpers import LINE, create_doc, crm, finance, finance_id  # noqa: F401
from tests.expense.helpers import create_expense, create_report
from tests.subscriptions.helpers import create_sub


def test_c3_a_customer_with_documents_or_subscriptions_is_not_deleted(crm, api_for, client_for):
    api = api_for(crm["admin"])
    account = Account.create(tenant=crm["tenant"], name="Kept Ltd")
    create_doc(api, "invoices", account_id=account.id)
    create_doc(api, "salesorders", account_id=account.id)
    create_sub(api, account_id=account.id)
    refused = api.delete(f"/api/v1/accounts/{account.id}")
    assert refused.status_code == 409
    message = refused.get_json()["error"]
    assert message == ("This account cannot be deleted while other records refer to it: 1 × Invoices (Books), "
                       "1 × Sales Orders (Books), 1 × Subscriptions. Delete or reassign them first.")
    assert Account.get_or_none(Account.id == account.id) is not None
    web = client_for(crm["admin"])
    page = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    answer = web.post(f"/m/accounts/{account.id}/delete", data={"csrf_token": csrf_from(page)},
                      follow_redirects=True)
    assert "1 × Invoices (Books)" in answer.get_data(as_text=True)
    assert Account.get_or_none(Account.id == account.id) is not None


def test_c3_a_vendor_with_purchase_orders_and_an_expense_customer_are_kept(crm, api_for):
    api = api_for(crm["admin"])
    create_doc(api, "purchaseorders", vendor_id=crm["vendor"].id)
    assert "1 × Purchase Orders (Books)" in api.delete(f"/api/v1/vendors/{crm['vendor'].id}").get_json()["error"]
    contact = crm["contact"]
    create_expense(api, contact_id=contact.id)
    assert "1 × Expenses" in api.delete(f"/api/v1/contacts/{contact.id}").get_json()["error"]


def test_c3_a_deleted_deal_or_product_is_unlinked_and_the_document_still_syncs(crm, api_for, registry):
    api = api_for(crm["admin"])
    tenant = crm["tenant"]
    deal = Deal.create(tenant=tenant, name="Short deal", account=crm["account"])
    product = Product.create(tenant=tenant, name="Gadget", unit_price=12)
    doc = create_doc(api, "invoices", account_id=crm["account"].id, deal_id=deal.id,
                     line_items=[{"product_id": product.id, "quantity": "2"}, LINE])
    assert api.delete(f"/api/v1/deals/{deal.id}").status_code == 204
    assert api.delete(f"/api/v1/products/{product.id}").status_code == 204
    seen = api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert seen["deal_id"] is None
    assert [(line["product_id"], line["name"], line["amount"]) for line in seen["line_items"]] == [
        (None, "Gadget", "24.00"), (None, "Consulting", "100.00")]
    assert Invoice.get_by_id(doc["id"]).total == Decimal(seen["total"]) == Decimal("124.00")
    drain(registry)  # the draft reaches Books without the product it no longer has
    remote = finance(tenant).get("invoices", finance_id(tenant, "books/invoices", doc["id"]))
    assert [line["name"] for line in remote["line_items"]] == ["Gadget", "Consulting"]
    assert remote["total"] == "124.00"


def test_c3_a_deleted_report_frees_its_expenses(crm, api_for):
    api = api_for(crm["admin"])
    expense = create_expense(api)
    report = create_report(api, [expense["id"]])
    assert api.delete(f"/api/v1/expense/reports/{report['id']}").status_code == 204
    seen = api.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()
    assert (seen["report_id"], seen["status"]) == (None, "unreported")
