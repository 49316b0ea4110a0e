"""E1: expenses and expense reports over the API: create, list, update, exact totals, and bad
input answered with 422 naming the field (a negative amount, a period ending before it starts,
a report with no expenses, an expense in two reports)."""
from __future__ import annotations

import pytest

from core.crm.models import Account
from tests.expense.helpers import create_expense, create_report


def test_e1_expense_created_listed_and_updated(crm, xapi):
    expense = create_expense(xapi, account_id=crm["account"].id, contact_id=crm["contact"].id,
                             deal_id=crm["deal"].id, billable=True, project="Lyon kick-off",
                             description="Dinner with the customer")
    assert expense["amount"] == "40.00" and expense["tax"] == "4.00" and expense["total"] == "44.00"
    assert expense["billable"] is True and expense["receipt"] is None and expense["report_id"] is None
    listed = xapi.get("/api/v1/expense/expenses?account_id=%d" % crm["account"].id).get_json()
    assert [e["id"] for e in listed["data"]] == [expense["id"]] and listed["total"] == 1
    changed = xapi.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"amount": "50.10", "tax": "0.01"})
    assert changed.status_code == 200
    assert (changed.get_json()["amount"], changed.get_json()["total"]) == ("50.10", "50.11")
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["total"] == "50.11"


@pytest.mark.parametrize("fields, field", [
    ({"amount": "-5.00"}, "amount"),
    ({"amount": "0"}, "amount"),
    ({"tax": "-0.01"}, "tax"),
    ({"category": "Yacht"}, "category"),
    ({"date": "yesterday"}, "date"),
    ({"billable": True}, "account_id"),  # billable: for a customer
])
def test_e1_bad_expense_is_422_naming_the_field(xapi, fields, field):
    body = {"date": "2026-05-04", "category": "Meals", "amount": "40.00", **fields}
    response = xapi.post("/api/v1/expense/expenses", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"], response.get_json()


def test_e1_negative_amount_refused_on_update_too(crm, xapi):
    expense = create_expense(xapi)
    response = xapi.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"amount": "-1"})
    assert response.status_code == 422 and "amount" in response.get_json()["errors"]
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["amount"] == "40.00"


def test_e1_another_tenants_account_is_refused(xapi, make_tenant):
    stranger = Account.create(tenant=make_tenant(), name="Not ours")
    response = xapi.post("/api/v1/expense/expenses", json={"date": "2026-05-04", "category": "Meals",
                                                           "amount": "1.00", "account_id": stranger.id})
    assert response.status_code == 422 and "account_id" in response.get_json()["errors"]


def test_e1_report_groups_expenses_with_their_exact_total(crm, xapi):
    first = create_expense(xapi, amount="0.10", tax="0.00")
    second = create_expense(xapi, amount="0.20", tax="0.01")
    report = create_report(xapi, [second["id"], first["id"], first["id"]])
    assert report["expense_ids"] == sorted([first["id"], second["id"]])
    assert report["total"] == "0.31" and report["status"] == "draft"
    assert xapi.get(f"/api/v1/expense/expenses/{first['id']}").get_json()["report_id"] == report["id"]
    listed = xapi.get("/api/v1/expense/reports").get_json()["data"]
    assert [(r["id"], r["total"], r["expense_ids"]) for r in listed] == [
        (report["id"], "0.31", sorted([first["id"], second["id"]]))]
    # an expense's change moves its report's total; leaving the report takes it out
    xapi.patch(f"/api/v1/expense/expenses/{first['id']}", json={"amount": "1.10"})
    assert xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()["total"] == "1.31"
    changed = xapi.patch(f"/api/v1/expense/reports/{report['id']}", json={"expense_ids": [first["id"]],
                                                                           "title": "Lyon, day 1"})
    assert changed.status_code == 200
    assert (changed.get_json()["expense_ids"], changed.get_json()["total"]) == ([first["id"]], "1.10")
    assert xapi.get(f"/api/v1/expense/expenses/{second['id']}").get_json()["report_id"] is None


def test_e1_report_without_expenses_is_422_naming_them(xapi):
    for body in ({"title": "Empty", "start_date": "2026-05-01", "end_date": "2026-05-02"},
                 {"title": "Empty", "start_date": "2026-05-01", "end_date": "2026-05-02", "expense_ids": []}):
        response = xapi.post("/api/v1/expense/reports", json=body)
        assert response.status_code == 422
        assert response.get_json()["errors"]["expense_ids"] == ["Choose at least one expense."]
    report = create_report(xapi, [create_expense(xapi)["id"]])
    response = xapi.patch(f"/api/v1/expense/reports/{report['id']}", json={"expense_ids": []})
    assert response.status_code == 422 and "expense_ids" in response.get_json()["errors"]


def test_e1_period_ending_before_it_starts_is_422_naming_the_end_date(xapi):
    expense = create_expense(xapi)
    response = xapi.post("/api/v1/expense/reports", json={
        "title": "Backwards", "start_date": "2026-05-07", "end_date": "2026-05-01", "expense_ids": [expense["id"]]})
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"end_date": ["The period cannot end before it starts."]}
    report = create_report(xapi, [expense["id"]])
    response = xapi.patch(f"/api/v1/expense/reports/{report['id']}", json={"end_date": "2026-04-30"})
    assert response.status_code == 422 and "end_date" in response.get_json()["errors"]
    assert xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()["end_date"] == "2026-05-07"


def test_e1_an_expense_belongs_to_one_report_at_most(crm, xapi, api_for, make_tenant, make_user):
    expense = create_expense(xapi)
    create_report(xapi, [expense["id"]])
    response = xapi.post("/api/v1/expense/reports", json={
        "title": "Second", "start_date": "2026-05-01", "end_date": "2026-05-02", "expense_ids": [expense["id"]]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["expense_ids"] == [  # both named as their pages show them
        "The expense “2026-05-04 · Meals · Bistro ($44.00)” is already in the report “Lyon trip”."]
    other = make_tenant(apps=("expense",))
    theirs = create_expense(api_for(make_user(other)))
    response = xapi.post("/api/v1/expense/reports", json={
        "title": "Theirs", "start_date": "2026-05-01", "end_date": "2026-05-02", "expense_ids": [theirs["id"]]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["expense_ids"] == [f"No expense {theirs['id']} in this organisation."]


def test_e1_submitted_report_and_its_expenses_no_longer_change(crm, xapi):
    expense = create_expense(xapi)
    report = create_report(xapi, [expense["id"]])
    assert xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit").status_code == 200
    response = xapi.patch(f"/api/v1/expense/reports/{report['id']}", json={"title": "Changed"})
    assert response.status_code == 409 and "submitted" in response.get_json()["error"]
    response = xapi.patch(f"/api/v1/expense/expenses/{expense['id']}", json={"amount": "1.00"})
    assert response.status_code == 409 and "submitted report" in response.get_json()["error"]
    assert xapi.delete(f"/api/v1/expense/expenses/{expense['id']}").status_code == 409
    assert xapi.delete(f"/api/v1/expense/reports/{report['id']}").status_code == 409


def test_e1_deleting_a_draft_report_frees_its_expenses(xapi):
    expense = create_expense(xapi)
    report = create_report(xapi, [expense["id"]])
    assert xapi.delete(f"/api/v1/expense/reports/{report['id']}").status_code == 204
    assert xapi.get(f"/api/v1/expense/expenses/{expense['id']}").get_json()["report_id"] is None
    assert create_report(xapi, [expense["id"]])["expense_ids"] == [expense["id"]]
