"""I1 through the ``zoho`` connector: with Invoice connected to ``finance-serve`` (the embedded
finance application in the shape of Zoho's APIs, Zoho Invoice's ``/invoice/v3`` over real HTTP),
invoices and estimates reach it with their customer, come back numbered, and their status
actions use its status endpoints."""
from __future__ import annotations

import pytest

from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS
from core.sync.connections import configure
from core.sync.worker import drain
from tests.invoice.conftest import create_doc, invoice_finance_id
from tests.live_server import serve
from tests.zoho_serve_fixtures import served


@pytest.fixture
def finserve_url():
    """``finance-serve`` on 127.0.0.1 over the finance database the CRM app already uses."""
    with serve(create_finance_server({"TESTING": True})) as url:
        yield url


def test_i1_invoice_and_estimate_through_zoho_invoice(crm, invoice_api, registry, finserve_url):
    tenant = crm["tenant"]
    org = f"{tenant.slug}-zoho-invoice"
    configure(tenant, "invoice", "zoho", org, {
        "api_base": finserve_url, "accounts_url": finserve_url, "client_id": DEFAULTS["CLIENT_ID"],
        "client_secret": DEFAULTS["CLIENT_SECRET"], "refresh_token": DEFAULTS["REFRESH_TOKEN"], "timeout": 5})
    invoice = create_doc(invoice_api, "invoices", account_id=crm["account"].id, due_date="2099-12-31")
    estimate = create_doc(invoice_api, "estimates", contact_id=crm["contact"].id, expiry_date="2099-12-31")
    drain(registry)
    finance = served(org)
    for kind, doc, party in (("invoices", invoice, ("accounts", crm["account"].id)),
                             ("estimates", estimate, ("contacts", crm["contact"].id))):
        seen = invoice_api.get(f"/api/v1/invoice/{kind}/{doc['id']}").get_json()
        assert seen["sync_status"] == "synced" and seen["number"], seen.get("sync_error")
        remote = finance.get(kind, seen["finance_id"])
        assert remote["total"] == "100.00" and remote["customer_id"] == invoice_finance_id(tenant, *party)
    assert invoice_api.post(f"/api/v1/invoice/invoices/{invoice['id']}/actions/mark_sent").status_code == 200
    # Zoho marks only a sent estimate as accepted ("Mark a sent estimate as accepted")
    assert invoice_api.post(f"/api/v1/invoice/estimates/{estimate['id']}/actions/mark_sent").status_code == 200
    assert invoice_api.post(f"/api/v1/invoice/estimates/{estimate['id']}/actions/mark_accepted").status_code == 200
    drain(registry)
    assert finance.get("invoices", invoice_finance_id(tenant, "invoice/invoices", invoice["id"]))["status"] == "sent"
    accepted = invoice_api.get(f"/api/v1/invoice/estimates/{estimate['id']}").get_json()
    assert (accepted["status"], accepted["sync_status"]) == ("accepted", "synced")
    assert finance.get("estimates", accepted["finance_id"])["status"] == "accepted"
