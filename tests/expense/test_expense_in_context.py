"""E2, P1: the "Expense" related list on account, contact and deal pages, with the total of the
expenses, a New button filling in the parent, a refresh icon, and a bounded number of SQL
statements; a report's page lists its expenses. Only users with Expense access see any of it,
and a tenant without Expense sees none of it, its Books lists unchanged."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from core.crm.models import Account
from core.i18n import format_money
from core.models import utcnow
from core.sync.worker import drain
from core.tenancy import set_enabled
from core.testing import csrf_from
from plugins.expense.models import Expense
from tests.books.context_helpers import Statements, create_doc, panel, panel_keys, profile_without
from tests.expense.helpers import create_expense, create_report, expense_finance, finance_id_of

PARENTS = {"accounts": ("account", "account_id"), "contacts": ("contact", "contact_id"), "deals": ("deal", "deal_id")}


def _money(amount: str) -> str:
    return format_money(Decimal(amount), "USD")


def _stable(html: str | None) -> str:
    """A panel without its CSRF token (a new one per request)."""
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', html or "")


def insert_expenses(tenant, count: int, **fields) -> None:
    """``count`` expenses of 1.00 + 0.10 in one INSERT, a day apart."""
    now = utcnow()
    Expense.insert_many([{"tenant": tenant.id, "date": dt.date(2026, 1, 1) + dt.timedelta(days=i), "category": "Meals",
                          "amount": Decimal("1.00"), "tax": Decimal("0.10"), "total": Decimal("1.10"),
                          "created_at": now, "updated_at": now, **fields} for i in range(count)]).execute()


@pytest.mark.parametrize("module", sorted(PARENTS))
def test_e2_parent_page_lists_its_expenses_with_their_total(crm, xapi, client_for, module):
    name, field = PARENTS[module]
    parent = crm[name]
    mine = [create_expense(xapi, **{field: parent.id}, amount="10.00", tax="1.00"),
            create_expense(xapi, **{field: parent.id}, amount="0.10", tax="0.20", merchant="Kiosk")]
    other = create_expense(xapi, account_id=Account.create(tenant=crm["tenant"], name="Elsewhere").id)
    html = client_for(crm["admin"]).get(f"/m/{module}/{parent.id}").get_data(as_text=True)
    body = panel(html, "expense_expenses")
    assert body is not None and f"Expense · Total {_money('11.30')}" in body
    assert '<span class="count">2</span>' in body
    for expense in mine:
        assert f'href="/m/expense/expenses/{expense["id"]}"' in body
    assert f'/m/expense/expenses/{other["id"]}"' not in body and "Kiosk" in body
    related = xapi.get(f"/api/v1/{module}/{parent.id}/related").get_json()
    listed = next(r for r in related if r["key"] == "expense_expenses")
    assert listed["label"] == f"Expense · Total {_money('11.30')}" and listed["total"] == 2
    assert sorted(r["id"] for r in listed["records"]) == sorted(e["id"] for e in mine)


@pytest.mark.parametrize("module, expected", [
    ("accounts", lambda c: {"account_id": c["account"].id}),
    ("contacts", lambda c: {"contact_id": c["contact"].id, "account_id": c["account"].id}),
    ("deals", lambda c: {"deal_id": c["deal"].id, "account_id": c["account"].id, "contact_id": c["contact"].id}),
])
def test_e2_new_button_opens_the_expense_form_with_the_parent_filled_in(crm, client_for, module, expected):
    web = client_for(crm["admin"])
    parent = crm[PARENTS[module][0]]
    body = panel(web.get(f"/m/{module}/{parent.id}").get_data(as_text=True), "expense_expenses")
    href = body.split('class="btn btn-small" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    url = urlsplit(href)
    assert url.path == "/m/expense/expenses/new"
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert params.pop("next") == f"/m/{module}/{parent.id}"
    assert params == {k: str(v) for k, v in expected(crm).items()}
    form = web.get(href).get_data(as_text=True)
    for value in expected(crm).values():
        assert f'<option value="{value}" selected>' in form


def test_e2_at_most_50_rows_newest_first_with_the_full_count_and_total(crm, client_for):
    insert_expenses(crm["tenant"], 60, account_id=crm["account"].id)
    body = panel(client_for(crm["admin"]).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True),
                 "expense_expenses")
    assert '<span class="count">60</span>' in body and f"Total {_money('66.00')}" in body
    assert body.count("<tr>") == 51  # the header and 50 rows
    assert body.index("Mar 1, 2026") < body.index("Feb 28, 2026") and "Jan 1, 2026" not in body


def test_e2_statements_of_the_account_page_do_not_grow_with_its_expenses(crm, client_for):
    tenant = crm["tenant"]
    few, many = crm["account"], Account.create(tenant=tenant, name="Big spender")
    insert_expenses(tenant, 1, account_id=few.id)
    insert_expenses(tenant, 120, account_id=many.id)
    web = client_for(crm["admin"])
    counts = []
    for account in (few, many):
        web.get(f"/m/accounts/{account.id}")  # warm up
        with Statements() as statements:
            assert web.get(f"/m/accounts/{account.id}").status_code == 200
        counts.append(statements.count)
    assert counts[0] == counts[1], counts


def test_e2_refresh_brings_the_finance_status_into_the_list(crm, xapi, client_for, registry):
    expense = create_expense(xapi, account_id=crm["account"].id)
    report = create_report(xapi, [expense["id"]])
    xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit")
    drain(registry)
    web = client_for(crm["admin"])
    page = web.get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert "Submitted" in panel(page, "expense_expenses")
    tenant = crm["tenant"]
    expense_finance(tenant).action("expense_reports", finance_id_of(tenant, "expense/reports", report["id"]), "approve")
    response = web.post(f"/m/accounts/{crm['account'].id}/related/expense_expenses/refresh",
                        data={"csrf_token": csrf_from(page)}, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<section class="panel related" id="related-expense_expenses"')
    assert "Approved" in html and "Submitted" not in html


def test_e2_report_page_lists_its_expenses_with_their_total(crm, xapi, client_for):
    first = create_expense(xapi, amount="12.00", tax="1.20", merchant="Taxi Lyon")
    second = create_expense(xapi, amount="3.00", tax="0.00", merchant="Metro")
    outside = create_expense(xapi, merchant="Not in it")
    report = create_report(xapi, [first["id"], second["id"]])
    html = client_for(crm["admin"]).get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    body = panel(html, "expense_report_expenses")
    assert f"Expenses in this report · Total {_money('16.20')}" in body
    assert "Taxi Lyon" in body and "Metro" in body and "Not in it" not in body
    assert 'class="btn btn-small"' not in body  # expenses join a report from the report's form
    assert f'/m/expense/expenses/{outside["id"]}"' not in body
    assert _money("16.20") in html.split('id="related-')[0]  # the report's own Total field


def test_p1_no_expense_list_without_expense_access_books_lists_unchanged(crm, xapi, api_for, client_for,
                                                                         make_user):
    tenant = crm["tenant"]
    create_expense(xapi, account_id=crm["account"].id)
    create_doc(xapi, "invoices", account_id=crm["account"].id)
    admin_page = client_for(crm["admin"]).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    clerk = make_user(tenant, profile=profile_without(tenant, "No expense", "app.expense"))
    page = client_for(clerk).get(f"/m/accounts/{crm['account'].id}").get_data(as_text=True)
    assert panel_keys(page) == [k for k in panel_keys(admin_page) if k != "expense_expenses"]
    assert "books_invoices" in panel_keys(page)
    assert _stable(panel(page, "books_invoices")) == _stable(panel(admin_page, "books_invoices"))
    assert [r["key"] for r in api_for(clerk).get(f"/api/v1/accounts/{crm['account'].id}/related").get_json()
            if r["key"].startswith("expense")] == []
    assert client_for(clerk).get("/tab/expense").status_code in (403, 404)
    no_view = make_user(tenant, profile=profile_without(tenant, "No expense view", "expense/expenses.view"))
    page = client_for(no_view).get(f"/m/deals/{crm['deal'].id}").get_data(as_text=True)
    assert "expense_expenses" not in panel_keys(page)


def test_p1_tenant_without_expense_sees_none_of_it_and_its_books_lists_are_unchanged(crm, xapi, client_for,
                                                                                     registry):
    tenant = crm["tenant"]
    create_expense(xapi, account_id=crm["account"].id)
    create_doc(xapi, "invoices", account_id=crm["account"].id)
    web = client_for(crm["admin"])
    url = f"/m/accounts/{crm['account'].id}"
    before = web.get(url).get_data(as_text=True)
    set_enabled(registry, tenant, "expense", False)
    after = web.get(url).get_data(as_text=True)
    assert panel_keys(after) == [k for k in panel_keys(before) if k != "expense_expenses"]
    for key in panel_keys(after):
        assert _stable(panel(after, key)) == _stable(panel(before, key)), key
    assert xapi.get("/api/v1/expense/expenses").status_code == 404
    assert web.get("/m/expense/expenses/").status_code == 404 and web.get("/tab/expense").status_code == 404
    assert 'data-tab="expense"' not in after


def test_e1_report_form_chooses_its_expenses(crm, xapi, client_for):
    first, second = create_expense(xapi, merchant="Train"), create_expense(xapi, merchant="Hotel")
    web = client_for(crm["admin"])
    form = web.get("/m/expense/reports/new").get_data(as_text=True)
    assert '<div class="checks" id="f-expense_ids"' in form and "Train" in form  # a box per expense
    fields = {"csrf_token": csrf_from(form), "title": "Week 19", "start_date": "2026-05-04", "end_date": "2026-05-08"}
    refused = web.post("/m/expense/reports/new", data=fields)
    assert refused.status_code == 422
    assert 'id="error-expense_ids">Choose at least one expense.' in refused.get_data(as_text=True)
    created = web.post("/m/expense/reports/new", data={**fields, "expense_ids": [str(first["id"]), str(second["id"])]})
    assert created.status_code == 302
    report_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    edit = web.get(f"/m/expense/reports/{report_id}/edit").get_data(as_text=True)
    assert all(f'name="expense_ids" value="{e["id"]}" checked>' in edit for e in (first, second))
    web.post(f"/m/expense/reports/{report_id}/edit", data={**fields, "csrf_token": csrf_from(edit),
                                                           "expense_ids": [str(second["id"])]})
    assert xapi.get(f"/api/v1/expense/reports/{report_id}").get_json()["expense_ids"] == [second["id"]]
