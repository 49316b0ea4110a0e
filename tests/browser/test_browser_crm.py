"""C3, P1 in a real browser: log in, create an account and a contact under it, see the contact in
the account's related list; the Books tab is hidden from a profile without Books access."""
from __future__ import annotations

import pytest

from core.models import Profile
from core.testing import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, base_url, email):
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_c3_browser_account_with_contact(page, live_server, admin):
    log_in(page, live_server, admin.email)
    page.click('a[data-tab="accounts"]')
    page.click("text=New Account")
    page.fill("#f-name", "Browser Test Ltd")
    page.fill("#f-city", "Grenoble")
    page.fill("#f-industry", "Manufacturing")
    page.fill("#f-phone", "+33 4 76 00 00 00")
    page.fill("#f-email", "hello@browser-test.example")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Browser Test Ltd')")
    account_url = page.url

    page.click("#related-contacts >> text=New")
    assert page.locator("#f-account_id option:checked").inner_text() == "Browser Test Ltd"
    page.fill("#f-first_name", "Claire")
    page.fill("#f-last_name", "Martin")
    page.fill("#f-email", "claire@browser-test.example")
    page.click("button:has-text('Save')")
    page.wait_for_url(account_url)

    page.goto(account_url)
    related = page.locator("#related-contacts")
    assert related.locator("text=Claire Martin").is_visible()
    assert related.locator(".count").inner_text() == "1"
    page.screenshot(path="/tmp/account.png", full_page=True)
    related.locator("text=Claire Martin").click()
    page.wait_for_selector("h1:has-text('Claire Martin')")
    assert page.locator("a:has-text('Browser Test Ltd')").count() >= 1


def test_p1_browser_books_tab_hidden_without_permission(page, browser, live_server, tenant, admin, make_user):
    standard = Profile.get(Profile.tenant == tenant, Profile.name == "Standard")
    no_books = Profile(tenant=tenant, name="No Books", is_admin=False)
    no_books.grants = [k for k in standard.grants if k != "app.books"]
    no_books.save()
    user = make_user(tenant, profile="No Books")

    log_in(page, live_server, admin.email)
    assert page.locator('nav.tabs a[data-tab="books"]').is_visible()

    other = browser.new_context().new_page()
    log_in(other, live_server, user.email)
    assert other.locator('nav.tabs a[data-tab="accounts"]').is_visible()
    assert other.locator('nav.tabs a[data-tab="books"]').count() == 0
    assert other.locator('nav.tabs a[data-tab="setup"]').count() == 0
    other.context.close()
