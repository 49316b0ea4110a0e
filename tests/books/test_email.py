"""B7, P2: Books documents sent by e-mail to a real SMTP server on localhost (aiosmtpd), with the
attachments each document type offers; checked recipients and subject; the Email permission."""
from __future__ import annotations

from decimal import Decimal

from core.models import AuditLog, EmailLog
from core.testing import csrf_from
from tests.books.printing_helpers import (  # noqa: F401  (fixtures)
    CUSTOMER, TENANT_NAME, attachments, contact_of, create_doc, money, no_smtp, pdf_text, profile_without,
    remember_balance, set_fields, shop, smtp,
)


def send(api, kind, record_id, **body):
    return api.post(f"/api/v1/books/{kind}/{record_id}/email", json=body)


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def logged(tenant, kind, record_id) -> list[EmailLog]:
    return list(EmailLog.select().where((EmailLog.tenant == tenant) & (EmailLog.module == f"books/{kind}")
                                        & (EmailLog.record_id == record_id)))


def audited(tenant, kind, record_id) -> list[AuditLog]:
    return list(AuditLog.select().where((AuditLog.tenant == tenant) & (AuditLog.module == f"books/{kind}")
                                        & (AuditLog.record_id == record_id) & (AuditLog.action == "email")))


def status_of(registry, kind, record_id) -> str:
    return registry.modules[f"books/{kind}"].model.get_by_id(record_id).status


def test_b7_invoice_by_api_with_pdf_and_customer_statement(shop, api_for, registry, smtp):
    api = api_for(shop["admin"])
    tenant, account = shop["tenant"], shop["account"]
    older = create_doc(api, "invoices", account_id=account.id, date="2026-10-01")
    set_fields(registry, "invoices", older["id"], number="INV-000007", status="partially_paid")
    remember_balance(tenant, older["id"], "100.00")           # the finance application's balance
    void = create_doc(api, "invoices", account_id=account.id)
    set_fields(registry, "invoices", void["id"], number="INV-000008", status="void")
    doc = create_doc(api, "invoices", account_id=account.id)
    set_fields(registry, "invoices", doc["id"], number="INV-000009")
    response = send(api, "invoices", doc["id"], to=["anna@lodz.example"], cc=["boss@lodz.example"],
                    subject="Invoice INV-000009 – Łódź", body="Dzień dobry,\nzałączamy fakturę.",
                    attach_pdf=True, attach_statement=True)
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["to"] == ["anna@lodz.example"] and answer["cc"] == ["boss@lodz.example"]
    assert answer["attachments"] == ["INV-000009.pdf", f"Statement {CUSTOMER}.pdf"]
    [received] = smtp.messages
    message = received["message"]
    assert sorted(received["rcpt"]) == ["anna@lodz.example", "boss@lodz.example"]
    assert (message["To"], message["Cc"]) == ("anna@lodz.example", "boss@lodz.example")
    assert message["Subject"] == "Invoice INV-000009 – Łódź" and "Bcc" not in message
    assert message["From"] == "books@finsuite.example" and message["Reply-To"] == shop["admin"].email
    assert body_of(message) == "Dzień dobry,\nzałączamy fakturę.\n"
    files = attachments(message)
    assert set(files) == {"INV-000009.pdf", f"Statement {CUSTOMER}.pdf"}
    assert "INV-000009" in pdf_text(files["INV-000009.pdf"])[0]
    statement = pdf_text(files[f"Statement {CUSTOMER}.pdf"])[0]
    assert CUSTOMER in statement and "INV-000007" in statement and "INV-000009" in statement
    assert "INV-000008" not in statement                           # void: left out
    total_older, total_new = Decimal(older["total"]), Decimal(doc["total"])
    assert money(total_older - Decimal("100.00")) in statement      # paid, from the finance balance
    assert money(Decimal("100.00") + total_new) in statement        # the total balance due
    [entry] = logged(tenant, "invoices", doc["id"])
    assert entry.user_id == shop["admin"].id and entry.subject == "Invoice INV-000009 – Łódź"
    assert len(audited(tenant, "invoices", doc["id"])) == 1


