"""Y2, Y8: the pull through the ``zoho`` connector asks only what Zoho documents of each list
(Books v3's published documents): ``last_modified_time=`` for invoices, sales orders and
purchase orders, ``sort_column=last_modified_time`` for contacts (and sales orders), never a
``sort_order``; every other list is read in full. finance-serve ignores what is undocumented,
and ``list_changed(doc_type, since)`` still returns every record modified at or after ``since``,
oldest first, reading only the pages it must."""
from __future__ import annotations

import datetime as dt
import time

from tests.zoho_serve_fixtures import connect, finance_bound, finance_database, finserve, org  # noqa: F401

LINE = [{"name": "Work", "quantity": "1", "rate": "10.00"}]
#: the list parameters Zoho documents that the pull may use, per list (besides page, per_page
#: and the organisation)
DOCUMENTED = {"/contacts": {"sort_column", "filter_by"}, "/items": {"filter_by"},
              "/invoices": {"last_modified_time"}, "/estimates": set(),
              "/salesorders": {"last_modified_time", "sort_column"}, "/purchaseorders": {"last_modified_time"}}
PAGING = {"page", "per_page", "organization_id"}


def seen(finserve) -> list[dict]:
    return list(finserve[0].extensions["finance_serve"].seen)


def since_now() -> dt.datetime:
    time.sleep(0.01)
    moment = dt.datetime.now(dt.timezone.utc)
    time.sleep(0.01)
    return moment


def make(zoho, doc_type: str, n: int, parties: dict) -> dict:
    payloads = {"contacts": {"contact_name": f"C{n}", "contact_type": "customer"},
                "items": {"name": f"Item {n}", "rate": "5.00"},
                "purchaseorders": {"vendor_id": parties.get("vendor"), "line_items": LINE}}
    body = payloads.get(doc_type) or {"customer_id": parties.get("customer"), "line_items": LINE}
    return zoho.create(doc_type, {**body, "crm_id": f"{doc_type}:{n}"})


def touch(zoho, doc_type: str, record: dict, parties: dict) -> dict:
    if doc_type == "contacts":
        body = {"contact_name": record["contact_name"] + " (changed)"}
    elif doc_type == "items":
        body = {"name": record["name"], "rate": "6.00"}
    elif doc_type == "purchaseorders":
        body = {"vendor_id": parties["vendor"], "line_items": LINE, "notes": "changed"}
    else:
        body = {"customer_id": parties["customer"], "line_items": LINE, "notes": "changed"}
    return zoho.update(doc_type, record["id"], body)


def parties(zoho) -> dict:
    customer = zoho.create("contacts", {"contact_name": "Acme", "contact_type": "customer", "crm_id": "accounts:1"})
    vendor = zoho.create("contacts", {"contact_name": "Parts", "contact_type": "vendor", "crm_id": "vendors:1"})
    return {"customer": customer["id"], "vendor": vendor["id"]}


def test_y8_finance_serve_filters_and_sorts_only_where_zoho_documents_it(connect):
    http = connect("books").http
    zoho = connect("books")
    who = parties(zoho)
    for doc_type in ("contacts", "items", "estimates", "invoices", "salesorders", "purchaseorders"):
        path = "/" + doc_type
        first = make(zoho, doc_type, 1, who)
        second = make(zoho, doc_type, 2, who)
        key = "contacts" if doc_type == "contacts" else doc_type
        mine = {first["id"], second["id"]}

        def listed(params):
            body = http.request("GET", path, params)
            return [r["id"] for r in (zoho._record(doc_type, raw) for raw in body[key]) if r["id"] in mine], body

        ids, body = listed({"sort_order": "A"})  # no such parameter: the default order, newest first
        assert ids == [second["id"], first["id"]], doc_type
        assert (body["page_context"]["sort_column"], body["page_context"]["sort_order"]) == ("created_time", "D")
        ids, _ = listed({"last_modified_time": first["last_modified_time"]})
        expected = [second["id"]] if doc_type in ("invoices", "salesorders", "purchaseorders") else \
            [second["id"], first["id"]]
        assert ids == expected, doc_type  # "modified after": documented for three lists only
        touch(zoho, doc_type, first, who)
        ids, body = listed({"sort_column": "last_modified_time", "sort_order": "A"})
        if doc_type in ("contacts", "salesorders"):
            assert ids == [first["id"], second["id"]], doc_type  # the last modified first
            assert (body["page_context"]["sort_column"], body["page_context"]["sort_order"]) == (
                "last_modified_time", "D")
        else:
            assert ids == [second["id"], first["id"]], doc_type  # not a documented sort column here


