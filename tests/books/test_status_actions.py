"""B4: each status action only from the states where it applies (409 with the current status
otherwise), synced to the finance application, audited; finance-side changes come back."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from core.models import AuditLog
from core.sync.jobs import pull
from core.sync.worker import drain
from core.testing import csrf_from
from tests.books.context_helpers import create_doc, finance, finance_id

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


DUE = {"invoices": "due_date", "estimates": "expiry_date"}
LATER = dt.datetime.now(dt.timezone.utc).date() + dt.timedelta(days=30)  # a due date not yet passed


def _late(books, finance_id):
    """The due date passes on the finance side: sent invoices overdue, estimates expired."""
    books.refresh_statuses(LATER + dt.timedelta(days=1))


def _pay(amount: str):
    return lambda books, finance_id: books.record_payment(finance_id, amount)


#: how a document reaches each status: our actions (names) or the finance side's own moves
ROUTES = {
    "invoices": {"draft": [], "sent": ["mark_sent"], "overdue": ["mark_sent", _late],
                 "partially_paid": ["mark_sent", _pay("40.00")], "paid": ["mark_sent", _pay("100.00")],
                 "void": ["mark_void"]},
    "estimates": {"draft": [], "sent": ["mark_sent"], "accepted": ["mark_accepted"], "declined": ["mark_declined"],
                  "invoiced": ["mark_sent", lambda books, finance_id: books.convert_estimate(finance_id)],
                  "expired": ["mark_sent", _late]},
    "salesorders": {"draft": [], "open": ["convert_to_open"], "closed": ["convert_to_open", "mark_closed"],
                    "void": ["mark_void"]},
    "purchaseorders": {"draft": [], "open": ["convert_to_open"],
                       "billed": ["convert_to_open", lambda books, finance_id: books.bill_purchaseorder(finance_id)],
                       "closed": ["convert_to_open", "mark_closed"], "cancelled": ["mark_cancelled"]},
}
BOOKS_ACTIONS = {action for _statuses, actions in TABLE.values() for action in actions}
CASES = [(kind, status, action) for kind, (statuses, actions) in sorted(TABLE.items())
         for status in sorted(statuses) for action in sorted(actions)]


def _party(crm, kind: str) -> dict:
    return {"vendor_id": crm["vendor"].id} if kind == "purchaseorders" else {"account_id": crm["account"].id}


def _audit(tenant, kind: str, record_id: int) -> list:
    return list(AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == f"books/{kind}")
                                        & (AuditLog.record_id == record_id)).order_by(AuditLog.id))


def _reach(api, registry, tenant, kind: str, doc_id: int, status: str) -> None:
    """Walk the route to ``status`` for real, syncing after each step."""
    books = finance(tenant)
    for step in ROUTES[kind][status]:
        if isinstance(step, str):
            assert api.post(f"/api/v1/books/{kind}/{doc_id}/actions/{step}").status_code == 200, step
            drain(registry)
        else:
            step(books, finance_id(tenant, f"books/{kind}", doc_id))
            pull(registry, tenant)
    assert api.get(f"/api/v1/books/{kind}/{doc_id}").get_json()["status"] == status


def test_b4_routes_cover_every_status():
    assert {kind: set(routes) for kind, routes in ROUTES.items()} == {k: s for k, (s, _) in TABLE.items()}


@pytest.mark.parametrize("kind, status, action", CASES)
def test_b4_every_allowed_and_every_refused_transition(kind, status, action, crm, api_for, registry):
    """From each status (reached through our actions and the finance side's own moves), each
    action of the type: an allowed one moves the document here and in the finance application
    and is audited; any other is 409 naming the current status and changes nothing."""
    api, tenant = api_for(crm["admin"]), crm["tenant"]
    statuses, actions = TABLE[kind]
    due = {DUE[kind]: LATER.isoformat()} if kind in DUE else {}
    doc = create_doc(api, kind, **_party(crm, kind), **due)
    drain(registry)
    _reach(api, registry, tenant, kind, doc["id"], status)
    offered = {a["key"] for a in api.get(f"/api/v1/books/{kind}/{doc['id']}/actions").get_json()}
    # Books' own actions (another installed plugin may add its own, as Payments' Record payment)
    assert offered & BOOKS_ACTIONS == {a for a, (sources, _) in actions.items() if status in sources}
    logged = len(_audit(tenant, kind, doc["id"]))
    response = api.post(f"/api/v1/books/{kind}/{doc['id']}/actions/{action}")
    sources, target = actions[action]
    if status in sources:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == target
        entry = _audit(tenant, kind, doc["id"])[-1]
        assert (entry.action, json.loads(entry.changes)) == (f"action:{action}", {"status": [status, target]})
        drain(registry)
        seen = api.get(f"/api/v1/books/{kind}/{doc['id']}").get_json()
        assert (seen["status"], seen["sync_status"]) == (target, "synced"), seen.get("sync_error")
        assert finance(tenant).get(kind, seen["finance_id"])["status"] == target
    else:
        assert response.status_code == 409
        assert response.get_json()["status"] == status  # the error says where it stands, in words
        assert status.replace("_", " ") in response.get_json()["error"].lower(), response.get_json()["error"]
        assert api.get(f"/api/v1/books/{kind}/{doc['id']}").get_json()["status"] == status
        assert len(_audit(tenant, kind, doc["id"])) == logged
        assert finance(tenant).get(kind, finance_id(tenant, f"books/{kind}", doc["id"]))["status"] == status


def test_b4_only_drafts_can_be_edited_or_deleted(crm, books_api, make_doc, client_for):
    doc = make_doc("invoices")
    url = f"/api/v1/books/invoices/{doc['id']}"
    assert books_api.patch(url, json={"notes": "still a draft"}).status_code == 200
    books_api.post(f"{url}/actions/mark_sent")
    refused = books_api.patch(url, json={"notes": "too late",
                                         "line_items": [{"name": "x", "quantity": "1", "rate": "1"}]})
    assert refused.status_code == 409 and "sent" in refused.get_json()["error"]
    assert books_api.delete(url).status_code == 409
    kept = books_api.get(url).get_json()
    assert (kept["notes"], kept["total"], len(kept["line_items"])) == ("still a draft", "100.00", 1)
    page = client_for(crm["admin"]).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    assert "/edit" not in page and 'data-action="mark_void"' in page and 'data-action="mark_sent"' not in page


def test_b4_status_buttons_on_the_detail_page_run_the_action(crm, make_doc, client_for):
    doc = make_doc("estimates")
    web = client_for(crm["admin"])
    page = web.get(f"/m/books/estimates/{doc['id']}").get_data(as_text=True)
    for label, action in (("Mark as Sent", "mark_sent"), ("Mark as Accepted", "mark_accepted"),
                          ("Mark as Declined", "mark_declined")):
        assert f'data-action="{action}"' in page and label in page
    web.post(f"/m/books/estimates/{doc['id']}/actions/mark_accepted", data={"csrf_token": csrf_from(page)})
    after = web.get(f"/m/books/estimates/{doc['id']}").get_data(as_text=True)
    assert "Accepted" in after and 'data-action="mark_sent"' not in after


def test_b4_finance_side_status_changes_come_back_with_the_pull(crm, books_api, make_doc, synced, registry):
    tenant = crm["tenant"]
    invoice, estimate = make_doc("invoices"), make_doc("estimates")  # 2 x 50.00 each
    books_api.post(f"/api/v1/books/invoices/{invoice['id']}/actions/mark_sent")
    books_api.post(f"/api/v1/books/estimates/{estimate['id']}/actions/mark_sent")
    invoice, estimate = synced("invoices", invoice["id"]), synced("estimates", estimate["id"])
    books = finance(tenant)
    books.record_payment(invoice["finance_id"], "40.00")
    books.convert_estimate(estimate["finance_id"])
    pull(registry, tenant)
    paid = books_api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    assert (paid["status"], paid["balance"], paid["total"]) == ("partially_paid", "60.00", "100.00")
    assert books_api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()["status"] == "invoiced"
    books.record_payment(invoice["finance_id"], "60.00")
    pull(registry, tenant)
    assert books_api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()["status"] == "paid"
    logged = [e.action for e in _audit(tenant, "invoices", invoice["id"])]
    assert logged == ["create", "action:mark_sent"]  # news from the finance side is not a user's change


@pytest.mark.parametrize("kind", ["salesorders", "purchaseorders"])
def test_b4_a_closed_order_stays_closed_when_the_finance_side_still_shows_it_open(kind, books_api, make_doc,
                                                                                   synced, crm, registry):
    """Zoho has no endpoint to close an order (docs/sync.md): the pull does not reopen it."""
    from core.finance.local.models import Document
    from core.models import utcnow
    doc = make_doc(kind)
    for action in ("convert_to_open", "mark_closed"):
        books_api.post(f"/api/v1/books/{kind}/{doc['id']}/actions/{action}")
    doc = synced(kind, doc["id"])
    Document.update(status="open", last_modified_time=utcnow()).where(Document.id == int(doc["finance_id"])).execute()
    pull(registry, crm["tenant"])
    assert books_api.get(f"/api/v1/books/{kind}/{doc['id']}").get_json()["status"] == "closed"


def test_b4_an_estimate_past_its_expiry_date_offers_no_action(make_doc, books_api):
    """The finance application expires it and would refuse any move: the CRM offers none (and
    answers 409) rather than a sync failure."""
    import datetime as dt
    past = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    estimate = make_doc("estimates", date=past, expiry_date=past)
    assert books_api.get(f"/api/v1/books/estimates/{estimate['id']}/actions").get_json() == []
    refused = books_api.post(f"/api/v1/books/estimates/{estimate['id']}/actions/mark_sent")
    assert refused.status_code == 409
    later = make_doc("estimates", expiry_date=(dt.date.today() + dt.timedelta(days=5)).isoformat())
    offered = {a["key"] for a in books_api.get(f"/api/v1/books/estimates/{later['id']}/actions").get_json()}
    assert offered == {"mark_sent", "mark_accepted", "mark_declined", "convert_to_invoice"}  # B14
