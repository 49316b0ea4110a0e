"""I1 status actions: invoice mark sent (and void), estimate mark sent / accepted / declined, each
only from the states where it applies (409 naming the current status otherwise), carried to the
Invoice organisation, audited; the Invoice application's own moves come back with the pull."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from core.models import AuditLog
from core.sync.jobs import pull
from core.sync.worker import drain
from core.testing import csrf_from
from tests.invoice.conftest import books_org, create_doc, invoice_finance_id, invoice_org

#: docs/sync.md "Statuses and actions", written out here so the plugin cannot grade itself
TABLE = {
    "invoices": ({"draft", "sent", "overdue", "partially_paid", "paid", "void"},
                 {"mark_sent": ({"draft"}, "sent"), "mark_void": ({"draft", "sent", "overdue"}, "void")}),
    "estimates": ({"draft", "sent", "accepted", "declined", "invoiced", "expired"},
                  {"mark_sent": ({"draft"}, "sent"), "mark_accepted": ({"draft", "sent"}, "accepted"),
                   "mark_declined": ({"draft", "sent"}, "declined")}),
}
DUE = {"invoices": "due_date", "estimates": "expiry_date"}
LATER = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=30)  # a due date not yet passed


def _late(org, finance_id):
    org.refresh_statuses(LATER + dt.timedelta(days=1))


def _pay(amount: str):
    return lambda org, finance_id: org.record_payment(finance_id, amount)


#: how a document reaches each status: our actions (names) or the Invoice application's own moves
ROUTES = {
    "invoices": {"draft": [], "sent": ["mark_sent"], "overdue": ["mark_sent", _late],
                 "partially_paid": ["mark_sent", _pay("40.00")], "paid": ["mark_sent", _pay("100.00")],
                 "void": ["mark_void"]},
    "estimates": {"draft": [], "sent": ["mark_sent"], "accepted": ["mark_accepted"], "declined": ["mark_declined"],
                  "invoiced": ["mark_sent", lambda org, finance_id: org.convert_estimate(finance_id)],
                  "expired": ["mark_sent", _late]},
}
CASES = [(kind, status, action) for kind, (statuses, actions) in sorted(TABLE.items())
         for status in sorted(statuses) for action in sorted(actions)]


def _audit(tenant, kind: str, record_id: int) -> list:
    return list(AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == f"invoice/{kind}")
                                        & (AuditLog.record_id == record_id)).order_by(AuditLog.id))


def _reach(api, registry, tenant, kind: str, doc_id: int, status: str) -> None:
    """Walk the route to ``status`` for real, syncing after each step."""
    org = invoice_org(tenant)
    for step in ROUTES[kind][status]:
        if isinstance(step, str):
            assert api.post(f"/api/v1/invoice/{kind}/{doc_id}/actions/{step}").status_code == 200, step
            drain(registry)
        else:
            step(org, invoice_finance_id(tenant, f"invoice/{kind}", doc_id))
            pull(registry, tenant)
    assert api.get(f"/api/v1/invoice/{kind}/{doc_id}").get_json()["status"] == status


def test_i1_routes_cover_every_status():
    assert {kind: set(routes) for kind, routes in ROUTES.items()} == {k: s for k, (s, _) in TABLE.items()}


@pytest.mark.parametrize("kind, status, action", CASES)
def test_i1_every_allowed_and_every_refused_transition(kind, status, action, crm, invoice_api, registry):
    """An allowed action moves the document here and in the Invoice organisation and is audited;
    any other is 409 naming the current status and changes nothing."""
    api, tenant = invoice_api, crm["tenant"]
    statuses, actions = TABLE[kind]
    doc = create_doc(api, kind, account_id=crm["account"].id, **{DUE[kind]: LATER.isoformat()})
    drain(registry)
    _reach(api, registry, tenant, kind, doc["id"], status)
    offered = {a["key"] for a in api.get(f"/api/v1/invoice/{kind}/{doc['id']}/actions").get_json()}
    assert offered == {a for a, (sources, _) in actions.items() if status in sources}
    logged = len(_audit(tenant, kind, doc["id"]))
    response = api.post(f"/api/v1/invoice/{kind}/{doc['id']}/actions/{action}")
    sources, target = actions[action]
    remote_id = invoice_finance_id(tenant, f"invoice/{kind}", doc["id"])
    if status in sources:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == target
        entry = _audit(tenant, kind, doc["id"])[-1]
        assert (entry.action, json.loads(entry.changes)) == (f"action:{action}", {"status": [status, target]})
        drain(registry)
        seen = api.get(f"/api/v1/invoice/{kind}/{doc['id']}").get_json()
        assert (seen["status"], seen["sync_status"]) == (target, "synced"), seen.get("sync_error")
        assert invoice_org(tenant).get(kind, remote_id)["status"] == target
    else:
        assert response.status_code == 409
        assert response.get_json()["status"] == status  # the error says where it stands, in words
        assert status.replace("_", " ") in response.get_json()["error"].lower(), response.get_json()["error"]
        assert api.get(f"/api/v1/invoice/{kind}/{doc['id']}").get_json()["status"] == status
        assert len(_audit(tenant, kind, doc["id"])) == logged
        assert invoice_org(tenant).get(kind, remote_id)["status"] == status
    assert list(books_org(tenant).list_changed(kind, None)) == []  # Books' organisation never saw it


def test_i1_status_buttons_on_the_detail_page(crm, make_doc, client_for):
    invoice, estimate = make_doc("invoices"), make_doc("estimates")
    web = client_for(crm["admin"])
    page = web.get(f"/m/invoice/estimates/{estimate['id']}").get_data(as_text=True)
    for label, action in (("Mark as Sent", "mark_sent"), ("Mark as Accepted", "mark_accepted"),
                          ("Mark as Declined", "mark_declined")):
        assert f'data-action="{action}"' in page and label in page
    web.post(f"/m/invoice/estimates/{estimate['id']}/actions/mark_declined", data={"csrf_token": csrf_from(page)})
    after = web.get(f"/m/invoice/estimates/{estimate['id']}").get_data(as_text=True)
    assert "Declined" in after and 'data-action="mark_sent"' not in after
    page = web.get(f"/m/invoice/invoices/{invoice['id']}").get_data(as_text=True)
    assert 'data-action="mark_sent"' in page and "Mark as Sent" in page
    web.post(f"/m/invoice/invoices/{invoice['id']}/actions/mark_sent", data={"csrf_token": csrf_from(page)})
    after = web.get(f"/m/invoice/invoices/{invoice['id']}").get_data(as_text=True)
    assert 'data-action="mark_sent"' not in after and 'data-action="mark_void"' in after and "/edit" not in after


def test_i1_a_payment_in_the_invoice_application_comes_back(crm, make_doc, invoice_api, registry):
    tenant = crm["tenant"]
    doc = make_doc("invoices", due_date=LATER.isoformat())  # 2 x 50.00
    invoice_api.post(f"/api/v1/invoice/invoices/{doc['id']}/actions/mark_sent")
    drain(registry)
    invoice_org(tenant).record_payment(invoice_finance_id(tenant, "invoice/invoices", doc["id"]), "40.00")
    pull(registry, tenant)
    paid = invoice_api.get(f"/api/v1/invoice/invoices/{doc['id']}").get_json()
    assert (paid["status"], paid["balance"], paid["total"]) == ("partially_paid", "60.00", "100.00")
    assert [e.action for e in _audit(tenant, "invoices", doc["id"])] == ["create", "action:mark_sent"]
