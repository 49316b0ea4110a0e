"""I1 through the API: Invoice-app invoices and estimates made in the CRM, validated field by
field, synced at once to the Invoice organisation (``<slug>-invoice``, never the Books one) with
their customer and products first (Y5), answering with the Invoice application's number."""
from __future__ import annotations

import pytest

from core.sync.worker import drain
from tests.invoice.conftest import books_org, create_doc, invoice_finance_id, invoice_org

DUE = {"invoices": "due_date", "estimates": "expiry_date"}


def _lines(crm):
    return [{"product_id": crm["product"].id, "quantity": "3"},
            {"description": "Installation on site", "quantity": "1.5", "rate": "80.00", "discount_percent": "10",
             "tax_percent": "20"}]


@pytest.mark.parametrize("kind", sorted(DUE))
def test_i1_create_and_sync_to_the_invoice_organisation_not_books(kind, crm, invoice_api, registry):
    tenant = crm["tenant"]
    body = {"account_id": crm["account"].id, "date": "2026-11-20", DUE[kind]: "2026-12-20", "reference": "PO-9",
            "notes": "Merci", "line_items": _lines(crm)}
    created = invoice_api.post(f"/api/v1/invoice/{kind}", json=body)
    assert created.status_code == 201, created.get_json()
    doc = created.get_json()
    # Widget 3 x 10.00 = 30.00; 1.5 x 80.00 = 120.00 less 10 % = 108.00, tax 20 % = 21.60
    assert (doc["sub_total"], doc["discount_total"], doc["tax_total"], doc["total"]) == (
        "138.00", "12.00", "21.60", "159.60")
    assert (doc["status"], doc["number"], doc["sync_status"]) == ("draft", "", "pending")
    assert [line["name"] for line in doc["line_items"]] == ["Widget", "Installation on site"]
    drain(registry)
    synced = invoice_api.get(f"/api/v1/invoice/{kind}/{doc['id']}").get_json()
    prefix = {"invoices": "INV-", "estimates": "EST-"}[kind]
    assert synced["number"].startswith(prefix) and synced["sync_status"] == "synced", synced
    org = invoice_org(tenant)
    assert org.org == f"{tenant.slug}-invoice"
    remote = org.get(kind, synced["finance_id"])
    assert (remote["total"], remote["reference_number"], remote[DUE[kind]]) == ("159.60", "PO-9", "2026-12-20")
    assert remote["customer_id"] == invoice_finance_id(tenant, "accounts", crm["account"].id)  # Y5
    assert org.get("contacts", remote["customer_id"])["contact_name"] == "Acme Corp"
    assert remote["line_items"][0]["item_id"] == invoice_finance_id(tenant, "products", crm["product"].id)
    assert list(books_org(tenant).list_changed(kind, None)) == []  # nothing reached Books
    assert list(books_org(tenant).list_changed("contacts", None)) == []
    assert invoice_api.get(f"/api/v1/books/{kind}").get_json()["total"] == 0  # nor Books' lists


def test_i1_a_contact_can_be_the_customer(crm, invoice_api, registry):
    doc = create_doc(invoice_api, "invoices", contact_id=crm["contact"].id)
    drain(registry)
    tenant = crm["tenant"]
    remote = invoice_org(tenant).get("invoices", invoice_finance_id(tenant, "invoice/invoices", doc["id"]))
    assert remote["customer_id"] == invoice_finance_id(tenant, "contacts", crm["contact"].id)


