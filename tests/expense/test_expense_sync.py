"""E1: expenses and reports reach the Expense application at once (the customer and the expenses
first), in its shape (docs/sync.md: the category as ``account_name``, the customer's finance id,
the expenses' finance ids); the statuses come back, on push and on pull. Expense works with only
itself enabled."""
from __future__ import annotations

from core.crm.models import Account
from core.sync.jobs import pull
from core.sync.worker import drain
from tests.books.context_helpers import panel, panel_keys
from tests.expense.helpers import create_expense, create_report, expense_finance, finance_id_of


def test_e1_expense_reaches_the_finance_application_with_its_customer_first(crm, xapi, registry, synced):
    tenant = crm["tenant"]
    expense = create_expense(xapi, account_id=crm["account"].id, deal_id=crm["deal"].id, category="Lodging",
                             amount="268.40", tax="26.84", merchant="Hôtel des Célestins", billable=True,
                             project="Lyon kick-off", description="Two nights")
    assert expense["sync_status"] == "pending"
    after = synced("expenses", expense["id"])
    assert (after["sync_status"], after["status"]) == ("synced", "unreported")
    remote = expense_finance(tenant).get("expenses", after["finance_id"])
    customer = finance_id_of(tenant, "accounts", crm["account"].id)
    assert customer is not None  # the account was pushed first (Y5)
    assert {k: remote[k] for k in ("date", "account_name", "amount", "tax_amount", "total", "merchant",
                                   "description", "is_billable", "customer_id", "project_name")} == {
        "date": "2026-05-04", "account_name": "Lodging", "amount": "268.40", "tax_amount": "26.84",
        "total": "295.24", "merchant": "Hôtel des Célestins", "description": "Two nights", "is_billable": True,
        "customer_id": customer, "project_name": "Lyon kick-off"}
    assert remote["crm_id"] == f"expense/expenses:{expense['id']}"
    xapi.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"amount": "250.00"})
    drain(registry)
    assert expense_finance(tenant).get("expenses", after["finance_id"])["amount"] == "250.00"


def test_e1_report_reaches_the_finance_application_with_its_expenses_first(crm, xapi, synced):
    tenant = crm["tenant"]
    first = create_expense(xapi, amount="10.00", tax="1.00")
    second = create_expense(xapi, amount="20.00", tax="0.00", contact_id=crm["contact"].id)
    report = create_report(xapi, [first["id"], second["id"]], title="Lyon trip")
    after = synced("reports", report["id"])
    assert after["sync_status"] == "synced" and after["number"].startswith("ER-")
    remote = expense_finance(tenant).get("expense_reports", after["finance_id"])
    assert remote["report_name"] == "Lyon trip" and (remote["start_date"], remote["end_date"]) == (
        "2026-05-01", "2026-05-07")
    assert sorted(remote["expense_ids"]) == sorted(
        [finance_id_of(tenant, "expense/expenses", first["id"]), finance_id_of(tenant, "expense/expenses", second["id"])])
    assert remote["total"] == after["total"] == "31.00"
    # its expenses now have the status the finance application gives a draft report's expenses
    assert xapi.get(f"/api/v1/expense/expenses/{first['id']}").get_json()["status"] == "unsubmitted"
    # a contact without an account is the customer itself
    assert expense_finance(tenant).get("expenses", finance_id_of(tenant, "expense/expenses", second["id"]))[
        "customer_id"] == finance_id_of(tenant, "contacts", crm["contact"].id)


def test_e1_report_changes_reach_the_finance_application(crm, xapi, synced):
    tenant = crm["tenant"]
    first, second = create_expense(xapi), create_expense(xapi, amount="5.00", tax="0.50")
    report = create_report(xapi, [first["id"]])
    synced("reports", report["id"])
    xapi.patch(f"/api/v1/expense/reports/{report['id']}", json={"expense_ids": [second["id"]], "title": "Renamed"})
    after = synced("reports", report["id"])
    remote = expense_finance(tenant).get("expense_reports", after["finance_id"])
    assert remote["report_name"] == "Renamed" and remote["total"] == "5.50"
    assert remote["expense_ids"] == [finance_id_of(tenant, "expense/expenses", second["id"])]


def test_e1_finance_side_status_comes_back_with_the_pull(crm, xapi, registry, synced):
    tenant = crm["tenant"]
    expense = create_expense(xapi)
    report = create_report(xapi, [expense["id"]])
    xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit")
    after = synced("reports", report["id"])
    assert after["status"] == "submitted"
    expense_finance(tenant).action("expense_reports", after["finance_id"], "approve")  # approved over there
    assert pull(registry, tenant, modules={"expense/reports", "expense/expenses"}).state == "ok"
    assert xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()["status"] == "approved"
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["status"] == "approved"


