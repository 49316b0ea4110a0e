"""I1 on paper and by e-mail: Invoice-app documents print with the core's document PDF and are
e-mailed over a real SMTP server (aiosmtpd) by users holding ``invoice.email`` (403 without; Books'
e-mail permission does not stand in for it); the statement lists the Invoice app's invoices only."""
from __future__ import annotations

from decimal import Decimal

from core.models import EmailLog
from core.sync.worker import drain
from tests.books.printing_helpers import (  # noqa: F401  (fixtures)
    CUSTOMER, LINES, TENANT_NAME, attachments, contact_of, money, pdf_text, profile_without, shop, smtp,
)
from tests.invoice.conftest import invoice_finance_id, invoice_org


def create_doc(api, kind: str, app: str = "invoice", **fields) -> dict:
    body = {"date": "2026-11-28", "notes": "Payable à 30 jours.", "line_items": LINES, **fields}
    response = api.post(f"/api/v1/{app}/{kind}", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def send(api, kind, record_id, **body):
    return api.post(f"/api/v1/invoice/{kind}/{record_id}/email", json=body)


def numbered(registry, kind: str, record_id: int, number: str, app: str = "invoice", **values) -> None:
    """What the finance application would have set (a number, a status), written directly."""
    model = registry.modules[f"{app}/{kind}"].model
    model.update(number=number, **values).where(model.id == record_id).execute()


def test_i1_invoice_pdf_prints_number_customer_lines_and_totals(shop, api_for, registry):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id, due_date="2026-12-28", reference="PO-77")
    drain(registry)
    number = api.get(f"/api/v1/invoice/invoices/{doc['id']}").get_json()["number"]
    assert number.startswith("INV-")
    response = api.get(f"/api/v1/invoice/invoices/{doc['id']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f"attachment; filename={number}.pdf"
    [text] = pdf_text(response.data)
    for expected in ("Invoice", number, TENANT_NAME, "5970 Ærøskøbing", CUSTOMER, "90-001 Łódź", "Café crème €",
                     "Zoë’s façade, 2 coats", "Ærø widget", "Größe XL", "PO-77", "Payable à 30 jours.",
                     "Due date: Dec 28, 2026", "Bill to"):
        assert expected in text, expected
    for amount in ("53.97", "150.00", "209.97", "-6.00", "19.04", "223.01"):  # sub total before the discount
        assert money(Decimal(amount)) in text, amount


def test_i1_estimate_pdf_for_a_contact(shop, api_for, client_for):
    api = api_for(shop["admin"])
    doc = create_doc(api, "estimates", contact_id=contact_of(shop["account"]).id, expiry_date="2027-01-15")
    response = client_for(shop["admin"]).get(f"/m/invoice/estimates/{doc['id']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    [text] = pdf_text(response.data)
    assert "Estimate" in text and "Draft" in text and "Anna Wójcik" in text and "Expiry date: Jan 15, 2027" in text
    assert money(Decimal(doc["total"])) in text


def test_i1_invoice_emailed_with_pdf_and_the_invoice_statement_then_marked_sent(shop, api_for, registry, smtp):
    api = api_for(shop["admin"])
    tenant, account = shop["tenant"], shop["account"]
    older = create_doc(api, "invoices", account_id=account.id, date="2026-10-01")
    numbered(registry, "invoices", older["id"], "INV-000101", status="sent")
    books = create_doc(api, "invoices", app="books", account_id=account.id)  # the same customer in Books
    numbered(registry, "invoices", books["id"], "INV-000777", app="books", status="sent")
    doc = create_doc(api, "invoices", account_id=account.id)
    numbered(registry, "invoices", doc["id"], "INV-000102")
    response = send(api, "invoices", doc["id"], attach_statement=True)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["attachments"] == ["INV-000102.pdf", f"Statement {CUSTOMER}.pdf"]
    [received] = smtp.messages
    message = received["message"]
    assert message["To"] == "compta@lodz.example"
    assert message["Subject"] == f"Invoice INV-000102 from {TENANT_NAME}"
    body = message.get_body(("plain",)).get_content()
    assert f"Dear {CUSTOMER}" in body and "invoice INV-000102" in body and money(Decimal(doc["total"])) in body
    files = attachments(message)
    assert "INV-000102" in pdf_text(files["INV-000102.pdf"])[0]
    statement = pdf_text(files[f"Statement {CUSTOMER}.pdf"])[0]
    assert "INV-000101" in statement and "INV-000102" in statement
    assert "INV-000777" not in statement  # Books' invoice is not the Invoice app's
    assert money(Decimal(older["total"]) + Decimal(doc["total"])) in statement
    assert EmailLog.select().where((EmailLog.tenant == tenant) & (EmailLog.module == "invoice/invoices")).count() == 1
    assert api.get(f"/api/v1/invoice/invoices/{doc['id']}").get_json()["status"] == "sent"  # as the app does
    drain(registry)
    remote_id = invoice_finance_id(tenant, "invoice/invoices", doc["id"])
    assert invoice_org(tenant).get("invoices", remote_id)["status"] == "sent"


def test_i1_estimate_offers_only_the_pdf_and_is_marked_sent(shop, api_for, registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "estimates", account_id=shop["account"].id)
    refused = send(api, "estimates", doc["id"], to=["a@example.com"], attach_statement=True)
    assert refused.status_code == 422 and list(refused.get_json()["errors"]) == ["attach_statement"]
    assert send(api, "estimates", doc["id"], to=["a@example.com"]).status_code == 201
    [name] = attachments(smtp.messages[0]["message"])
    assert name == f"Estimate draft {doc['id']}.pdf"
    assert api.get(f"/api/v1/invoice/estimates/{doc['id']}").get_json()["status"] == "sent"


def test_i1_email_needs_the_invoice_permission(shop, make_user, api_for, client_for, smtp):
    tenant = shop["tenant"]
    doc = create_doc(api_for(shop["admin"]), "invoices", account_id=shop["account"].id)
    books_doc = create_doc(api_for(shop["admin"]), "invoices", app="books", account_id=shop["account"].id)
    clerk = make_user(tenant, profile=profile_without(tenant, "No Invoice e-mail", "invoice.email"))
    page = client_for(clerk).get(f"/m/invoice/invoices/{doc['id']}").get_data(as_text=True)
    assert 'data-doc="pdf"' in page and 'data-doc="email"' not in page
    assert client_for(clerk).get(f"/m/invoice/invoices/{doc['id']}/email").status_code == 403
    response = send(api_for(clerk), "invoices", doc["id"], to=["a@example.com"])
    assert response.status_code == 403 and "e-mail" in response.get_json()["error"]
    # Books' e-mail permission is still the clerk's: it sends Books documents, not Invoice's
    assert api_for(clerk).post(f"/api/v1/books/invoices/{books_doc['id']}/email",
                               json={"to": ["b@example.com"]}).status_code == 201
    invoice_only = make_user(tenant, profile=profile_without(tenant, "No Books e-mail", "books.email"))
    assert send(api_for(invoice_only), "invoices", doc["id"], to=["c@example.com"]).status_code == 201
    assert api_for(invoice_only).post(f"/api/v1/books/invoices/{books_doc['id']}/email",
                                      json={"to": ["d@example.com"]}).status_code == 403
    assert [m["rcpt"] for m in smtp.messages] == [["b@example.com"], ["c@example.com"]]


def test_i1_the_invoice_email_permission_is_offered_in_the_profile_editor(shop, client_for):
    html = client_for(shop["admin"]).get("/setup/profiles/new").get_data(as_text=True)
    assert 'value="invoice.email"' in html and "Send Invoice documents by e-mail" in html
