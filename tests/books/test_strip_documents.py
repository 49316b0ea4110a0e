"""Issue 17, item 6 (B5, S1, P1, C1): every amount of the Books strip links to the documents that
make it up, whichever app made them. A contact owing an overdue invoice its subscription was
billed (shown only on the subscription's page) reaches it from the strip's Overdue amount; the
page "Documents behind this figure" lists them, each linking to its record, and their balances
add up to the figure (or it says why not)."""
from __future__ import annotations

import datetime as dt
import html as markup
import re

from core.crm.models import Contact
from core.sync.jobs import pull, start_push
from core.sync.worker import drain
from core.testing import profile_without
from tests.books.context_helpers import create_doc, finance, finance_id, panel
from tests.subscriptions.helpers import bill, create_sub

TODAY = dt.datetime.now(dt.timezone.utc).date()
#: a subscription begun then is billed then: its invoice fell due 25 days ago
LONG_AGO = (TODAY - dt.timedelta(days=40)).isoformat()


def strip_links(page: str, label: str = "Books") -> dict[str, str]:
    """The linked figures of a strip: ``{label: href}``."""
    match = re.search(rf'<section class="strip" aria-label="{label}">(.*?)</section>', page, re.S)
    found = re.findall(r'<a class="strip-item" href="([^"]*)" title="[^"]*" data-strip-link="([^"]*)">',
                       match.group(1)) if match else []
    return {name: markup.unescape(href) for href, name in found}


def listed(page: str) -> dict[str, str]:
    """The documents a figure's page lists: ``{number: balance}``."""
    return {number: balance for number, balance in re.findall(
        r'<tr data-document="([^"]*)">.*?<td class="num"[^>]*data-balance>([^<]*)</td>', page, re.S)}


def check(page: str) -> list[str]:
    return re.findall(r'data-figure-check="(\w+)"', page)


def opened(web, url: str) -> str:
    response = web.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def figure_page(web, module: str, record, label: str) -> str:
    """The page the strip's ``label`` amount of ``record``'s page links to."""
    links = strip_links(opened(web, f"/m/{module}/{record.id}"))
    assert label in links, links
    return opened(web, links[label])


def sent_invoice(api, registry, due: dt.date, **customer) -> dict:
    """A Books invoice made in the CRM (2 x 50.00), due on ``due``, marked as sent."""
    doc = create_doc(api, "invoices", date=LONG_AGO, due_date=due.isoformat(), **customer)
    drain(registry)
    assert api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent").status_code == 200
    drain(registry)
    return doc


def billed(api, registry, tenant, **customer) -> dict:
    """A subscription (3 x 19.90 a month) begun 40 days ago, billed by the finance application
    then: its invoice (59.70) is overdue."""
    sub = create_sub(api, starts_at=LONG_AGO, **customer)
    drain(registry)
    invoice = bill(tenant, sub["id"], dt.date.fromisoformat(LONG_AGO))
    assert invoice is not None
    return invoice


def overdue_of_both(crm, api, registry, **customer) -> tuple[dict, dict]:
    """The customer owes an overdue Books invoice and an overdue subscription invoice, both pulled."""
    tenant = crm["tenant"]
    start_push(registry, tenant, "contacts")
    drain(registry)
    books = sent_invoice(api, registry, TODAY - dt.timedelta(days=10), **customer)
    subscription = billed(api, registry, tenant, **customer)
    run = pull(registry, tenant)
    assert run.state == "ok", run.error
    books = api.get(f"/api/v1/books/invoices/{books['id']}").get_json()
    assert books["status"] == "overdue"
    return books, subscription


def test_b5_issue_17_item_6_a_contacts_overdue_amount_leads_to_its_subscription_invoice(crm, api_for, client_for,
                                                                                        registry):
    """The issue's case: the contact's Books invoices list shows one invoice, its strip owes two;
    the Overdue amount lists both, the subscription's invoice linking to its record, and their
    balances add up to the figure."""
    api, web = api_for(crm["admin"]), client_for(crm["admin"])
    contact = crm["contact"]
    books, subscription = overdue_of_both(crm, api, registry, contact_id=contact.id)
    page = opened(web, f"/m/contacts/{contact.id}")
    assert subscription["invoice_number"] not in panel(page, "books_invoices")  # not a Books list's
    links = strip_links(page)
    assert links["Overdue"] == f"/m/contacts/{contact.id}/figure/books_finance?item=Overdue"
    assert set(links) == {"Receivables", "Overdue", "Payables"}
    assert re.search(r'title="The overdue part of the receivables. The customer&#39;s overdue invoices" '
                     r'data-strip-link="Overdue"><span>Overdue</span><strong>\$159.70</strong></a>', page)
    figure = opened(web, links["Overdue"])
    assert listed(figure) == {books["number"]: "$100.00", subscription["invoice_number"]: "$59.70"}
    assert re.search(r'<span data-figure>\$159.70</span>', figure)
    assert '<dd data-sum>$159.70</dd>' in figure and check(figure) == ["agrees"]
    [ours] = api.get(f"/api/v1/subscriptions/invoices?contact_id={contact.id}").get_json()["data"]
    assert f'<a href="/m/subscriptions/invoices/{ours["id"]}">{subscription["invoice_number"]}</a>' in figure
    assert f'<a href="/m/books/invoices/{books["id"]}">{books["number"]}</a>' in figure
    assert ">Subscriptions: Subscription Invoice</td>" in figure and ">Books: Invoice</td>" in figure
    assert "Only in Books" not in figure
    # each kind opens as its list, filtered to the same documents
    lists = {label: markup.unescape(url) for url, label in re.findall(
        r'<a href="([^"]*)" data-figure-list>([^<(]*) \(1\)</a>', figure)}
    assert set(lists) == {"Books: Invoices", "Subscriptions: Subscription Invoices"}
    books_list = opened(web, lists["Books: Invoices"])
    assert books["number"] in books_list and subscription["invoice_number"] not in books_list
    assert subscription["invoice_number"] in opened(web, lists["Subscriptions: Subscription Invoices"])


