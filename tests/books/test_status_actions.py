"""B4: each status action only from the states where it applies (409 with the current status
otherwise), synced to the finance application, audited; finance-side changes come back."""
from __future__ import annotations

import pytest

from core.models import AuditLog
from core.sync.jobs import pull
from core.sync.worker import drain
from tests.books.context_helpers import crm, create_doc, finance, finance_id  # noqa: F401

#: docs/sync.md "Statuses and actions", written out here so the plugin cannot grade itself
TABLE = {
    "invoices": ({"draft", "sent", "overdue", "partially_paid", "paid", "void"},
                 {"mark_sent": ({"draft"}, "sent"), "mark_void": ({"draft", "sent", "overdue"}, "void")}),
    "estimates": ({"draft", "sent", "accepted", "declined", "invoiced", "expired"},
                  {"mark_sent": ({"draft"}, "sent"), "mark_accepted": ({"draft", "sent"}, "accepted"),
                   "mark_declined": ({"draft", "sent"}, "declined")}),
    "salesorders": ({"draft", "open", "closed", "void"},
                    {"convert_to_open": ({"draft"}, "open"), "mark_closed": ({"open"}, "closed"),
                     "mark_void": ({"draft", "open"}, "void"), "reopen": ({"void", "closed"}, "open")}),
    "purchaseorders": ({"draft", "open", "billed", "closed", "cancelled"},
                       {"convert_to_open": ({"draft"}, "open"), "mark_cancelled": ({"draft", "open"}, "cancelled"),
                        "mark_closed": ({"open", "billed"}, "closed"), "reopen": ({"cancelled", "closed"}, "open")}),
}


def _party(crm, kind: str) -> dict:
    return {"vendor_id": crm["vendor"].id} if kind == "purchaseorders" else {"account_id": crm["account"].id}


@pytest.mark.parametrize("kind", sorted(TABLE))
def test_b4_every_allowed_and_every_refused_transition(kind, crm, api_for, registry):
    """From every status, every action of the type: allowed ones move it, the others are 409
    naming the current status, and the record is unchanged."""
    api = api_for(crm["admin"])
    model = registry.modules[f"books/{kind}"].model
    statuses, actions = TABLE[kind]
    doc = create_doc(api, kind, **_party(crm, kind))
    for status in sorted(statuses):
        model.update(status=status).where(model.id == doc["id"]).execute()
        offered = {a["key"] for a in api.get(f"/api/v1/books/{kind}/{doc['id']}/actions").get_json()}
        assert offered == {a for a, (sources, _) in actions.items() if status in sources}, status
        for action, (sources, target) in actions.items():
            model.update(status=status).where(model.id == doc["id"]).execute()
            response = api.post(f"/api/v1/books/{kind}/{doc['id']}/actions/{action}")
            if status in sources:
                assert response.status_code == 200, (status, action, response.get_json())
                assert response.get_json()["status"] == target
            else:
                assert response.status_code == 409, (status, action)
                assert response.get_json()["status"] == status
                assert status in response.get_json()["error"]
                assert model.get_by_id(doc["id"]).status == status


PATHS = {
    "invoices": ["mark_sent", "mark_void"],
    "estimates": ["mark_sent", "mark_accepted"],
    "salesorders": ["convert_to_open", "mark_closed", "reopen", "mark_void"],
    "purchaseorders": ["convert_to_open", "mark_cancelled", "reopen", "mark_closed"],
}


@pytest.mark.parametrize("kind", sorted(PATHS))
def test_b4_actions_reach_the_finance_application_and_the_audit_log(kind, crm, api_for, registry):
    api = api_for(crm["admin"])
    tenant = crm["tenant"]
    doc = create_doc(api, kind, **_party(crm, kind))
    drain(registry)
    books = finance(tenant)
    remote_id = finance_id(tenant, f"books/{kind}", doc["id"])
    for action in PATHS[kind]:
        answer = api.post(f"/api/v1/books/{kind}/{doc['id']}/actions/{action}").get_json()
        drain(registry)
        seen = api.get(f"/api/v1/books/{kind}/{doc['id']}").get_json()
        assert seen["sync_status"] == "synced", seen.get("sync_error")
        assert books.get(kind, remote_id)["status"] == seen["status"] == answer["status"]
    logged = [a.action for a in AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.record_id == doc["id"])
                                                          & (AuditLog.module == f"books/{kind}")).order_by(AuditLog.id)]
    assert logged == ["create", *[f"action:{a}" for a in PATHS[kind]]]


def test_b4_only_drafts_can_be_edited_or_deleted(crm, api_for, client_for):
    api = api_for(crm["admin"])
    doc = create_doc(api, "invoices", account_id=crm["account"].id)
    assert api.patch(f"/api/v1/books/invoices/{doc['id']}", json={"notes": "still a draft"}).status_code == 200
    api.post(f"/api/v1/books/invoices/{doc['id']}/actions/mark_sent")
    refused = api.patch(f"/api/v1/books/invoices/{doc['id']}", json={"notes": "too late"})
    assert refused.status_code == 409 and "sent" in refused.get_json()["error"]
    assert api.delete(f"/api/v1/books/invoices/{doc['id']}").status_code == 409
    assert api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()["notes"] == "still a draft"
    page = client_for(crm["admin"]).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    assert "/edit" not in page and 'data-action="mark_void"' in page and 'data-action="mark_sent"' not in page


def test_b4_status_buttons_on_the_detail_page_run_the_action(crm, api_for, client_for):
    from tests.conftest import csrf_from
    api = api_for(crm["admin"])
    doc = create_doc(api, "estimates", account_id=crm["account"].id)
    web = client_for(crm["admin"])
    page = web.get(f"/m/books/estimates/{doc['id']}").get_data(as_text=True)
    for action in ("mark_sent", "mark_accepted", "mark_declined"):
        assert f'data-action="{action}"' in page
    web.post(f"/m/books/estimates/{doc['id']}/actions/mark_accepted", data={"csrf_token": csrf_from(page)})
    after = web.get(f"/m/books/estimates/{doc['id']}").get_data(as_text=True)
    assert "Accepted" in after and 'data-action="mark_sent"' not in after


def test_b4_finance_side_status_changes_come_back_with_the_pull(crm, api_for, registry):
    api = api_for(crm["admin"])
    tenant = crm["tenant"]
    invoice = create_doc(api, "invoices", account_id=crm["account"].id)  # 2 x 50.00
    estimate = create_doc(api, "estimates", account_id=crm["account"].id)
    api.post(f"/api/v1/books/invoices/{invoice['id']}/actions/mark_sent")
    api.post(f"/api/v1/books/estimates/{estimate['id']}/actions/mark_sent")
    drain(registry)
    books = finance(tenant)
    books.record_payment(finance_id(tenant, "books/invoices", invoice["id"]), "40.00")
    books.convert_estimate(finance_id(tenant, "books/estimates", estimate["id"]))
    pull(registry, tenant)
    paid = api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    assert (paid["status"], paid["balance"], paid["total"]) == ("partially_paid", "60.00", "100.00")
    assert api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()["status"] == "invoiced"
    books.record_payment(finance_id(tenant, "books/invoices", invoice["id"]), "60.00")
    pull(registry, tenant)
    assert api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()["status"] == "paid"