def test_b7_defaults_come_from_the_template(shop, api_for, registry, smtp):
    """No fields given: the customer's address, the template's subject and body, and the options'
    defaults (the PDF, no statement). A contact's address wins over the account's."""
    api = api_for(shop["admin"])
    contact = contact_of(shop["account"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id, contact_id=contact.id)
    set_fields(registry, "invoices", doc["id"], number="INV-000010")
    assert send(api, "invoices", doc["id"]).status_code == 201
    message = smtp.messages[0]["message"]
    assert message["To"] == "anna@lodz.example"
    assert message["Subject"] == f"Invoice INV-000010 from {TENANT_NAME}"
    body = body_of(message)
    assert "Dear Anna Wójcik" in body and "INV-000010" in body and money(Decimal(doc["total"])) in body
    assert list(attachments(message)) == ["INV-000010.pdf"]


def test_b7_estimate_offers_only_the_pdf(shop, api_for, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "estimates", account_id=shop["account"].id)
    refused = send(api, "estimates", doc["id"], to=["a@example.com"], attach_statement=True)
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["attach_statement"]
    assert smtp.messages == []
    assert send(api, "estimates", doc["id"], to=["a@example.com"], attach_pdf=True).status_code == 201
    [name] = attachments(smtp.messages[0]["message"])
    assert name.endswith(".pdf") and "Estimate" in pdf_text(attachments(smtp.messages[0]["message"])[name])[0]


def test_b7_orders_offer_no_attachment(shop, api_for, smtp):
    api = api_for(shop["admin"])
    order = create_doc(api, "salesorders", account_id=shop["account"].id)
    purchase = create_doc(api, "purchaseorders", vendor_id=shop["vendor"].id)
    for kind, doc in (("salesorders", order), ("purchaseorders", purchase)):
        refused = send(api, kind, doc["id"], to=["a@example.com"], attach_pdf=True)
        assert refused.status_code == 422 and "attach_pdf" in refused.get_json()["errors"]
    assert smtp.messages == []
    assert send(api, "purchaseorders", purchase["id"], attach_pdf=False).status_code == 201
    message = smtp.messages[0]["message"]
    assert message["To"] == "orders@zoe.example"                 # the vendor's address by default
    assert list(message.iter_attachments()) == []


def test_p2_header_injection_and_bad_recipients_are_refused(shop, api_for, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    cases = [
        ({"subject": "Hi\r\nBcc: x@evil.example"}, "subject"), ({"subject": "Hi\nBcc: x@evil.example"}, "subject"),
        ({"to": ["a@example.com\r\nBcc: x@evil.example"]}, "to"), ({"to": ["a@example.com", "not an address"]}, "to"),
        ({"cc": ["x@evil.example\nSubject: spoof"]}, "cc"), ({"to": []}, "to"), ({"to": "a@example.com"}, None),
        ({"to": ["<x@evil.example>"]}, "to"), ({"subject": ""}, "subject"), ({"to": [42]}, "to"),
        ({"attach_pdf": "yes"}, "attach_pdf"), ({"attach_everything": True}, "attach_everything"),
    ]
    for body, field in cases:
        response = send(api, "invoices", doc["id"], **({"to": ["ok@example.com"]} | body))
        if field is None:
            assert response.status_code == 201   # a single address as a string is accepted
            continue
        assert response.status_code == 422, body
        assert field in response.get_json()["errors"], (body, response.get_json())
    assert len(smtp.messages) == 1 and "evil" not in str(smtp.messages[0]["message"])
    assert len(logged(shop["tenant"], "invoices", doc["id"])) == 1


def test_p2_without_the_email_permission_no_button_and_403(shop, make_user, api_for, client_for, smtp):
    doc = create_doc(api_for(shop["admin"]), "invoices", account_id=shop["account"].id)
    clerk = make_user(shop["tenant"], profile=profile_without(shop["tenant"], "No e-mail", "books.email"))
    page = client_for(clerk).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    assert 'data-doc="pdf"' in page and 'data-doc="email"' not in page
    assert client_for(clerk).get(f"/m/books/invoices/{doc['id']}/email").status_code == 403
    response = send(api_for(clerk), "invoices", doc["id"], to=["a@example.com"])
    assert response.status_code == 403 and "e-mail" in response.get_json()["error"]
    reader = make_user(shop["tenant"], profile="Read only")
    assert send(api_for(reader), "invoices", doc["id"], to=["a@example.com"]).status_code == 403
    assert smtp.messages == []
    admin_page = client_for(shop["admin"]).get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    assert 'data-doc="email"' in admin_page


def test_b7_modules_without_an_email_template_and_other_tenants(shop, make_tenant, make_user, api_for, smtp):
    api = api_for(shop["admin"])
    assert api.post(f"/api/v1/accounts/{shop['account'].id}/email", json={}).status_code == 404
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    stranger = make_user(make_tenant())
    assert send(api_for(stranger), "invoices", doc["id"], to=["a@example.com"]).status_code == 404
    assert smtp.messages == []


def test_b7_b15_smtp_failure_shows_the_error_and_only_logs_it(shop, api_for, client_for, registry, no_smtp):
    """Nothing sent: no audit entry, the draft stays a draft; the e-mail log keeps each failed try
    with the reason in a sentence (B15)."""
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    response = send(api, "invoices", doc["id"], to=["a@example.com"])
    assert response.status_code == 502
    assert "Could not send the e-mail" in response.get_json()["error"]
    web = client_for(shop["admin"])
    url = f"/m/books/invoices/{doc['id']}/email"
    token = csrf_from(web.get(url).get_data(as_text=True))
    page = web.post(url, data={"csrf_token": token, "to": "a@example.com", "subject": "Hello", "body": "x"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="send-error"' in html and "Could not send the e-mail" in html and 'value="Hello"' in html
    assert audited(shop["tenant"], "invoices", doc["id"]) == []
    assert status_of(registry, "invoices", doc["id"]) == "draft"
    tries = logged(shop["tenant"], "invoices", doc["id"])
    assert [entry.status for entry in tries] == ["failed", "failed"]
    assert tries[1].error.startswith("Could not send the e-mail through 127.0.0.1:")
    assert tries[1].error.endswith(": Connection refused.") and "Errno" not in tries[1].error


def test_b7_web_dialog_prefilled_sends_and_lists_the_email(shop, api_for, client_for, registry, smtp):
    doc = create_doc(api_for(shop["admin"]), "invoices", account_id=shop["account"].id)
    set_fields(registry, "invoices", doc["id"], number="INV-000011")
    web = client_for(shop["admin"])
    detail = f"/m/books/invoices/{doc['id']}"
    url = f"{detail}/email"
    assert f'href="{url}"' in web.get(detail).get_data(as_text=True)
    form = web.get(url).get_data(as_text=True)
    assert 'value="compta@lodz.example"' in form
    assert f'value="Invoice INV-000011 from {TENANT_NAME}"' in form
    assert 'name="attach_pdf" value="true" checked' in form and 'name="attach_statement" value="true">' in form
    token = csrf_from(form)
    bad = web.post(url, data={"csrf_token": token, "to": "compta@lodz.example", "subject": "Hi\r\nBcc: x@evil.example",
                              "body": "b"})
    assert bad.status_code == 422 and 'id="error-subject"' in bad.get_data(as_text=True)
    sent = web.post(url, data={"csrf_token": token, "to": "compta@lodz.example, anna@lodz.example",
                               "cc": "boss@lodz.example", "subject": "Votre facture", "body": "Bonjour",
                               "attach_pdf": "true"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(detail)
    [received] = smtp.messages
    message = received["message"]
    assert message["To"] == "compta@lodz.example, anna@lodz.example" and message["Cc"] == "boss@lodz.example"
    assert message["Subject"] == "Votre facture" and list(attachments(message)) == ["INV-000011.pdf"]
    page = web.get(detail).get_data(as_text=True)
    assert 'id="sent-emails"' in page and "Votre facture" in page and "INV-000011.pdf" in page


def test_b7_a_sent_email_marks_a_draft_invoice_or_estimate_sent(shop, api_for, registry, smtp):
    """As the finance application does; orders keep their status (needs Books' mark_sent action)."""
    api = api_for(shop["admin"])
    invoice = create_doc(api, "invoices", account_id=shop["account"].id)
    estimate = create_doc(api, "estimates", account_id=shop["account"].id)
    order = create_doc(api, "salesorders", account_id=shop["account"].id)
    for kind, doc in (("invoices", invoice), ("estimates", estimate), ("salesorders", order)):
        assert send(api, kind, doc["id"], to=["a@example.com"]).status_code == 201
    assert status_of(registry, "invoices", invoice["id"]) == "sent"
    assert status_of(registry, "estimates", estimate["id"]) == "sent"
    assert status_of(registry, "salesorders", order["id"]) == "draft"
    assert len(smtp.messages) == 3