@pytest.mark.parametrize("kind", sorted(DUE))
@pytest.mark.parametrize("body, field", [
    ({"line_items": [{"description": "x", "quantity": "1", "rate": "1"}]}, "account_id"),
    ({"account_id": "A", "line_items": []}, "line_items"),
    ({"account_id": "A", "line_items": [{"description": "x", "quantity": "1", "rate": "-5"}]}, "line_items.0.rate"),
    ({"account_id": "A", "line_items": [{"description": "x", "quantity": "0", "rate": "5"}]}, "line_items.0.quantity"),
    ({"account_id": "A", "line_items": [{"product_id": 999999, "quantity": "1"}]}, "line_items.0.product_id"),
    ({"account_id": 999999, "line_items": [{"description": "x", "quantity": "1", "rate": "1"}]}, "account_id"),
    ({"account_id": "A", "date": "30/11/2026", "line_items": [{"description": "x", "quantity": "1", "rate": "1"}]},
     "date"),
])
def test_i1_bad_input_is_422_naming_the_field(kind, body, field, crm, invoice_api):
    body = {k: (crm["account"].id if v == "A" else v) for k, v in body.items()}
    response = invoice_api.post(f"/api/v1/invoice/{kind}", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"], response.get_json()
    assert invoice_api.get(f"/api/v1/invoice/{kind}").get_json()["total"] == 0  # nothing saved


def test_i1_editing_a_draft_resyncs_and_a_sent_invoice_is_locked(crm, make_doc, invoice_api, registry):
    tenant = crm["tenant"]
    doc = make_doc("invoices", due_date="2099-12-31")
    drain(registry)
    changed = invoice_api.patch(f"/api/v1/invoice/invoices/{doc['id']}", json={"line_items": [
        {"description": "Only this", "quantity": "2", "rate": "12.35"}]}).get_json()
    assert changed["total"] == "24.70"
    drain(registry)
    assert invoice_org(tenant).get("invoices", changed["finance_id"])["total"] == "24.70"
    assert invoice_api.post(f"/api/v1/invoice/invoices/{doc['id']}/actions/mark_sent").status_code == 200
    refused = invoice_api.patch(f"/api/v1/invoice/invoices/{doc['id']}", json={"notes": "late change"})
    assert refused.status_code == 409 and "only drafts" in refused.get_json()["error"].lower()
    assert invoice_api.delete(f"/api/v1/invoice/invoices/{doc['id']}").status_code == 409


def test_i1_invoice_tab_lists_invoices_and_estimates(crm, client_for, make_doc):
    doc = make_doc("invoices")
    web = client_for(crm["admin"])
    page = web.get("/tab/invoice").get_data(as_text=True)
    assert "Invoices" in page and "Estimates" in page and "not installed" not in page
    listing = web.get("/m/invoice/invoices/").get_data(as_text=True)
    assert f'/m/invoice/invoices/{doc["id"]}"' in listing and f"Invoice (draft #{doc['id']})" in listing
    assert web.get("/m/invoice/estimates/?status=draft&sort=-total").status_code == 200


def test_i1_modules_are_listed_by_the_api(crm, invoice_api):
    modules = {m["name"] for m in invoice_api.get("/api/v1/modules").get_json()}
    assert {"invoice/invoices", "invoice/estimates"} <= modules


def test_i1_demo_data_has_invoice_documents_synced_and_sent(make_tenant, make_user, registry, api_for):
    """The demo's Invoice documents reach the Invoice organisation with numbers; one invoice and
    one estimate sent; a tenant without Invoice gets none."""
    from core.demo import load_demo, sync_demo
    from plugins.invoice.models import Invoice
    tenant = make_tenant()
    admin = make_user(tenant)
    load_demo(registry, tenant, [admin, make_user(tenant, profile="Standard")])
    sync_demo(registry, tenant)
    api = api_for(admin)
    for kind in ("invoices", "estimates"):
        listed = api.get(f"/api/v1/invoice/{kind}?per_page=100").get_json()
        assert listed["total"] == 4
        assert all(d["number"] and d["sync_status"] == "synced" and d["line_items"] for d in listed["data"])
        [sent] = api.get(f"/api/v1/invoice/{kind}?status=sent").get_json()["data"]
        assert invoice_org(tenant).get(kind, sent["finance_id"])["status"] == "sent"
    without = make_tenant(apps=("books",))
    load_demo(registry, without, [make_user(without)])
    assert Invoice.scoped(without).count() == 0
