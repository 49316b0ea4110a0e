"""C4: what the Payments plugin adds, seen as a user sees it: a payment against several Books
invoices applied oldest first, its refusal above what they owe, the Payments lists on invoices
and accounts, the Record payment action and its permission, the report."""
import datetime as dt
import re
from html import unescape

from core.testing import csrf_from, profile_without

URL = "/api/v1/payments/payments"
TODAY = dt.date.today()


def _panel(html: str) -> str:
    match = re.search(r'<section class="panel related" id="related-payments".*?</section>', html, re.S)
    assert match, "no Payments list on the page"
    return match.group(0)


def test_c4_a_payment_made_in_the_form_pays_the_oldest_invoice_first(books, client_for):
    older, newer = books["sent"]("100.00", days_ago=20), books["sent"]("80.00", days_ago=5)
    web = client_for(books["admin"])
    form = web.get("/m/payments/payments/new").get_data(as_text=True)
    assert f'value="{TODAY.isoformat()}"' in form  # the date is today's until changed
    assert all(mode in form for mode in ("Cash", "Check", "Bank transfer", "Credit card"))
    saved = web.post("/m/payments/payments/new", data={
        "csrf_token": csrf_from(form), "account_id": books["account"]["id"], "invoice_ids": [newer["id"], older["id"]],
        "amount": "130.00", "date": TODAY.isoformat(), "mode": "bank_transfer", "reference": "WIRE-1"})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    [payment] = books["api"].get(URL).get_json()["data"]
    assert (payment["amount"], payment["mode"], payment["reference"]) == ("130.00", "bank_transfer", "WIRE-1")
    assert sorted(payment["invoice_ids"]) == sorted([older["id"], newer["id"]])
    # the older invoice is paid in full: nothing is left to record on it; 50.00 is left on the newer
    older_page = web.get(f"/m/books/invoices/{older['id']}").get_data(as_text=True)
    assert "WIRE-1" in _panel(older_page) and "Record payment" not in older_page
    newer_page = web.get(f"/m/books/invoices/{newer['id']}").get_data(as_text=True)
    assert "WIRE-1" in _panel(newer_page) and "Record a cash payment of $50.00" in unescape(newer_page)
    account_page = web.get(f"/m/accounts/{books['account']['id']}").get_data(as_text=True)
    assert "WIRE-1" in _panel(account_page) and "$130.00" in _panel(account_page)


def test_c4_a_payment_above_what_the_invoices_owe_is_refused_beside_its_amount(books, client_for):
    first, second = books["sent"]("100.00", days_ago=3), books["sent"]("80.00")
    refused = books["api"].post(URL, json={"account_id": books["account"]["id"], "amount": "180.01",
                                           "invoice_ids": [first["id"], second["id"]]})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {"amount": ["More than the $180.00 left to pay on these invoices."]}
    web = client_for(books["admin"])
    form = web.get("/m/payments/payments/new").get_data(as_text=True)
    page = web.post("/m/payments/payments/new", data={
        "csrf_token": csrf_from(form), "account_id": books["account"]["id"], "invoice_ids": [first["id"]],
        "amount": "100.50", "date": TODAY.isoformat(), "mode": "cash"})
    assert page.status_code == 422
    assert re.search(r'id="error-amount">More than the \$100.00 left', page.get_data(as_text=True))
    assert books["api"].get(URL).get_json()["data"] == []  # nothing saved
    # a payment not yet in Books counts: the same balance cannot be paid twice
    assert books["api"].post(URL, json={"account_id": books["account"]["id"], "amount": "60.00",
                                        "invoice_ids": [first["id"]]}).status_code == 201
    again = books["api"].post(URL, json={"account_id": books["account"]["id"], "amount": "60.00",
                                         "invoice_ids": [first["id"]]})
    assert again.get_json()["errors"] == {"amount": ["More than the $40.00 left to pay on these invoices."]}