def test_y8_list_changed_asks_only_documented_parameters_and_misses_nothing(connect, finserve):
    zoho = connect("books")
    who = parties(zoho)
    for doc_type in ("contacts", "items", "estimates", "invoices", "salesorders", "purchaseorders"):
        old = [make(zoho, doc_type, n, who) for n in (1, 2, 3)]
        since = since_now()
        changed = [touch(zoho, doc_type, old[1], who), make(zoho, doc_type, 4, who)]
        before = len(seen(finserve))
        got = list(zoho.list_changed(doc_type, since))
        calls = seen(finserve)[before:]
        mine = {r["id"] for r in old + changed}
        for call in calls:
            assert set(call["args"]) <= PAGING | DOCUMENTED["/" + doc_type], (doc_type, call["args"])
        if doc_type == "items":  # Zoho's item list entries carry no time: every one is returned
            assert {r["id"] for r in got} >= mine and all("last_modified_time" not in r for r in got)
            continue
        assert [r["id"] for r in got if r["id"] in mine] == [r["id"] for r in changed], doc_type  # oldest first
        assert all(r["last_modified_time"] >= since.strftime("%Y-%m-%dT%H:%M:%S") for r in got), doc_type
        everything = {r["id"] for r in zoho.list_changed(doc_type, None)}
        assert mine <= everything, doc_type


def test_y8_expense_and_billing_lists_are_read_in_full_without_undocumented_parameters(connect, finserve):
    customer = connect("books").create("contacts", {"contact_name": "Acme", "contact_type": "customer",
                                                    "crm_id": "accounts:1"})
    expense = connect("expense")
    old = expense.create("expenses", {"date": "2024-05-01", "account_name": "Travel", "amount": "10.00",
                                      "customer_id": customer["id"], "crm_id": "expense/expenses:1"})
    since = since_now()
    new = expense.create("expenses", {"date": "2024-05-02", "account_name": "Meals", "amount": "12.00",
                                      "crm_id": "expense/expenses:2"})
    before = len(seen(finserve))
    assert [r["id"] for r in expense.list_changed("expenses", since)] == [new["id"]]
    assert old["id"] in {r["id"] for r in expense.list_changed("expenses", None)}
    for call in seen(finserve)[before:]:
        assert set(call["args"]) <= PAGING, call["args"]


def test_y8_a_pull_reads_only_the_pages_it_must(connect, finserve):
    zoho = connect("books", per_page=2)
    who = parties(zoho)
    state = finserve[0].extensions["finance_serve"]
    invoices = [make(zoho, "invoices", n, who) for n in range(1, 6)]
    contacts = [make(zoho, "contacts", n, who) for n in range(1, 6)]
    items = [make(zoho, "items", n, who) for n in range(1, 6)]
    time.sleep(2.1)  # the filter is asked to the second, one second early
    since = since_now()
    for doc_type, records in (("invoices", invoices), ("contacts", contacts), ("items", items)):
        touch(zoho, doc_type, records[0], who)
    costs = {}
    for doc_type in ("invoices", "contacts", "items"):
        before = state.calls
        got = [r["id"] for r in zoho.list_changed(doc_type, since)]
        records = {"invoices": invoices, "contacts": contacts, "items": items}[doc_type]
        # items: their list entries carry no time (items.yml), so all come back; the pull
        # compares each with what it knew (core/sync/jobs.py)
        if doc_type == "items":
            assert set(got) >= {r["id"] for r in records}
        else:
            assert got == [records[0]["id"]]
        costs[doc_type] = state.calls - before
    # invoices: the filtered list is one page; contacts: sorted by last_modified_time, newest
    # first, the first page already holds an older one; items: nothing documented, every page
    assert costs == {"invoices": 1, "contacts": 1, "items": 3}
    before = state.calls
    assert len(list(zoho.list_changed("contacts", None))) == 7
    assert state.calls - before == 4  # the first pull reads everything: 7 contacts, pages of 2