def test_b5_issue_17_item_6_receivables_are_the_unpaid_invoices_of_every_app(crm, api_for, client_for, registry):
    """An account's Receivables: sent, overdue and partially paid invoices, Books' and its
    subscription's; not a draft, a paid one, nor one billed to its contact."""
    tenant, account = crm["tenant"], crm["account"]
    api, web = api_for(crm["admin"]), client_for(crm["admin"])
    start_push(registry, tenant, "contacts")
    drain(registry)
    later = sent_invoice(api, registry, TODAY + dt.timedelta(days=30), account_id=account.id)
    part = sent_invoice(api, registry, TODAY + dt.timedelta(days=30), account_id=account.id)
    paid = sent_invoice(api, registry, TODAY + dt.timedelta(days=30), account_id=account.id)
    draft = create_doc(api, "invoices", account_id=account.id)
    contacts = sent_invoice(api, registry, TODAY + dt.timedelta(days=30), account_id=account.id,
                            contact_id=crm["contact"].id)
    subscription = billed(api, registry, tenant, account_id=account.id)
    # the Invoice app bills it too, from an organisation of its own: not part of Books' figure
    elsewhere = api.post("/api/v1/invoice/invoices", json={
        "account_id": account.id, "date": LONG_AGO, "due_date": LONG_AGO, "line_items": [
            {"name": "Elsewhere", "quantity": "1", "rate": "7.00", "tax_percent": "0"}]}).get_json()
    drain(registry)
    assert api.post(f"/api/v1/invoice/invoices/{elsewhere['id']}/actions/mark_sent").status_code == 200
    drain(registry)
    fin = finance(tenant)
    fin.record_payment(finance_id(tenant, "books/invoices", part["id"]), "30.00")
    fin.record_payment(finance_id(tenant, "books/invoices", paid["id"]), "100.00")
    pull(registry, tenant)
    numbers = {d["id"]: api.get(f"/api/v1/books/invoices/{d['id']}").get_json()["number"]
               for d in (later, part, paid, draft, contacts)}
    figure = figure_page(web, "accounts", account, "Receivables")
    assert listed(figure) == {numbers[later["id"]]: "$100.00", numbers[part["id"]]: "$70.00",
                              subscription["invoice_number"]: "$59.70"}
    assert re.search(r'<span data-figure>\$229.70</span>', figure) and check(figure) == ["agrees"]
    elsewhere = api.get(f"/api/v1/invoice/invoices/{elsewhere['id']}").get_json()
    assert elsewhere["status"] in ("sent", "overdue") and f"/m/invoice/invoices/{elsewhere['id']}" not in figure
    assert "counts on that contact" in figure  # why the contact's invoice is not here
    [books_list] = [markup.unescape(url) for url in re.findall(r'<a href="(/m/books/invoices/[^"]*)" data-figure-list>',
                                                               figure)]
    shown = opened(web, books_list)
    assert all(numbers[d["id"]] in shown for d in (later, part))
    assert not any(numbers[d["id"]] in shown for d in (paid, draft, contacts))
    # the contact's own figure holds the invoice billed to it
    assert listed(figure_page(web, "contacts", crm["contact"], "Receivables")) == {numbers[contacts["id"]]: "$100.00"}


def test_b5_issue_17_item_6_payables_are_the_bills_only_the_finance_application_holds(crm, client_for, registry):
    tenant = crm["tenant"]
    start_push(registry, tenant, "contacts")
    drain(registry)
    fin = finance(tenant)
    order = fin.create("purchaseorders", {"vendor_id": finance_id(tenant, "accounts", crm["account"].id),
                                          "date": "2026-01-01", "crm_id": "finance:po",
                                          "line_items": [{"name": "Returned goods", "quantity": "2", "rate": "35.50"}]})
    fin.action("purchaseorders", order["id"], "convert_to_open")
    bill_of = fin.bill_purchaseorder(order["id"])
    pull(registry, tenant)
    figure = figure_page(client_for(crm["admin"]), "accounts", crm["account"], "Payables")
    assert listed(figure) == {bill_of["number"]: "$71.00"}
    assert "Only in Books" in figure and ">Books: Bill</td>" in figure
    assert re.search(r'<span data-figure>\$71.00</span>', figure) and check(figure) == ["agrees"]