def test_c4_only_open_invoices_of_the_payments_customer_can_be_paid(books, run_sync):
    api, account = books["api"], books["account"]
    other = api.post("/api/v1/accounts", json={"name": "Globex"}).get_json()
    theirs = books["sent"]("50.00", account_id=other["id"])
    draft = api.post("/api/v1/books/invoices", json={
        "account_id": account["id"], "date": TODAY.isoformat(),
        "line_items": [{"name": "Draft work", "quantity": "1", "rate": "10.00"}]}).get_json()
    run_sync()
    draft = api.get(f"/api/v1/books/invoices/{draft['id']}").get_json()
    refused = api.post(URL, json={"account_id": account["id"], "amount": "10.00",
                                  "invoice_ids": [theirs["id"], draft["id"]]})
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {
        "invoice_ids": [f"Not an open invoice of this customer: {theirs['number']}, {draft['number']}."]}
    none = api.post(URL, json={"account_id": account["id"], "amount": "10.00", "invoice_ids": []})
    assert none.get_json()["errors"] == {"invoice_ids": ["Choose at least one invoice."]}


def test_c4_record_payment_records_the_whole_balance_and_needs_its_permission(books, make_user, api_for):
    tenant, invoice = books["tenant"], books["sent"]("75.50")
    action = f"/api/v1/books/invoices/{invoice['id']}/actions/record_payment"
    clerk = api_for(make_user(tenant, profile=profile_without(tenant, "Clerk", "payments.record")))
    assert "record_payment" not in {a["key"] for a in clerk.get(action.rsplit("/", 1)[0]).get_json()}
    assert clerk.post(action).status_code == 403
    assert books["api"].get(action.rsplit("/", 1)[0]).get_json()[0] == {"key": "record_payment",
                                                                        "label": "Record payment"}
    assert books["api"].post(action).status_code == 200
    [payment] = books["api"].get(URL).get_json()["data"]
    assert (payment["amount"], payment["mode"], payment["reference"], payment["invoice_ids"], payment["date"]) == (
        "75.50", "cash", invoice["number"], [invoice["id"]], TODAY.isoformat())
    # nothing is left to pay: not offered again
    assert "record_payment" not in {a["key"] for a in books["api"].get(action.rsplit("/", 1)[0]).get_json()}
    assert books["api"].post(action).status_code == 409


def test_c4_new_in_an_invoices_payments_list_opens_a_payment_of_its_balance(books, client_for):
    invoice = books["sent"]("42.00")
    web = client_for(books["admin"])
    panel = _panel(web.get(f"/m/books/invoices/{invoice['id']}").get_data(as_text=True))
    new_url = unescape(re.search(r'href="(/m/payments/payments/new\?[^"]+)"', panel).group(1))
    form = web.get(new_url).get_data(as_text=True)
    assert re.search(rf'name="invoice_ids" value="{invoice["id"]}" checked> {invoice["number"]}</label>', form)
    assert 'value="42.00"' in form
    assert re.search(rf'<option value="{books["account"]["id"]}" selected', form)


def test_c4_payments_are_shown_only_to_who_may_see_them(books, make_tenant, make_user, api_for, client_for, run_sync):
    tenant, invoice = books["tenant"], books["sent"]("10.00")
    outsider = make_user(tenant, profile=profile_without(tenant, "No payments", "app.payments"))
    page = client_for(outsider).get(f"/m/books/invoices/{invoice['id']}").get_data(as_text=True)
    assert 'id="related-payments"' not in page and "Record payment" not in page
    assert "/m/payments/payments" not in page  # nor the tab
    # an organisation that has not enabled Payments sees none of it
    books_only = make_tenant(apps=("books",))
    api = api_for(make_user(books_only))
    account = api.post("/api/v1/accounts", json={"name": "Initech"}).get_json()
    made = api.post("/api/v1/books/invoices", json={
        "account_id": account["id"], "line_items": [{"name": "Audit", "quantity": "1", "rate": "10.00"}]}).get_json()
    api.post(f"/api/v1/books/invoices/{made['id']}/actions/mark_sent")
    run_sync()
    assert api.get(f"/api/v1/books/invoices/{made['id']}").get_json()["status"] == "sent"
    assert [r["key"] for r in api.get(f"/api/v1/books/invoices/{made['id']}/related").get_json()
            if r["key"] == "payments"] == []
    assert "record_payment" not in {a["key"] for a in api.get(f"/api/v1/books/invoices/{made['id']}/actions").get_json()}
    assert api.get(URL).status_code == 404


