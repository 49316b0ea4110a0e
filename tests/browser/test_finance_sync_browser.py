"""Y3 in a real browser: an admin clicks Sync now for Contacts sync in Setup > Finance Suite and
watches the progress bar move to "300 of 300" while an outbox worker drains the run."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.crm.models import Account
from core.finance.local.service import LocalFinance
from core.models import utcnow
from core.sync.runner import start_thread
from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
COUNT = 300


def test_y3_browser_sync_now_shows_progress_until_done(page, live_server, app, make_tenant, make_user):
    tenant = make_tenant(apps=("books",))
    admin = make_user(tenant)
    now = utcnow()
    Account.insert_many([{"tenant": tenant.id, "name": f"Customer {i:03d}", "created_at": now, "updated_at": now}
                         for i in range(COUNT)]).execute()
    thread, stop = start_thread(app)  # the live server does not drain the outbox by itself
    try:
        log_in(page, live_server, admin.email)
        page.goto(f"{live_server}/setup/")
        page.click("nav.subnav >> text=Finance Suite")
        page.wait_for_selector("h1:has-text('Finance Suite')")
        # Zoho's fields only for Zoho (the page's script hides them: wait for it, do not race it)
        expect(page.locator("#books-client_id")).to_be_hidden()
        page.click("#fold-books > summary")  # each app's connection is folded (issue 17, item 10)
        expect(page.locator("#books-client_id")).to_be_hidden()
        page.select_option("#books-connector", "zoho")
        expect(page.locator("#books-client_id")).to_be_visible()
        page.select_option("#books-connector", "local")
        page.click('tr[data-job="contacts"] button:has-text("Sync now")')
        progress = page.locator("#sync-progress")
        progress.locator("progress").wait_for()
        assert "Contacts sync" in progress.inner_text()
        wait_in_page(
            page, "document.querySelector('#sync-progress').getAttribute('data-state') !== 'running'", timeout=20_000)
        assert progress.locator(".progress-text").inner_text() == f"{COUNT} of {COUNT}"
        assert progress.locator(".progress-state").inner_text() == "Done"
        assert progress.locator("progress").evaluate("bar => bar.value") == 100
        row = page.locator('tr[data-job="contacts"]')
        assert row.locator(".last-done").inner_text() == f"{COUNT} of {COUNT}"
        assert row.locator(".last-state").inner_text() == "Done"
        history = page.locator("#history tbody tr").first
        assert history.locator(".last-done").inner_text() == f"{COUNT} of {COUNT}"
        page.screenshot(path="/tmp/finance_sync.png", full_page=True)
    finally:
        stop.set()
        thread.join(timeout=10)
    finance = LocalFinance(tenant.slug)
    assert len(list(finance.list_changed("contacts", None))) == COUNT