def test_b5_issue_17_item_6_a_document_not_synced_yet_is_listed_and_the_difference_said(crm, client_for, registry):
    """Made in the finance application since the last sync: listed as only there, and the page
    says the figure has not caught up."""
    tenant = crm["tenant"]
    start_push(registry, tenant, "contacts")
    drain(registry)
    fin = finance(tenant)
    made = fin.create("invoices", {"customer_id": finance_id(tenant, "accounts", crm["account"].id),
                                   "date": "2026-01-01", "due_date": "2099-01-01", "crm_id": "finance:1",
                                   "line_items": [{"name": "Service", "quantity": "1", "rate": "80.00"}]})
    fin.action("invoices", made["id"], "mark_sent")
    web = client_for(crm["admin"])
    figure = figure_page(web, "accounts", crm["account"], "Receivables")
    assert listed(figure) == {made["number"]: "$80.00"} and "Only in Books" in figure
    assert check(figure) == ["differs"]
    assert "These documents add up to $80.00, but Books last reported $0.00" in figure
    pull(registry, tenant)
    assert check(figure_page(web, "accounts", crm["account"], "Receivables")) == ["agrees"]


def test_s1_issue_17_item_6_an_invoice_billed_since_the_last_pull_is_listed_from_the_finance_application(
        crm, api_for, client_for, make_user, registry):
    """Billed after the last pull, the subscription's invoice is in the figure (the customer was
    read back since) but not yet in the CRM: listed as the finance application holds it, with a
    link to its subscription, so the figure still adds up; hidden from a user without
    Subscriptions."""
    tenant, account = crm["tenant"], crm["account"]
    api = api_for(crm["admin"])
    start_push(registry, tenant, "contacts")
    drain(registry)
    subscription = billed(api, registry, tenant, account_id=account.id)
    books = sent_invoice(api, registry, TODAY + dt.timedelta(days=30), account_id=account.id)  # reads it back
    books = api.get(f"/api/v1/books/invoices/{books['id']}").get_json()
    figure = figure_page(client_for(crm["admin"]), "accounts", account, "Receivables")
    assert listed(figure) == {books["number"]: "$100.00", subscription["invoice_number"]: "$59.70"}
    assert re.search(r'<span data-figure>\$159.70</span>', figure) and check(figure) == ["agrees"]
    [sub] = api.get(f"/api/v1/subscriptions/subscriptions?account_id={account.id}").get_json()["data"]
    row = re.search(rf'<tr data-document="{subscription["invoice_number"]}">.*?</tr>', figure, re.S).group(0)
    assert "Only in Books" in row and f'<a href="/m/subscriptions/subscriptions/{sub["id"]}">From subscription ' in row
    no_subs = client_for(make_user(tenant, profile_without(tenant, "No subscriptions", "app.subscriptions")))
    figure = figure_page(no_subs, "accounts", account, "Receivables")
    assert listed(figure) == {books["number"]: "$100.00"} and check(figure) == ["hidden"]


def test_p1_issue_17_item_6_a_user_without_an_app_does_not_see_its_documents(crm, api_for, client_for, make_user,
                                                                             registry):
    tenant, contact = crm["tenant"], crm["contact"]
    books, subscription = overdue_of_both(crm, api_for(crm["admin"]), registry, contact_id=contact.id)
    no_subs = client_for(make_user(tenant, profile_without(tenant, "No subscriptions", "app.subscriptions")))
    figure = figure_page(no_subs, "contacts", contact, "Overdue")
    assert listed(figure) == {books["number"]: "$100.00"}
    assert subscription["invoice_number"] not in figure and "/m/subscriptions/" not in figure
    assert check(figure) == ["hidden"]
    assert "Subscription Invoices" not in figure
    no_books = client_for(make_user(tenant, profile_without(tenant, "No books", "app.books")))
    assert strip_links(opened(no_books, f"/m/contacts/{contact.id}")) == {}
    assert no_books.get(f"/m/contacts/{contact.id}/figure/books_finance?item=Overdue").status_code == 404


def test_c1_issue_17_item_6_another_organisation_reaches_none_of_it(crm, api_for, client_for, make_tenant, make_user,
                                                                    registry):
    contact = crm["contact"]
    books, _ = overdue_of_both(crm, api_for(crm["admin"]), registry, contact_id=contact.id)
    url = f"/m/contacts/{contact.id}/figure/books_finance?item=Overdue"
    other = make_tenant()
    outsider = client_for(make_user(other))
    assert outsider.get(url).status_code == 404
    theirs = Contact.create(tenant=other, first_name="Eve", last_name="Other")
    start_push(registry, other, "contacts")
    drain(registry)
    figure = figure_page(outsider, "contacts", theirs, "Overdue")
    assert listed(figure) == {} and f"/m/books/invoices/{books['id']}" not in figure
    nothing = f"/m/contacts/{contact.id}/figure/books_finance?item=Nothing"
    assert client_for(crm["admin"]).get(nothing).status_code == 404