def test_c4_the_payments_received_by_month_report(books, make_user, api_for):
    api, account = books["api"], books["account"]
    invoice = books["sent"]("300.00")
    for amount in ("100.00", "50.25"):
        assert api.post(URL, json={"account_id": account["id"], "amount": amount,
                                   "invoice_ids": [invoice["id"]]}).status_code == 201
    folders = {f["key"]: (f["label"], [r["label"] for r in f["reports"]])
               for f in api.get("/api/v1/reports").get_json()["folders"]}
    assert folders["payments"] == ("Payment reports", ["Payments received by month"])
    report = api.get("/api/v1/reports/payments.by_month/run").get_json()
    assert report["rows"] == [[TODAY.strftime("%Y-%m"), "150.25", 2]]
    tenant = books["tenant"]
    outsider = api_for(make_user(tenant, profile=profile_without(tenant, "No payments", "app.payments")))
    assert "payments" not in {f["key"] for f in outsider.get("/api/v1/reports").get_json()["folders"]}


def test_c4_a_payment_reaches_books_and_its_invoices_balance_comes_back(books, run_sync, finance_for):
    """The payment goes to the finance organisation of Books' invoices, applied oldest first;
    the invoices are read back: the CRM shows their new balance and status."""
    api = books["api"]
    older, newer = books["sent"]("100.00", days_ago=10), books["sent"]("80.00")
    made = api.post(URL, json={"account_id": books["account"]["id"], "amount": "130.00", "mode": "check",
                               "reference": "CHK-77", "invoice_ids": [older["id"], newer["id"]]}).get_json()
    run_sync()
    payment = api.get(f"{URL}/{made['id']}").get_json()
    assert payment["sync_status"] == "synced" and payment["number"].startswith("PAY-")
    copy = finance_for(books["tenant"], "books").get("payments", payment["finance_id"])
    assert (copy["payment_number"], copy["amount"], copy["payment_mode"], copy["reference_number"]) == (
        payment["number"], "130.00", "check", "CHK-77")
    assert [(i["invoice_id"], i["amount_applied"]) for i in copy["invoices"]] == [
        (older["finance_id"], "100.00"), (newer["finance_id"], "30.00")]
    shown = {i["id"]: (i["status"], i["balance"]) for i in (
        api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json() for invoice in (older, newer))}
    assert shown == {older["id"]: ("paid", "0.00"), newer["id"]: ("partially_paid", "50.00")}
    strips = api.get(f"/api/v1/accounts/{books['account']['id']}/strips").get_json()  # the customer read back too
    [owed] = [i["value"] for s in strips if s["key"] == "books_finance" for i in s["items"] if i["label"] == "Receivables"]
    assert owed == "50.00"
    # recorded in Books, the payment no longer changes; what is left to pay is Books' balance
    assert api.patch(f"{URL}/{made['id']}", json={"amount": "1.00"}).status_code == 409
    refused = api.post(URL, json={"account_id": books["account"]["id"], "amount": "50.01", "invoice_ids": [newer["id"]]})
    assert refused.get_json()["errors"] == {"amount": ["More than the $50.00 left to pay on these invoices."]}


def test_c4_an_invoice_made_for_a_contact_is_paid_by_that_contact_in_books(books, run_sync, finance_for):
    """In Books the customer of an invoice made from a contact's page is the contact: the payment
    goes to it, and cannot mix its invoices with the account's own."""
    api, account = books["api"], books["account"]
    contact = api.post("/api/v1/contacts", json={"last_name": "Byron", "account_id": account["id"]}).get_json()
    theirs, own = books["sent"]("40.00", contact_id=contact["id"]), books["sent"]("60.00")
    mixed = api.post(URL, json={"account_id": account["id"], "amount": "100.00", "invoice_ids": [theirs["id"], own["id"]]})
    assert mixed.get_json()["errors"] == {"invoice_ids": [f"Not an open invoice of this customer: {own['number']}."]}
    made = api.post(URL, json={"account_id": account["id"], "amount": "40.00", "invoice_ids": [theirs["id"]]})
    assert made.status_code == 201
    run_sync()
    payment = api.get(f"{URL}/{made.get_json()['id']}").get_json()
    assert payment["sync_status"] == "synced"
    byron = api.get(f"/api/v1/contacts/{contact['id']}").get_json()
    assert finance_for(books["tenant"]).get("payments", payment["finance_id"])["customer_id"] == byron["finance_id"]
    assert api.get(f"/api/v1/books/invoices/{theirs['id']}").get_json()["status"] == "paid"
    # an invoice of a contact of no account: no payment of an account can pay it, none is offered
    loner = api.post("/api/v1/contacts", json={"last_name": "Solo"}).get_json()
    alone = api.post("/api/v1/books/invoices", json={
        "contact_id": loner["id"], "line_items": [{"name": "Advice", "quantity": "1", "rate": "15.00"}]}).get_json()
    api.post(f"/api/v1/books/invoices/{alone['id']}/actions/mark_sent")
    run_sync()
    url = f"/api/v1/books/invoices/{alone['id']}"
    assert api.get(url).get_json()["status"] == "sent"
    assert [a["key"] for a in api.get(f"{url}/actions").get_json() if a["key"] == "record_payment"] == []
    assert [r["can_create"] for r in api.get(f"{url}/related").get_json() if r["key"] == "payments"] == [False]


