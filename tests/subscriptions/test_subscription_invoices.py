"""S1: the invoices the finance application bills for a subscription are imported by the pull
(read-only), listed on the subscription's page and in the API, never twice; Books' own invoices
in the same organisation stay Books' and a subscription's never become Books' (both enabled)."""
from __future__ import annotations

from core.crm.models import Account
from core.sync.jobs import pull
from core.sync.worker import drain
from core.testing import csrf_from
from plugins.books.models import Invoice as BooksInvoice
from plugins.subscriptions.models import SubscriptionInvoice
from tests.books.context_helpers import create_doc, panel
from tests.subscriptions.helpers import INVOICES_URL, PAST, URL, bill, create_sub, finance

MODULE = "subscriptions/subscriptions"


def _billed(api, registry, tenant, **fields) -> tuple[dict, dict]:
    """A subscription synced, then billed by the finance application: (subscription, invoice)."""
    sub = create_sub(api, **fields)
    drain(registry)
    invoice = bill(tenant, sub["id"])
    assert invoice is not None
    return sub, invoice


def test_s1_a_billed_invoice_is_imported_and_listed_with_its_subscription(crm, subs_api, client_for, registry):
    tenant = crm["tenant"]
    sub, remote = _billed(subs_api, registry, tenant, account_id=crm["account"].id)
    pull(registry, tenant)
    [invoice] = subs_api.get(f"{INVOICES_URL}?subscription_id={sub['id']}").get_json()["data"]
    assert {k: invoice[k] for k in ("number", "date", "total", "balance", "status", "subscription_id",
                                    "account_id", "contact_id")} == {
        "number": remote["invoice_number"], "date": PAST, "total": "59.70", "balance": "59.70",
        "status": remote["status"], "subscription_id": sub["id"], "account_id": crm["account"].id,
        "contact_id": None}
    assert invoice["sync_status"] == "synced" and invoice["finance_id"] == remote["id"]
    page = client_for(crm["admin"]).get(f"/m/{MODULE}/{sub['id']}").get_data(as_text=True)
    body = panel(page, "subscription_invoices")
    assert f'href="/m/subscriptions/invoices/{invoice["id"]}"' in body and remote["invoice_number"] in body
    assert '<span class="count">1</span>' in body and "$59.70" in body
    detail = client_for(crm["admin"]).get(f"/m/subscriptions/invoices/{invoice['id']}").get_data(as_text=True)
    assert f'href="/m/{MODULE}/{sub["id"]}"' in detail and "/edit" not in detail and "/delete" not in detail
    related = subs_api.get(f"{URL}/{sub['id']}/related").get_json()
    assert [r["records"][0]["number"] for r in related if r["key"] == "subscription_invoices"] == [
        remote["invoice_number"]]


def test_s1_subscription_invoices_are_read_only(crm, subs_api, registry):
    sub, _ = _billed(subs_api, registry, crm["tenant"], account_id=crm["account"].id)
    pull(registry, crm["tenant"])
    [invoice] = subs_api.get(INVOICES_URL).get_json()["data"]
    assert subs_api.post(INVOICES_URL, json={"subscription_id": sub["id"]}).status_code == 405
    assert subs_api.patch(f"{INVOICES_URL}/{invoice['id']}", json={"number": "X"}).status_code == 405
    assert subs_api.delete(f"{INVOICES_URL}/{invoice['id']}").status_code == 405


def test_s1_a_second_pull_updates_and_never_duplicates(crm, subs_api, registry):
    tenant = crm["tenant"]
    sub, remote = _billed(subs_api, registry, tenant, contact_id=crm["contact"].id)
    pull(registry, tenant)
    pull(registry, tenant)
    assert SubscriptionInvoice.scoped(tenant).count() == 1
    finance(tenant).record_payment(remote["id"], "59.70")
    pull(registry, tenant)
    [invoice] = subs_api.get(INVOICES_URL).get_json()["data"]
    assert (invoice["status"], invoice["balance"], invoice["contact_id"]) == ("paid", "0.00", crm["contact"].id)


