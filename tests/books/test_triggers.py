"""B13: deal-stage triggers, off by default, chosen per tenant in Setup > Finance Suite."""
from __future__ import annotations

import pytest

from core.settings import set_setting, setting
from core.sync.worker import drain
from core.testing import csrf_from
from tests.books.context_helpers import finance


def _deal(api, crm, **fields) -> dict:
    body = {"name": "Acme expansion", "account_id": crm["account"].id, "amount": "1250.50", **fields}
    response = api.post("/api/v1/deals", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _documents(api, kind: str, deal_id: int) -> list[dict]:
    return api.get(f"/api/v1/books/{kind}?deal_id={deal_id}").get_json()["data"]


def test_b13_off_by_default_nothing_is_made(crm, api_for):
    api = api_for(crm["admin"])
    assert setting(crm["tenant"], "books.deal_triggers") == "off"
    deal = _deal(api, crm)
    api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "Closed Won"})
    assert _documents(api, "estimates", deal["id"]) == [] and _documents(api, "invoices", deal["id"]) == []


@pytest.mark.parametrize("stage, status", [("Closed Won", "accepted"), ("Closed Lost", "declined")])
def test_b13_estimate_with_the_deal_then_accepted_or_declined(stage, status, crm, api_for, registry):
    api = api_for(crm["admin"])
    set_setting(crm["tenant"], "books.deal_triggers", "estimate")
    deal = _deal(api, crm)
    [estimate] = _documents(api, "estimates", deal["id"])
    assert (estimate["status"], estimate["total"], estimate["account_id"]) == ("draft", "1250.50", crm["account"].id)
    assert estimate["line_items"][0]["name"] == "Acme expansion"
    api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": stage})
    [estimate] = _documents(api, "estimates", deal["id"])
    assert estimate["status"] == status
    drain(registry)
    synced = api.get(f"/api/v1/books/estimates/{estimate['id']}").get_json()
    assert finance(crm["tenant"]).get("estimates", synced["finance_id"])["status"] == status


def test_b13_invoice_on_closed_won_voided_on_closed_lost(crm, api_for, registry):
    api = api_for(crm["admin"])
    set_setting(crm["tenant"], "books.deal_triggers", "invoice")
    deal = _deal(api, crm)
    assert _documents(api, "invoices", deal["id"]) == [] and _documents(api, "estimates", deal["id"]) == []
    api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "Closed Won"})
    [invoice] = _documents(api, "invoices", deal["id"])
    assert (invoice["status"], invoice["total"]) == ("draft", "1250.50")
    api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "Closed Lost"})
    [invoice] = _documents(api, "invoices", deal["id"])
    assert invoice["status"] == "void"
    drain(registry)
    synced = api.get(f"/api/v1/books/invoices/{invoice['id']}").get_json()
    assert synced["sync_status"] == "synced"
    assert finance(crm["tenant"]).get("invoices", synced["finance_id"])["status"] == "void"


@pytest.mark.parametrize("mode, kind, by_hand", [("estimate", "estimates", "mark_sent"),
                                                   ("invoice", "invoices", "mark_sent")])
def test_b13_a_document_changed_by_hand_is_left_alone(mode, kind, by_hand, crm, api_for):
    api = api_for(crm["admin"])
    set_setting(crm["tenant"], "books.deal_triggers", mode)
    deal = _deal(api, crm, stage="Negotiation/Review" if mode == "estimate" else "Closed Won")
    [document] = _documents(api, kind, deal["id"])
    assert api.post(f"/api/v1/books/{kind}/{document['id']}/actions/{by_hand}").status_code == 200
    api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "Closed Lost"})
    assert _documents(api, kind, deal["id"])[0]["status"] == "sent"


def test_b13_won_twice_makes_one_invoice_and_a_new_one_after_a_void(crm, api_for):
    api = api_for(crm["admin"])
    set_setting(crm["tenant"], "books.deal_triggers", "invoice")
    deal = _deal(api, crm, stage="Closed Won")
    for stage in ("Negotiation/Review", "Closed Won"):
        api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": stage})
    assert [d["status"] for d in _documents(api, "invoices", deal["id"])] == ["draft"]
    for stage in ("Closed Lost", "Closed Won"):
        api.patch(f"/api/v1/deals/{deal['id']}", json={"stage": stage})
    assert sorted(d["status"] for d in _documents(api, "invoices", deal["id"])) == ["draft", "void"]


def test_b13_a_deal_won_at_once_or_without_customer(crm, api_for):
    api = api_for(crm["admin"])
    set_setting(crm["tenant"], "books.deal_triggers", "estimate")
    won = _deal(api, crm, stage="Closed Won")
    assert [e["status"] for e in _documents(api, "estimates", won["id"])] == ["accepted"]
    alone = _deal(api, crm, account_id=None)
    assert _documents(api, "estimates", alone["id"]) == []  # no customer to make it for; the deal is saved


def test_b13_a_tenant_without_books_is_unaffected(make_tenant, make_user, api_for):
    from core.crm.models import Account
    tenant = make_tenant(apps=("invoice",))
    api = api_for(make_user(tenant))
    account = Account.create(tenant=tenant, name="Solo")
    deal = api.post("/api/v1/deals", json={"name": "Solo deal", "account_id": account.id, "stage": "Closed Won"})
    assert deal.status_code == 201
    from plugins.books.models import Estimate, Invoice
    assert Invoice.scoped(tenant).count() == 0 and Estimate.scoped(tenant).count() == 0


def test_b13_setup_finance_suite_switches_the_triggers(crm, client_for):
    web = client_for(crm["admin"])
    page = web.get("/setup/finance/").get_data(as_text=True)
    assert 'name="books.deal_triggers"' in page and "Deal-stage triggers" in page
    token = csrf_from(page)
    refused = web.post("/setup/finance/settings", data={"csrf_token": token, "books.deal_triggers": "always"})
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    assert web.post("/setup/finance/settings", data={"books.deal_triggers": "invoice"}).status_code == 400  # CSRF
    saved = web.post("/setup/finance/settings", data={"csrf_token": token, "books.deal_triggers": "invoice"})
    assert saved.status_code == 302 and setting(crm["tenant"], "books.deal_triggers") == "invoice"


def test_b13_only_admins_change_the_settings(crm, make_user, client_for):
    standard = client_for(make_user(crm["tenant"], profile="Standard"))
    assert standard.get("/setup/finance/").status_code == 403
    assert standard.post("/setup/finance/settings", data={"books.deal_triggers": "invoice"}).status_code in (400, 403)
    assert setting(crm["tenant"], "books.deal_triggers") == "off"


def test_b13_settings_of_apps_a_tenant_has_not_enabled_are_not_shown(make_tenant, make_user, client_for):
    tenant = make_tenant(apps=("invoice",))
    web = client_for(make_user(tenant))
    page = web.get("/setup/finance/").get_data(as_text=True)
    assert "books.deal_triggers" not in page and "Deal-stage triggers" not in page
    web.post("/setup/finance/settings", data={"csrf_token": csrf_from(page), "books.deal_triggers": "invoice"})
    assert setting(tenant, "books.deal_triggers") == "off"
