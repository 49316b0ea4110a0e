"""B15: the e-mail log. Every message sent from a record (to, cc, subject, attachments, sent or
failed with the reason, by whom, when) on the record's page and in Setup > E-mail log, with a
Resend that sends it again over SMTP (a real aiosmtpd server on localhost) as a new entry."""
from __future__ import annotations

import html
import re

from core.models import AuditLog, EmailLog
from core.testing import csrf_from
from tests.books.printing_helpers import (  # noqa: F401  (fixtures)
    attachments, create_doc, mail_server_down, profile_without, set_fields, shop, smtp,
)


def send(api, record_id, **body):
    return api.post(f"/api/v1/books/invoices/{record_id}/email", json=body)


def log_of(tenant, record_id=None) -> list[EmailLog]:
    query = EmailLog.select().where(EmailLog.tenant == tenant)
    if record_id is not None:
        query = query.where((EmailLog.module == "books/invoices") & (EmailLog.record_id == record_id))
    return list(query.order_by(EmailLog.id))


def panel(page_html: str) -> str:
    """The text of the record page's E-mails panel."""
    match = re.search(r'<section class="panel" id="sent-emails">(.*?)</section>', page_html, re.S)
    assert match, "no E-mails panel"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


def resend(web, entry_id, back):
    token = csrf_from(web.get(back).get_data(as_text=True))
    return web.post(f"/emails/{entry_id}/resend", data={"csrf_token": token, "next": back})