def test_c4_record_payment_is_offered_once_books_has_the_invoice_open(books, run_sync):
    """Marked as sent here, the invoice is not yet sent in Books until the sync has carried it
    there: a payment recorded from it before then would reach Books first and be refused."""
    api = books["api"]
    made = api.post("/api/v1/books/invoices", json={
        "account_id": books["account"]["id"], "line_items": [{"name": "Audit", "quantity": "1", "rate": "20.00"}]})
    url = f"/api/v1/books/invoices/{made.get_json()['id']}"
    api.post(f"{url}/actions/mark_sent")

    def offered() -> tuple:
        related = [r for r in api.get(f"{url}/related").get_json() if r["key"] == "payments"]
        return "record_payment" in {a["key"] for a in api.get(f"{url}/actions").get_json()}, related[0]["can_create"]
    assert offered() == (False, False)
    run_sync()
    assert offered() == (True, True)


def test_c4_a_payment_not_yet_in_books_can_be_deleted_and_pays_nothing_any_more(books):
    api, invoice = books["api"], books["sent"]("90.00")
    made = api.post(URL, json={"account_id": books["account"]["id"], "amount": "90.00", "invoice_ids": [invoice["id"]]})
    actions = f"/api/v1/books/invoices/{invoice['id']}/actions"
    assert "record_payment" not in {a["key"] for a in api.get(actions).get_json()}  # all of it is being paid
    assert api.delete(f"{URL}/{made.get_json()['id']}").status_code == 204
    assert "record_payment" in {a["key"] for a in api.get(actions).get_json()}
    related = api.get(f"/api/v1/books/invoices/{invoice['id']}/related").get_json()
    assert [r["total"] for r in related if r["key"] == "payments"] == [0]


def test_c4_y7_a_payment_waits_for_its_invoices_earlier_changes_to_reach_books(books, run_sync, finance_for):
    """An invoice edited and marked as sent here, then paid at once through the API: its changes
    are still waiting when the payment is sent; the payment goes after them, never before (Books
    would refuse a payment of a draft), and both sides end equal."""
    api = books["api"]
    made = api.post("/api/v1/books/invoices", json={
        "account_id": books["account"]["id"], "line_items": [{"name": "Audit", "quantity": "1", "rate": "20.00"}]})
    invoice_url = f"/api/v1/books/invoices/{made.get_json()['id']}"
    run_sync()  # in Books as a draft
    assert api.patch(invoice_url, json={"reference": "PO-9"}).status_code == 200
    assert api.post(f"{invoice_url}/actions/mark_sent").status_code == 200
    paid = api.post(URL, json={"account_id": books["account"]["id"], "amount": "20.00",
                               "invoice_ids": [made.get_json()["id"]]})
    assert paid.status_code == 201, paid.get_json()
    run_sync()
    payment = api.get(f"{URL}/{paid.get_json()['id']}").get_json()
    assert payment["sync_status"] == "synced", payment.get("sync_error")
    invoice = api.get(invoice_url).get_json()
    assert (invoice["status"], invoice["balance"], invoice["sync_status"]) == ("paid", "0.00", "synced")
    copy = finance_for(books["tenant"]).get("invoices", invoice["finance_id"])
    assert (copy["status"], copy["balance"], copy["reference_number"]) == ("paid", "0.00", "PO-9")