def test_s1_with_books_too_each_keeps_its_own_invoices(crm, subs_api, client_for, registry):
    """One organisation, one doc type: the subscription's invoice is not copied into Books, a
    Books invoice (made in the CRM or in the finance application) is not a subscription's."""
    tenant = crm["tenant"]
    books_doc = create_doc(subs_api, "invoices", account_id=crm["account"].id)
    sub, remote = _billed(subs_api, registry, tenant, account_id=crm["account"].id)
    books = finance(tenant)
    customer = books.get("subscriptions", subs_api.get(f"{URL}/{sub['id']}").get_json()["finance_id"])["customer_id"]
    made_there = books.create("invoices", {"customer_id": customer, "crm_id": "elsewhere:1",
                                           "line_items": [{"name": "Setup", "quantity": "1", "rate": "80"}]})
    pull(registry, tenant)
    pull(registry, tenant)
    assert [i.number for i in SubscriptionInvoice.scoped(tenant)] == [remote["invoice_number"]]
    assert [i.id for i in BooksInvoice.scoped(tenant)] == [books_doc["id"]]
    page = client_for(crm["admin"]).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    books_list = panel(page, "books_invoices")
    assert '<span class="count">1</span>' in books_list
    assert remote["invoice_number"] not in books_list and made_there["invoice_number"] not in page


def test_s1_invoices_of_subscriptions_alone(make_tenant, make_user, api_for, registry):
    tenant = make_tenant(apps=("subscriptions",))
    api = api_for(make_user(tenant))
    account = Account.create(tenant=tenant, name="Solo Ltd")
    sub, remote = _billed(api, registry, tenant, account_id=account.id)
    pull(registry, tenant)
    [invoice] = api.get(INVOICES_URL).get_json()["data"]
    assert (invoice["number"], invoice["subscription_id"]) == (remote["invoice_number"], sub["id"])


def test_s1_another_tenants_billing_is_not_imported(crm, subs_api, make_tenant, make_user, api_for, registry):
    other = make_tenant()
    other_api = api_for(make_user(other))
    _billed(other_api, registry, other, account_id=Account.create(tenant=other, name="Theirs").id)
    pull(registry, crm["tenant"])
    pull(registry, other)
    assert SubscriptionInvoice.scoped(crm["tenant"]).count() == 0
    assert SubscriptionInvoice.scoped(other).count() == 1
    assert subs_api.get(INVOICES_URL).get_json()["total"] == 0


def test_s1_refresh_on_the_subscription_page_imports_a_new_invoice(crm, subs_api, client_for, registry):
    tenant = crm["tenant"]
    sub = create_sub(subs_api, account_id=crm["account"].id)
    drain(registry)
    web = client_for(crm["admin"])
    page = web.get(f"/m/{MODULE}/{sub['id']}").get_data(as_text=True)
    assert '<span class="count">0</span>' in panel(page, "subscription_invoices")
    remote = bill(tenant, sub["id"])
    response = web.post(f"/m/{MODULE}/{sub['id']}/related/subscription_invoices/refresh",
                        data={"csrf_token": csrf_from(page)}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert remote["invoice_number"] in html and '<span class="count">1</span>' in html
    assert "related-error" not in html


def test_s1_invoices_billed_before_subscriptions_was_switched_on_again_are_imported(crm, subs_api, registry):
    """Books pulls the organisation's invoices while Subscriptions is off; each app keeps its own
    cursor, so Subscriptions' first pull afterwards still reads the invoices billed before."""
    from core.tenancy import set_enabled
    tenant = crm["tenant"]
    sub, remote = _billed(subs_api, registry, tenant, account_id=crm["account"].id)
    set_enabled(registry, tenant, "subscriptions", False)
    books_doc = create_doc(subs_api, "invoices", account_id=crm["account"].id)
    drain(registry)  # a Books invoice changed after the subscription's
    assert pull(registry, tenant).state == "ok"  # Books reads past the subscription's invoice
    assert SubscriptionInvoice.scoped(tenant).count() == 0
    set_enabled(registry, tenant, "subscriptions", True)
    assert pull(registry, tenant).state == "ok"
    [invoice] = subs_api.get(f"{INVOICES_URL}?subscription_id={sub['id']}").get_json()["data"]
    assert invoice["number"] == remote["invoice_number"]
    assert [i.id for i in BooksInvoice.scoped(tenant)] == [books_doc["id"]]  # it never became Books'


def test_s1_an_invoice_has_its_subscriptions_account_and_contact(crm, subs_api, client_for, registry):
    """Billed to the contact (the finance customer), listed on the contact's and the account's pages."""
    tenant = crm["tenant"]
    sub, remote = _billed(subs_api, registry, tenant, account_id=crm["account"].id, contact_id=crm["contact"].id)
    pull(registry, tenant)
    [invoice] = subs_api.get(f"{INVOICES_URL}?subscription_id={sub['id']}").get_json()["data"]
    assert (invoice["account_id"], invoice["contact_id"]) == (crm["account"].id, crm["contact"].id)
    assert [i["id"] for i in subs_api.get(f"{INVOICES_URL}?account_id={crm['account'].id}").get_json()["data"]] == [
        invoice["id"]]
