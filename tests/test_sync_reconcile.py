"""Y6 for records deleted in a finance application: the daily comparison of each app's ids with
the CRM's mappings makes a record whose copy is gone a failed record in Setup, with its reason;
Retry sends it again as a new copy; a customer gone there is sent again before its next invoice
(Y5); a listing that fails judges nothing."""
from __future__ import annotations

from core.crm.models import Account
from core.finance.local.models import Contact, Document
from core.sync.models import SyncMapping
from core.sync.reconcile import GONE, reconcile
from core.sync.worker import drain, retry
from core.testing import csrf_from
from tests.books.context_helpers import create_doc, crm, finance, finance_id  # noqa: F401
from tests.sync_helpers import outbox, through_finserve
from tests.zoho_serve_fixtures import served


def _mapped(tenant, module: str, record_id: int) -> bool:
    return SyncMapping.select().where((SyncMapping.tenant == tenant) & (SyncMapping.module == module)
                                      & (SyncMapping.record_id == record_id)).exists()


def test_y6_an_invoice_deleted_in_books_is_a_failed_record_and_retry_sends_it_again(crm, api_for, client_for,
                                                                                     registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    kept = create_doc(api, "invoices", account_id=crm["account"].id)
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    drain(registry)
    gone_id = finance_id(tenant, "books/invoices", doc["id"])
    finance(tenant).delete("invoices", gone_id)  # someone deletes it in Books
    run = reconcile(registry, tenant)
    assert (run.state, run.done) == ("ok", 1)
    [row] = outbox(tenant, state="failed")
    assert (row.module, row.record_id, row.last_error) == ("books/invoices", doc["id"], GONE)
    assert not _mapped(tenant, "books/invoices", doc["id"]) and _mapped(tenant, "books/invoices", kept["id"])
    seen = api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert (seen["sync_status"], seen["sync_error"]) == ("failed", GONE)
    web = client_for(crm["admin"])
    page = web.get("/setup/finance/").get_data(as_text=True)
    assert f'data-outbox="{row.id}"' in page and "Deleted in the finance application" in page
    assert reconcile(registry, tenant).done == 0  # found once
    assert retry(row.id, tenant)
    drain(registry)
    again = api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    assert again["sync_status"] == "synced" and again["finance_id"] != gone_id
    assert finance(tenant).get("invoices", again["finance_id"])["total"] == again["total"]


def test_y6_y5_a_customer_deleted_there_is_sent_again_before_its_next_invoice(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    account = Account.create(tenant=tenant, name="Gone There Ltd")
    create_doc(api, "invoices", account_id=account.id)
    drain(registry)
    old_customer = finance_id(tenant, "accounts", account.id)
    Document.delete().where(Document.contact_id == int(old_customer)).execute()
    Contact.delete().where(Contact.id == int(old_customer)).execute()  # gone from Books, with its invoice
    assert reconcile(registry, tenant).done == 2  # the customer and its invoice
    assert not _mapped(tenant, "accounts", account.id)
    doc = create_doc(api, "invoices", account_id=account.id)
    drain(registry)
    remote = finance(tenant).get("invoices", finance_id(tenant, "books/invoices", doc["id"]))
    new_customer = finance_id(tenant, "accounts", account.id)
    assert remote["customer_id"] == new_customer  # sent again first (Y5)
    assert finance(tenant).get("contacts", new_customer)["contact_name"] == "Gone There Ltd"


def test_y6_through_zoho_and_a_failed_listing_judges_nothing(crm, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    with through_finserve(tenant, per_page=2) as (server, org):
        docs = [create_doc(api, "invoices", account_id=crm["account"].id) for _ in range(3)]
        drain(registry)
        served(org).delete("invoices", finance_id(tenant, "books/invoices", docs[1]["id"]))
        server.extensions["finance_serve"].config.update({"FAIL_NEXT": [500] * 20})
        failed = reconcile(registry, tenant)
        assert failed.state == "failed" and "invoices" in failed.error
        assert outbox(tenant, state="failed") == [] and _mapped(tenant, "books/invoices", docs[1]["id"])
        server.extensions["finance_serve"].config.update({"FAIL_NEXT": []})
        run = reconcile(registry, tenant)  # pages of 2: the whole list is read before judging
        assert (run.state, run.done) == ("ok", 1)
        assert [(r.record_id, r.last_error) for r in outbox(tenant, state="failed")] == [(docs[1]["id"], GONE)]


def test_y6_sync_now_in_setup_runs_the_comparison(crm, client_for, api_for, registry):
    tenant, api = crm["tenant"], api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    drain(registry)
    finance(tenant).delete("invoices", finance_id(tenant, "books/invoices", doc["id"]))
    web = client_for(crm["admin"])
    page = web.get("/setup/finance/").get_data(as_text=True)
    assert 'data-job="reconcile"' in page and "Find records deleted in finance applications" in page
    answer = web.post("/setup/finance/sync/reconcile", data={"csrf_token": csrf_from(page)}, follow_redirects=True)
    assert answer.status_code == 200
    assert [r.record_id for r in outbox(tenant, state="failed")] == [doc["id"]]
