"""E1, E2 end to end in a real browser: from an account's Expense related list, create an expense
with a receipt upload, see it synced, put it in a report from the Expense tab, submit and
approve the report, each step reaching the embedded Expense application."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.crm.models import Account
from core.sync.runner import start_thread
from plugins.expense.models import Expense, Report
from tests.browser.test_browser_crm import log_in
from tests.expense.helpers import expense_finance, finance_id_of, png

from tests.browser.helpers import wait_for

pytestmark = pytest.mark.browser


def _finance_report_status(tenant, report_id: int) -> str | None:
    finance_id = finance_id_of(tenant, "expense/reports", report_id)
    return expense_finance(tenant).get("expense_reports", finance_id)["status"] if finance_id else None


def test_e1_e2_expense_with_receipt_from_an_account_put_in_a_report_submitted_and_approved(
        page, live_server, app, tenant, admin):
    account = Account.create(tenant=tenant, name="Société Łódź")
    thread, stop = start_thread(app)  # the outbox worker, as `finsuite serve` runs it
    try:
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/m/accounts/{account.id}")
        page.locator("#related-expense_expenses").get_by_role("link", name="New").click()
        page.wait_for_selector("#f-receipt")
        assert page.locator("#f-account_id option:checked").inner_text() == "Société Łódź"
        assert page.input_value("#f-date") == dt.date.today().isoformat()  # today unless changed
        page.fill("#f-date", "2026-05-04")
        page.select_option("#f-category", "Lodging")
        page.fill("#f-amount", "268.40")
        page.fill("#f-tax", "26.84")
        page.fill("#f-merchant", "Hôtel des Célestins")
        page.check("#f-billable")
        page.fill("#f-project", "Lyon kick-off")
        page.set_input_files("#f-receipt", files=[{"name": "hotel.png", "mimeType": "image/png", "buffer": png()}])
        page.screenshot(path="/tmp/expense_form.png", full_page=True)
        page.click("button:has-text('Save')")
        page.wait_for_url(f"{live_server}/m/accounts/{account.id}")
        expense = Expense.get((Expense.tenant == tenant) & (Expense.account_id == account.id))
        assert (expense.total, expense.receipt.name) == (Decimal("295.24"), "hotel.png")
        assert wait_for(lambda: Expense.get_by_id(expense.id).status == "unreported"), "not synced"
        page.reload()
        panel = page.locator("#related-expense_expenses")
        assert "Unreported" in panel.inner_text() and "295.24" in panel.locator("h2").inner_text()

        panel.get_by_role("link", name="May 4, 2026").click()
        page.wait_for_url(f"{live_server}/m/expense/expenses/{expense.id}")
        page.screenshot(path="/tmp/expense_page.png", full_page=True)
        with page.expect_download() as download:
            page.click('a[data-file="receipt"]')
        assert open(download.value.path(), "rb").read() == png()

        page.click('a[data-tab="expense"]')
        page.get_by_role("link", name="Expense Reports").click()
        page.click("text=New Expense Report")
        page.fill("#f-title", "Lyon kick-off trip")
        page.fill("#f-start_date", "2026-05-03")
        page.fill("#f-end_date", "2026-05-01")  # before the start: refused beside the field
        page.locator("#f-expense_ids").get_by_label("2026-05-04 · Lodging", exact=False).check()  # a box per expense
        page.click("button:has-text('Save')")
        assert page.locator("#error-end_date").inner_text() == "The period cannot end before it starts."
        ticked = page.locator("#f-expense_ids input:checked")
        assert ticked.count() == 1 and ticked.get_attribute("value") == str(expense.id)  # kept as chosen
        page.screenshot(path="/tmp/expense_report_form.png", full_page=True)
        page.fill("#f-end_date", "2026-05-05")
        page.click("button:has-text('Save')")
        page.wait_for_selector("h1:has-text('Lyon kick-off trip')")
        report = Report.get((Report.tenant == tenant) & (Report.title == "Lyon kick-off trip"))
        assert page.url == f"{live_server}/m/expense/reports/{report.id}"
        assert "Hôtel des Célestins" in page.locator("#related-expense_report_expenses").inner_text()
        assert wait_for(lambda: Report.get_by_id(report.id).number), "report not synced"

        page.click('button[data-action="submit"]')
        page.wait_for_selector("text=Submit: done.")
        assert wait_for(lambda: _finance_report_status(tenant, report.id) == "submitted")
        page.reload()
        page.click('button[data-action="approve"]')
        page.wait_for_selector("text=Approve: done.")
        assert wait_for(lambda: _finance_report_status(tenant, report.id) == "approved")
        assert wait_for(lambda: Expense.get_by_id(expense.id).status == "approved")
        page.reload()
        assert page.locator('button[data-action="reimburse"]').count() == 1
        assert page.locator(f'a[href="/m/expense/reports/{report.id}/edit"]').count() == 0
        assert Report.get_by_id(report.id).number in page.locator("dl.fields").inner_text()
        page.screenshot(path="/tmp/expense_report_approved.png", full_page=True)
    finally:
        stop.set()
        thread.join(timeout=10)


def test_e1_a_receipt_over_the_limit_is_refused_beside_its_field_before_sending(page, live_server, app, tenant, admin):
    before = app.config.get("MAX_UPLOAD_BYTES")
    app.config["MAX_UPLOAD_BYTES"] = 2048
    try:
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/m/expense/expenses/new")
        page.fill("#f-date", "2026-05-04")
        page.fill("#f-amount", "12.00")
        page.fill("#f-merchant", "Café")
        page.set_input_files("#f-receipt", files=[{"name": "scan.pdf", "mimeType": "application/pdf",
                                                   "buffer": b"%PDF-1.4\n" + b"0" * 4096}])
        error = page.locator("#f-receipt + p.error")
        error.wait_for()
        assert error.inner_text() == "The file is larger than 2 KB."
        assert page.eval_on_selector("#f-receipt", "input => input.files.length") == 0
        page.set_input_files("#f-receipt", files=[{"name": "lunch.png", "mimeType": "image/png", "buffer": png()}])
        assert page.locator("#f-receipt + p.error").count() == 0
        page.click("button:has-text('Save')")
        page.wait_for_url(f"{live_server}/m/expense/expenses/*")
        expense = Expense.select().where(Expense.tenant == tenant).order_by(Expense.id.desc()).first()
        assert (expense.merchant, expense.receipt.name) == ("Café", "lunch.png")
    finally:
        app.config["MAX_UPLOAD_BYTES"] = before
