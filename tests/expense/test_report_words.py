"""E1: an expense already in another report is named, with that report, and both link to their
pages in the form (the API says the same in plain text)."""
from __future__ import annotations

import re

from core.testing import csrf_from
from tests.expense.helpers import create_expense, create_report


def test_e1_an_expense_in_another_report_is_named_and_linked_beside_the_field(crm, xapi, client_for):
    taxi = create_expense(xapi, category="Taxi & transit", merchant="Taxi Bleu", amount="45.00", tax="0.00")
    lyon = create_report(xapi, [taxi["id"]], title="Lyon trip")
    web = client_for(crm["admin"])
    form = web.get("/m/expense/reports/new").get_data(as_text=True)
    refused = web.post("/m/expense/reports/new", data={
        "csrf_token": csrf_from(form), "title": "Paris trip", "start_date": "2026-05-01", "end_date": "2026-05-07",
        "expense_ids": [str(taxi["id"])]})
    assert refused.status_code == 422
    error = re.search(r'<p class="error" id="error-expense_ids">(.*?)</p>', refused.get_data(as_text=True)).group(1)
    assert error == (f'The expense <a href="/m/expense/expenses/{taxi["id"]}">“2026-05-04 · Taxi &amp; transit · '
                     f'Taxi Bleu ($45.00)”</a> is already in the report '
                     f'<a href="/m/expense/reports/{lyon["id"]}">“Lyon trip”</a>.')
    answer = xapi.post("/api/v1/expense/reports", json={
        "title": "Paris trip", "start_date": "2026-05-01", "end_date": "2026-05-07", "expense_ids": [taxi["id"]]})
    assert answer.status_code == 422 and answer.get_json()["errors"] == {"expense_ids": [
        "The expense “2026-05-04 · Taxi & transit · Taxi Bleu ($45.00)” is already in the report “Lyon trip”."]}


def test_e1_a_refused_action_names_the_field_by_its_label(crm, xapi, client_for):
    taxi = create_expense(xapi, merchant="Taxi Bleu")
    report = create_report(xapi, [taxi["id"]], title="Empty trip")
    assert xapi.delete(f"/api/v1/expense/expenses/{taxi['id']}").status_code == 204  # the report is left empty
    web = client_for(crm["admin"])
    page = web.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    shown = web.post(f"/m/expense/reports/{report['id']}/actions/submit", data={"csrf_token": csrf_from(page)},
                     follow_redirects=True).get_data(as_text=True)
    flash = re.search(r'<div class="flash flash-error"[^>]*>(.*?)</div>', shown, re.S).group(1)
    assert flash == "Expenses: Add at least one expense before submitting this report."


def test_e1_an_action_the_user_may_not_run_says_so(crm, xapi, client_for, make_user):
    from tests.books.context_helpers import profile_without
    report = create_report(xapi, [create_expense(xapi)["id"]])
    assert xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit").status_code == 200
    tenant = crm["tenant"]
    clerk = client_for(make_user(tenant, profile=profile_without(tenant, "Clerk", "expense.approve")))
    page = clerk.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    shown = clerk.post(f"/m/expense/reports/{report['id']}/actions/approve", data={"csrf_token": csrf_from(page)},
                       follow_redirects=True).get_data(as_text=True)
    flash = re.search(r'<div class="flash flash-error"[^>]*>(.*?)</div>', shown, re.S).group(1)
    assert flash == "You may not run “Approve” on this expense report."
