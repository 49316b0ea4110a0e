"""A1 in a real browser: an admin fills Books' Zoho connection in Setup > Finance Suite, clicks
"Connect with Zoho", accepts on the consent page of the accounts server (finance-serve on
localhost), comes back to "Connected to Zoho" with the refresh token stored, and a first
Contacts sync goes through the zoho connector."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.crm.models import Account
from core.finance.server import create_finance_server
from core.finance.server_state import DEFAULTS
from core.sync.connections import get_connection
from core.sync.runner import start_thread
from tests.browser.helpers import wait_in_page
from tests.browser.test_browser_crm import log_in
from tests.live_server import serve
from tests.zoho_serve_fixtures import served

pytestmark = pytest.mark.browser


def test_a1_browser_connect_with_zoho_accept_and_push(page, live_server, app, make_tenant, make_user):
    tenant = make_tenant(apps=("books",))
    admin = make_user(tenant)
    account = Account.create(tenant=tenant, name="Consenting Ltd")
    org = f"{tenant.slug}-zoho"
    server = create_finance_server({"TESTING": True, "RATE_LIMIT": 10_000,
                                    "REDIRECT_URIS": [f"{live_server}/setup/finance/zoho/callback"]})
    thread, stop = start_thread(app)  # the live server does not drain the outbox by itself
    try:
        with serve(server) as finserve:
            log_in(page, live_server, admin.email)
            page.goto(f"{live_server}/setup/finance/")
            form = page.locator("#app-books")
            expect(form).to_be_hidden()  # each app's section is folded (issue 17, item 10)
            page.click("#fold-books > summary")
            expect(form.locator("#books-connect")).to_be_hidden()  # Zoho only
            page.select_option("#books-connector", "zoho")
            # a data centre fills the URLs; "Other" lets them be typed (finance-serve here)
            page.select_option("#books-dc", "eu")
            expect(page.locator("#books-accounts_url")).to_have_value("https://accounts.zoho.eu")
            expect(page.locator("#books-api_base")).to_have_value("https://www.zohoapis.eu")
            page.select_option("#books-dc", "")
            page.fill("#books-organization_id", org)
            page.fill("#books-api_base", finserve)
            page.fill("#books-accounts_url", finserve)
            page.fill("#books-client_id", DEFAULTS["CLIENT_ID"])
            page.fill("#books-client_secret", DEFAULTS["CLIENT_SECRET"])
            assert form.locator("code.redirect-uri").inner_text() == f"{live_server}/setup/finance/zoho/callback"
            page.screenshot(path="/tmp/zoho_connect_form.png", full_page=False)
            form.locator("#books-connect").click()
            page.wait_for_url(f"{finserve}/oauth/v2/auth?*")
            expect(page.locator("#scopes")).to_contain_text("ZohoBooks.fullaccess.all")
            page.screenshot(path="/tmp/zoho_connect_consent.png")
            page.click("button:has-text('Accept')")
            page.wait_for_url(f"{live_server}/setup/finance/*")
            expect(page.locator(".flash-success")).to_have_text("Books is connected to Zoho.")
            expect(page.locator("#books-connected")).to_have_text("Connected to Zoho")
            page.screenshot(path="/tmp/zoho_connect_done.png")  # at #app-books, below the top bar
            connection = get_connection(tenant, "books")
            settings = connection.settings
            assert (connection.connector, connection.organization_id) == ("zoho", org)
            assert settings["refresh_token"].startswith("1000.") and settings["accounts_url"] == finserve
            assert settings["refresh_token"] not in page.content()
            page.click('tr[data-job="contacts"] button:has-text("Sync now")')
            page.locator("#sync-progress progress").wait_for()  # the page after the click
            wait_in_page(
                page, "document.querySelector('#sync-progress').getAttribute('data-state') !== 'running'",
                timeout=20_000)
            expect(page.locator("#sync-progress .progress-state")).to_have_text("Done")
            remote = served(org).find_by_crm_id("contacts", f"accounts:{account.id}")
            assert remote is not None and remote["contact_name"] == "Consenting Ltd"
            assert server.extensions["finance_serve"].calls > 0  # through finance-serve's API
    finally:
        stop.set()
        thread.join(timeout=10)
