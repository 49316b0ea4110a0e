"""E1: an expense report's status actions, each only from the states where it applies (409 with
the current status otherwise), synced to the Expense application and audited; approving,
rejecting and reimbursing need ``expense.approve`` (403 without it); submitting a report that has
no expenses left is a 422 naming them."""
from __future__ import annotations

import pytest

from core.models import AuditLog
from core.sync.worker import drain
from core.testing import csrf_from
from tests.books.context_helpers import profile_without
from tests.expense.helpers import create_expense, create_report, expense_finance, finance_id_of

#: docs/sync.md "Statuses and actions", written out here so the plugin cannot grade itself
STATUSES = ("draft", "submitted", "approved", "rejected", "reimbursed")
MOVES = {"submit": ({"draft", "rejected"}, "submitted"), "approve": ({"submitted"}, "approved"),
         "reject": ({"submitted"}, "rejected"), "reimburse": ({"approved"}, "reimbursed")}
ROUTES = {"draft": [], "submitted": ["submit"], "approved": ["submit", "approve"], "rejected": ["submit", "reject"],
          "reimbursed": ["submit", "approve", "reimburse"]}
CASES = [(status, action) for status in STATUSES for action in sorted(MOVES)]


def _report(api) -> dict:
    return create_report(api, [create_expense(api)["id"], create_expense(api, category="Lodging")["id"]])


def _reach(api, registry, report_id: int, status: str) -> None:
    for step in ROUTES[status]:
        assert api.post(f"/api/v1/expense/reports/{report_id}/actions/{step}").status_code == 200, step
        drain(registry)


def _finance_status(tenant, report_id: int) -> str:
    return expense_finance(tenant).get("expense_reports", finance_id_of(tenant, "expense/reports", report_id))["status"]


@pytest.mark.parametrize("status, action", CASES)
def test_e1_report_action_only_from_its_states_synced_and_audited(crm, xapi, registry, status, action):
    tenant = crm["tenant"]
    report = _report(xapi)
    drain(registry)
    _reach(xapi, registry, report["id"], status)
    sources, target = MOVES[action]
    offered = [a["key"] for a in xapi.get(f"/api/v1/expense/reports/{report['id']}/actions").get_json()]
    assert (action in offered) == (status in sources)
    response = xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/{action}")
    if status not in sources:
        assert response.status_code == 409
        assert response.get_json()["status"] == status and status in response.get_json()["error"]
        drain(registry)
        assert _finance_status(tenant, report["id"]) == status
        return
    assert response.status_code == 200 and response.get_json()["status"] == target
    audit = AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == "expense/reports")
                                    & (AuditLog.record_id == report["id"])).order_by(AuditLog.id.desc()).first()
    assert audit.action == f"action:{action}" and audit.user_id == crm["admin"].id
    assert f'"{status}", "{target}"' in audit.changes
    drain(registry)
    assert _finance_status(tenant, report["id"]) == target
    after = xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()
    assert (after["status"], after["sync_status"]) == (target, "synced")
    expense = xapi.get(f"/api/v1/expense/expenses/{report['expense_ids'][0]}").get_json()
    assert expense["status"] == target  # the finance application's status of a report's expenses


def test_e1_approval_needs_the_expense_approve_permission(crm, xapi, api_for, make_user, registry):
    tenant = crm["tenant"]
    clerk = api_for(make_user(tenant, profile=profile_without(tenant, "Clerk", "expense.approve")))
    report = create_report(clerk, [create_expense(clerk)["id"]])
    assert clerk.post(f"/api/v1/expense/reports/{report['id']}/actions/submit").status_code == 200
    assert [a["key"] for a in clerk.get(f"/api/v1/expense/reports/{report['id']}/actions").get_json()] == []
    for action in ("approve", "reject"):
        response = clerk.post(f"/api/v1/expense/reports/{report['id']}/actions/{action}")
        assert response.status_code == 403, action
    assert xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()["status"] == "submitted"
    assert xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/approve").status_code == 200
    assert clerk.post(f"/api/v1/expense/reports/{report['id']}/actions/reimburse").status_code == 403
    drain(registry)
    assert _finance_status(tenant, report["id"]) == "approved"


def test_e1_read_only_profile_cannot_submit(crm, xapi, api_for, make_user):
    reader = api_for(make_user(crm["tenant"], profile="Read only"))
    report = create_report(xapi, [create_expense(xapi)["id"]])
    assert reader.get(f"/api/v1/expense/reports/{report['id']}").status_code == 200
    assert reader.post(f"/api/v1/expense/reports/{report['id']}/actions/submit").status_code == 403


def test_e1_submitting_a_report_with_no_expenses_left_is_422(crm, xapi, client_for, registry):
    expense = create_expense(xapi)
    report = create_report(xapi, [expense["id"]])
    assert xapi.delete(f"/api/v1/expense/expenses/{expense['id']}").status_code == 204
    response = xapi.post(f"/api/v1/expense/reports/{report['id']}/actions/submit")
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"expense_ids": ["Add at least one expense before submitting this report."]}
    assert xapi.get(f"/api/v1/expense/reports/{report['id']}").get_json()["status"] == "draft"
    web = client_for(crm["admin"])
    page = web.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    answer = web.post(f"/m/expense/reports/{report['id']}/actions/submit", data={"csrf_token": csrf_from(page)},
                      follow_redirects=True).get_data(as_text=True)
    assert "Add at least one expense before submitting this report." in answer


def test_e1_web_buttons_follow_the_status_and_the_permission(crm, xapi, client_for, make_user):
    tenant = crm["tenant"]
    report = create_report(xapi, [create_expense(xapi)["id"]])
    web = client_for(crm["admin"])
    page = web.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    assert 'data-action="submit"' in page and 'data-action="approve"' not in page
    web.post(f"/m/expense/reports/{report['id']}/actions/submit", data={"csrf_token": csrf_from(page)})
    page = web.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    assert 'data-action="approve"' in page and 'data-action="reject"' in page and 'data-action="submit"' not in page
    assert f'href="/m/expense/reports/{report["id"]}/edit"' not in page  # submitted: no longer edited
    clerk = client_for(make_user(tenant, profile=profile_without(tenant, "Clerk", "expense.approve")))
    page = clerk.get(f"/m/expense/reports/{report['id']}").get_data(as_text=True)
    assert 'data-action="approve"' not in page and 'data-action="reject"' not in page