def test_b15_sent_and_failed_emails_on_the_record_page_with_the_reason(shop, api_for, client_for, app, registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    set_fields(registry, "invoices", doc["id"], number="INV-000021")
    detail = f"/m/books/invoices/{doc['id']}"
    web = client_for(shop["admin"])
    assert "No e-mail sent from this invoice yet." in panel(web.get(detail).get_data(as_text=True))
    assert send(api, doc["id"], to=["anna@lodz.example"], cc=["boss@lodz.example"], subject="Facture A").status_code == 201
    with mail_server_down(app):
        failed = send(api, doc["id"], to=["anna@lodz.example"], subject="Facture B")
    assert failed.status_code == 502
    text = panel(web.get(detail).get_data(as_text=True))
    assert "Facture A" in text and "Facture B" in text and "Failed" in text and "Sent" in text
    assert "anna@lodz.example" in text and "Cc boss@lodz.example" in text and "INV-000021.pdf" in text
    assert shop["admin"].name in text
    reason = re.search(r"Could not send the e-mail through 127\.0\.0\.1:\d+: Connection refused\.", text)
    assert reason, text
    assert "Errno" not in text and "Traceback" not in text
    assert text.index("Facture B") < text.index("Facture A")       # newest first
    sent, tried = log_of(shop["tenant"], doc["id"])
    assert (sent.status, tried.status, tried.error) == ("sent", "failed", reason.group(0))
    assert sent.message_id == smtp.messages[0]["message"]["Message-ID"]


def test_b15_resend_from_the_record_page_is_a_new_message_and_entry(shop, api_for, client_for, registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    set_fields(registry, "invoices", doc["id"], number="INV-000022")
    assert send(api, doc["id"], to=["anna@lodz.example"], cc=["boss@lodz.example"], subject="Votre facture",
                body="Bonjour,\nci-joint.", attach_statement=True).status_code == 201
    [first] = log_of(shop["tenant"], doc["id"])
    detail = f"/m/books/invoices/{doc['id']}"
    web = client_for(shop["admin"])
    assert f'data-resend="{first.id}"' in web.get(detail).get_data(as_text=True)
    answer = resend(web, first.id, detail)
    assert answer.status_code == 302 and answer.headers["Location"].endswith(detail)
    assert len(smtp.messages) == 2
    again, original = smtp.messages[1]["message"], smtp.messages[0]["message"]
    assert sorted(smtp.messages[1]["rcpt"]) == ["anna@lodz.example", "boss@lodz.example"]
    assert (again["Subject"], again["Cc"]) == ("Votre facture", "boss@lodz.example")
    assert again.get_body(("plain",)).get_content() == original.get_body(("plain",)).get_content()
    assert set(attachments(again)) == set(attachments(original)) == {"INV-000022.pdf", "Statement Société Łódź Ğıda.pdf"}
    assert again["Message-ID"] != original["Message-ID"]
    first_again, second = log_of(shop["tenant"], doc["id"])
    assert (second.resent_from, second.status, second.user_id) == (first.id, "sent", shop["admin"].id)
    page = web.get(detail).get_data(as_text=True)
    assert "E-mail sent again to anna@lodz.example, boss@lodz.example." in page
    assert "Sent again" in panel(page)
    audits = AuditLog.select().where((AuditLog.tenant == shop["tenant"]) & (AuditLog.record_id == doc["id"])
                                     & (AuditLog.action == "email"))
    assert audits.count() == 2


def test_b15_a_failed_email_resent_once_the_server_is_back_marks_the_draft_sent(shop, api_for, client_for, app,
                                                                                 registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    detail = f"/m/books/invoices/{doc['id']}"
    web = client_for(shop["admin"])
    with mail_server_down(app):
        assert send(api, doc["id"], to=["anna@lodz.example"]).status_code == 502
        [failed] = log_of(shop["tenant"], doc["id"])
        again = resend(web, failed.id, detail)          # still down: said in a sentence, logged again
        assert again.status_code == 302
        page = web.get(detail).get_data(as_text=True)
        assert "The e-mail was not sent again. Could not send the e-mail through 127.0.0.1:" in html.unescape(page)
    assert registry.modules["books/invoices"].model.get_by_id(doc["id"]).status == "draft"
    assert smtp.messages == []
    assert resend(web, failed.id, detail).status_code == 302
    assert len(smtp.messages) == 1
    assert [e.status for e in log_of(shop["tenant"], doc["id"])] == ["failed", "failed", "sent"]
    assert registry.modules["books/invoices"].model.get_by_id(doc["id"]).status == "sent"   # as a first send


def test_b15_p2_resend_needs_the_email_permission_csrf_and_the_tenant(shop, make_tenant, make_user, api_for,
                                                                     client_for, app, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    assert send(api, doc["id"], to=["anna@lodz.example"]).status_code == 201
    [entry] = log_of(shop["tenant"])
    detail = f"/m/books/invoices/{doc['id']}"
    clerk = make_user(shop["tenant"], profile=profile_without(shop["tenant"], "No e-mail", "books.email"))
    clerk_web = client_for(clerk)
    page = clerk_web.get(detail).get_data(as_text=True)
    assert "anna@lodz.example" in panel(page) and "data-resend" not in page   # sees the log, no Resend
    token = csrf_from(page)
    assert clerk_web.post(f"/emails/{entry.id}/resend", data={"csrf_token": token}).status_code == 403
    assert api_for(clerk).post(f"/api/v1/emails/{entry.id}/resend").status_code == 403
    stranger = make_user(make_tenant())
    stranger_web = client_for(stranger)
    token = csrf_from(stranger_web.get("/setup/email-log").get_data(as_text=True))
    assert stranger_web.post(f"/emails/{entry.id}/resend", data={"csrf_token": token}).status_code == 404
    assert api_for(stranger).post(f"/api/v1/emails/{entry.id}/resend").status_code == 404
    assert client_for(shop["admin"]).post(f"/emails/{entry.id}/resend").status_code == 400   # no CSRF token
    assert len(smtp.messages) == 1 and len(log_of(shop["tenant"])) == 1


def test_b15_setup_email_log_newest_first_paged_filtered_and_admins_only(shop, make_tenant, make_user, api_for,
                                                                         client_for, app, registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    set_fields(registry, "invoices", doc["id"], number="INV-000023")
    for n in range(1, 28):
        assert send(api, doc["id"], to=["anna@lodz.example"], subject=f"Message {n:02d}",
                    attach_pdf=False).status_code == 201
    with mail_server_down(app):
        assert send(api, doc["id"], to=["anna@lodz.example"], subject="Message 28").status_code == 502
    web = client_for(shop["admin"])
    first = web.get("/setup/email-log")
    assert first.status_code == 200
    text = html.unescape(first.get_data(as_text=True))
    subjects = re.findall(r"Message \d\d", text)
    assert subjects == [f"Message {n:02d}" for n in range(28, 3, -1)]        # 25 a page, newest first
    assert "1–25 of 28" in text and "INV-000023" in text and f'href="/m/books/invoices/{doc["id"]}"' in text
    assert "Connection refused." in text and text.count('data-resend="') == 25
    second = html.unescape(web.get("/setup/email-log?page=2").get_data(as_text=True))
    assert re.findall(r"Message \d\d", second) == ["Message 03", "Message 02", "Message 01"]
    failed = html.unescape(web.get("/setup/email-log?status=failed").get_data(as_text=True))
    assert re.findall(r"Message \d\d", failed) == ["Message 28"]
    bad = web.get("/setup/email-log?page=abc")
    assert bad.status_code == 400 and "page" in bad.get_data(as_text=True)
    assert web.get("/setup/email-log?per_page=7").status_code == 400
    assert "Every e-mail sent from a record" in web.get("/setup/").get_data(as_text=True)
    stranger = html.unescape(client_for(make_user(make_tenant())).get("/setup/email-log").get_data(as_text=True))
    assert "No e-mail sent yet." in stranger and "Message 0" not in stranger     # another organisation's admin
    clerk = client_for(make_user(shop["tenant"], profile="Standard"))
    assert clerk.get("/setup/email-log").status_code == 403


def test_b15_api_record_emails_organisation_log_and_resend(shop, make_tenant, make_user, api_for, app, registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    sent = send(api, doc["id"], to=["anna@lodz.example"], subject="Invoice 24").get_json()
    assert (sent["status"], sent["error"], sent["resent_from"]) == ("sent", None, None)
    with mail_server_down(app):
        failed = api.post(f"/api/v1/emails/{sent['id']}/resend")
    assert failed.status_code == 502 and "Connection refused." in failed.get_json()["error"]
    record_log = api.get(f"/api/v1/books/invoices/{doc['id']}/emails").get_json()
    assert [(e["status"], e["resent_from"]) for e in record_log["data"]] == [("failed", sent["id"]), ("sent", None)]
    assert record_log["data"][0]["error"].startswith("Could not send the e-mail through 127.0.0.1:")
    again = api.post(f"/api/v1/emails/{sent['id']}/resend")
    assert again.status_code == 201 and again.get_json()["resent_from"] == sent["id"]
    assert [m["message"]["Subject"] for m in smtp.messages] == ["Invoice 24", "Invoice 24"]
    log = api.get("/api/v1/emails?per_page=2").get_json()
    assert (log["total"], log["has_more"], [e["id"] for e in log["data"]]) == (3, True, [again.get_json()["id"],
                                                                                       record_log["data"][0]["id"]])
    assert api.get("/api/v1/emails?status=failed").get_json()["total"] == 1
    assert api.get("/api/v1/emails?status=lost").get_json() == {"errors": {"status": ["Must be one of: sent, failed."]}}
    clerk = api_for(make_user(shop["tenant"], profile="Standard"))
    assert clerk.get("/api/v1/emails").status_code == 403
    assert clerk.get(f"/api/v1/books/invoices/{doc['id']}/emails").get_json()["total"] == 3   # may view the record
    stranger = api_for(make_user(make_tenant()))
    assert stranger.get("/api/v1/emails").get_json()["total"] == 0
    assert stranger.get(f"/api/v1/books/invoices/{doc['id']}/emails").status_code == 404
    assert api.get(f"/api/v1/accounts/{shop['account'].id}/emails").status_code == 404   # no e-mail template


def test_b15_what_cannot_be_resent_says_why(shop, api_for, client_for, registry, smtp):
    """An entry from before the text was kept, or whose record was deleted: a sentence, nothing sent."""
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    legacy = EmailLog.create(tenant=shop["tenant"], module="books/invoices", record_id=doc["id"], user=shop["admin"],
                             to="anna@lodz.example", subject="Old", attachments="[]")
    answer = api.post(f"/api/v1/emails/{legacy.id}/resend")
    assert answer.status_code == 409 and "before its text was kept" in answer.get_json()["error"]
    web = client_for(shop["admin"])
    assert f'data-resend="{legacy.id}"' not in web.get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    assert send(api, doc["id"], to=["anna@lodz.example"]).status_code == 201
    entry = log_of(shop["tenant"], doc["id"])[-1]
    registry.modules["books/invoices"].model.delete().where(
        registry.modules["books/invoices"].model.id == doc["id"]).execute()
    assert api.post(f"/api/v1/emails/{entry.id}/resend").status_code == 404
    page = web.get("/setup/email-log").get_data(as_text=True)
    assert "(deleted)" in page and f'data-resend="{entry.id}"' not in page
    response = resend(web, entry.id, "/setup/email-log")
    assert response.status_code == 302
    assert "The invoice of this e-mail no longer exists." in web.get("/setup/email-log").get_data(as_text=True)
    assert len(smtp.messages) == 1


def test_b15_an_older_database_gains_the_email_log_columns_its_rows_kept_as_sent(registry, tenant):
    """``core 0010``: a database made before the e-mail log kept failures gains its columns and
    index; the e-mails already logged read as sent, not resendable (their text was not kept)."""
    from playhouse.migrate import SchemaMigrator, migrate

    from core.db import db
    from core.migrations import migrate as apply_migrations
    from core.models import SchemaMigration
    table, added = EmailLog._meta.table_name, ("status", "error", "body", "options", "message_id", "resent_from")
    migrator = SchemaMigrator.from_database(db.obj)
    migrate(migrator.drop_index(table, f"{table}_tenant_id_sent_at"), *[migrator.drop_column(table, c) for c in added])
    SchemaMigration.delete().where((SchemaMigration.app == "core")
                                   & (SchemaMigration.name == "0010_email_log_status")).execute()
    p = db.obj.param
    db.execute_sql(f"INSERT INTO {table} (tenant_id, module, record_id, to_addresses, cc_addresses, subject, "
                   f"attachments, sent_at) VALUES ({p}, 'books/invoices', 7, 'a@example.com', '', 'Old', '[]', {p})",
                   (tenant.id, "2026-01-02 03:04:05"))
    assert "core.0010_email_log_status" in apply_migrations(registry)
    assert set(added) <= {c.name for c in db.get_columns(table)}
    assert f"{table}_tenant_id_sent_at" in {i.name for i in db.get_indexes(table)}
    [old] = log_of(tenant)
    assert (old.status, old.error, old.body, old.option_keys, old.subject) == ("sent", "", None, None, "Old")