def test_e1_expense_alone_enabled_works_end_to_end(make_tenant, make_user, api_for, client_for, registry):
    tenant = make_tenant(apps=("expense",))
    user = make_user(tenant)
    api = api_for(user)
    account = Account.create(tenant=tenant, name="Solo customer")
    expense = create_expense(api, account_id=account.id)
    report = create_report(api, [expense["id"]])
    for action in ("submit", "approve", "reimburse"):
        assert api.post(f"/api/v1/expense/reports/{report['id']}/actions/{action}").status_code == 200
    drain(registry)
    after = api.get(f"/api/v1/expense/reports/{report['id']}").get_json()
    assert (after["status"], after["sync_status"]) == ("reimbursed", "synced")
    assert expense_finance(tenant).get("expense_reports", after["finance_id"])["status"] == "reimbursed"
    assert api.get("/api/v1/books/invoices").status_code == 404
    web = client_for(user)
    assert web.get("/tab/expense").status_code == 200
    page = web.get(f"/m/accounts/{account.id}").get_data(as_text=True)
    assert "expense_expenses" in panel_keys(page)
    assert not [k for k in panel_keys(page) if k.startswith(("books_", "invoice_"))]
    assert f'href="/m/expense/expenses/{expense["id"]}"' in panel(page, "expense_expenses")


def test_e1_demo_data_has_expenses_and_a_submitted_report_synced(make_tenant, make_user, registry, api_for):
    """The demo's expenses and report reach the Expense application; a tenant without Expense
    gets none."""
    from core.demo import load_demo, sync_demo
    from plugins.expense.models import Expense
    tenant = make_tenant()
    admin = make_user(tenant)
    load_demo(registry, tenant, [admin, make_user(tenant, profile="Standard")])
    sync_demo(registry, tenant)
    api = api_for(admin)
    expenses = api.get("/api/v1/expense/expenses?per_page=100").get_json()
    assert expenses["total"] >= 5 and all(e["sync_status"] == "synced" for e in expenses["data"])
    [report] = api.get("/api/v1/expense/reports").get_json()["data"]
    assert (report["status"], report["sync_status"]) == ("submitted", "synced") and len(report["expense_ids"]) >= 2
    assert expense_finance(tenant).get("expense_reports", report["finance_id"])["status"] == "submitted"
    without = make_tenant(apps=("books",))
    load_demo(registry, without, [make_user(without)])
    assert Expense.scoped(without).count() == 0


def test_e1_expenses_follow_their_report_at_once_and_when_the_finance_side_moves_it(crm, xapi, registry):
    tenant = crm["tenant"]
    first, second = create_expense(xapi), create_expense(xapi, amount="5.00", tax="0.50")
    report = create_report(xapi, [first["id"], second["id"]])
    drain(registry)
    status = lambda expense: xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["status"]  # noqa: E731
    assert (status(first), status(second)) == ("unsubmitted", "unsubmitted")
    assert xapi.patch(f"/api/v1/expense/reports/{report['id']}", json={"expense_ids": [first["id"]]}).status_code == 200
    assert status(second) == "unreported"  # out of the report, before any sync
    assert xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit").status_code == 200
    assert status(first) == "submitted"  # before any sync too
    drain(registry)
    expense_finance(tenant).action("expense_reports", finance_id_of(tenant, "expense/reports", report["id"]), "approve")
    # approved by someone in the Expense application; only the reports are read back (the
    # expenses follow their report here, not through their own pull)
    assert pull(registry, tenant, modules=["expense/reports"]).state == "ok"
    assert xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()["status"] == "approved"
    assert (status(first), status(second)) == ("approved", "unreported")


def test_y7_a_report_total_computed_otherwise_is_a_failed_sync_on_the_record_never_a_log_line(
        crm, xapi, registry, synced, caplog):
    import logging

    from core.finance.local.models import ExpenseReport
    from core.models import utcnow
    tenant = crm["tenant"]
    report = create_report(xapi, [create_expense(xapi, amount="10.00", tax="1.00")["id"]])
    after = synced("reports", report["id"])
    assert (after["sync_status"], after["sync_error"]) == ("synced", None)
    ExpenseReport.update(total="12.00", last_modified_time=utcnow()).where(
        ExpenseReport.id == int(after["finance_id"])).execute()  # the finance application's own total
    with caplog.at_level(logging.WARNING):
        pull(registry, tenant, modules={"expense/reports"})
        pull(registry, tenant, modules={"expense/reports"})  # shown once, not once per pull
    seen = xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()
    assert (seen["sync_status"], seen["total"]) == ("failed", "11.00")
    assert seen["sync_error"] == "Expense computed a total of 12.00, the CRM 11.00"
    assert not [r for r in caplog.records if "differs" in r.getMessage() or "total" in r.getMessage()]
