"""B7, B15 in a real browser: an invoice sent by e-mail while the mail server is down says why in a
sentence and the record's E-mails panel shows the failure; once the server is back, Resend on
the record's page sends it; Setup > E-mail log lists both, newest first, and its Resend sends a
second message to the SMTP server (aiosmtpd on localhost)."""
from __future__ import annotations

import pytest

from core.crm.models import Account
from tests.books.printing_helpers import attachments, create_doc, mail_server_down, set_fields, smtp  # noqa: F401
from tests.browser.helpers import wait_for
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser


def test_b7_b15_email_failed_then_resent_from_the_record_and_from_setup(page, live_server, app, tenant, admin,
                                                                        api_for, registry, smtp):
    account = Account.create(tenant=tenant, name="Zürcher Versicherungen AG", email="finanz@zuercher.example")
    doc = create_doc(api_for(admin), "invoices", account_id=account.id)
    set_fields(registry, "invoices", doc["id"], number="INV-000041")
    detail = f"{live_server}/m/books/invoices/{doc['id']}"
    log_in(page, live_server, admin.email)
    page.goto(detail)
    page.wait_for_load_state()
    assert "No e-mail sent from this invoice yet." in page.locator("#sent-emails").inner_text()

    with mail_server_down(app):
        page.click('[data-doc="email"]')  # the e-mail form opens in a dialog over the invoice (issue 17, item 10)
        dialog = page.locator("dialog.email-dialog")
        dialog.locator("#f-to").wait_for()
        dialog.locator("button:has-text('Send')").click()
        error = dialog.locator("#send-error").inner_text()
    assert error.startswith("Could not send the e-mail through 127.0.0.1:") and error.endswith("Connection refused.")
    dialog.get_by_role("link", name="Cancel").click()  # closes the dialog; the page shows the failure
    page.wait_for_load_state()
    page.locator('#sent-emails tr[data-status="failed"]').wait_for()
    failed = page.locator('#sent-emails tr[data-status="failed"]')
    assert failed.count() == 1 and "Connection refused." in failed.locator(".email-error").inner_text()
    assert "finanz@zuercher.example" in failed.inner_text() and "INV-000041.pdf" in failed.inner_text()

    failed.get_by_role("button", name="Resend").click()                    # the server is back
    page.wait_for_url(detail)
    assert "E-mail sent again to finanz@zuercher.example." in page.locator(".flash").inner_text()
    assert wait_for(lambda: len(smtp.messages) == 1)
    rows = page.locator("#sent-emails tbody tr")
    assert rows.count() == 2 and rows.nth(0).get_attribute("data-status") == "sent"   # newest first
    assert "Sent again" in rows.nth(0).inner_text()
    page.screenshot(path="/tmp/b15_record_emails.png", full_page=True)

    page.click('a[data-tab="setup"]')
    page.wait_for_load_state()
    page.get_by_role("link", name="E-mail log").first.click()
    page.wait_for_url(f"{live_server}/setup/email-log")
    log = page.locator("#email-log tbody tr")
    assert log.count() == 2
    assert [log.nth(i).get_attribute("data-status") for i in range(2)] == ["sent", "failed"]
    assert "INV-000041" in log.nth(0).inner_text() and "Connection refused." in log.nth(1).inner_text()
    log.nth(0).get_by_role("button", name="Resend").click()
    page.wait_for_url(f"{live_server}/setup/email-log")
    assert "E-mail sent again to finanz@zuercher.example." in page.locator(".flash").inner_text()
    assert wait_for(lambda: len(smtp.messages) == 2)
    first, second = (m["message"] for m in smtp.messages)
    assert second["Subject"] == first["Subject"] and "INV-000041" in second["Subject"]
    assert second["To"] == "finanz@zuercher.example" and list(attachments(second)) == ["INV-000041.pdf"]
    assert page.locator("#email-log tbody tr").count() == 3
    page.click('a[data-status-filter="failed"]')
    page.wait_for_load_state()
    assert page.locator("#email-log tbody tr").count() == 1
    page.screenshot(path="/tmp/b15_setup_email_log.png", full_page=True)
