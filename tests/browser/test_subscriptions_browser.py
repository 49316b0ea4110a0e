"""S1 end to end in a real browser: from an account's "Subscriptions" list add a subscription in
context, see it synced with its number, edit it from its row and come back, cancel it at the end
of its term and reactivate it, each step reaching the finance application."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.crm.models import Account
from core.sync.runner import start_thread
from plugins.subscriptions.models import Subscription
from tests.browser.test_browser_crm import log_in
from tests.subscriptions.helpers import finance, finance_id

from tests.browser.helpers import wait_for

pytestmark = pytest.mark.browser
MODULE = "subscriptions/subscriptions"


def _finance_status(tenant, sub_id: int) -> str:
    return finance(tenant).get("subscriptions", finance_id(tenant, MODULE, sub_id))["status"]


def test_s1_subscription_added_on_an_account_synced_cancelled_at_end_of_term_and_reactivated(
        page, live_server, app, tenant, admin):
    account = Account.create(tenant=tenant, name="Société Łódź")
    thread, stop = start_thread(app)  # the outbox worker, as `finsuite serve` runs it
    try:
        log_in(page, live_server, admin.email)
        here = f"{live_server}/m/accounts/{account.id}"
        page.goto(here)
        page.locator("#related-subscriptions").get_by_role("link", name="New").click()
        page.wait_for_selector("#f-plan_code")
        assert page.locator("#f-account_id option:checked").inner_text() == "Société Łódź"
        assert page.locator("#f-starts_at").input_value() == dt.date.today().isoformat()
        page.fill("#f-plan_code", "PRO-M")
        page.fill("#f-plan_name", "Pro (monthly)")
        page.fill("#f-quantity", "3")
        page.fill("#f-price", "19.90")
        page.select_option("#f-interval_unit", "months")
        page.click("button:has-text('Save')")
        page.wait_for_url(here)
        sub = Subscription.get((Subscription.tenant == tenant) & (Subscription.account_id == account.id))
        assert wait_for(lambda: Subscription.get_by_id(sub.id).number), "not synced"
        number = Subscription.get_by_id(sub.id).number
        page.reload()
        panel = page.locator("#related-subscriptions")
        assert number in panel.inner_text() and "Live" in panel.inner_text()

        panel.get_by_role("link", name="Edit").click()
        page.wait_for_selector("#f-quantity")
        page.fill("#f-quantity", "5")
        page.click("button:has-text('Save')")
        page.wait_for_url(here)
        assert Subscription.get_by_id(sub.id).quantity == Decimal("5")
        assert wait_for(lambda: finance(tenant).get("subscriptions", finance_id(tenant, MODULE, sub.id))[
            "quantity"] == "5.00"), "the edit did not reach the finance application"

        page.locator("#related-subscriptions").get_by_role("link", name=number).click()
        page.wait_for_url(f"{live_server}/m/{MODULE}/{sub.id}")
        page.click('button[data-action="cancel_at_end"]')
        page.wait_for_selector("text=Cancel at end of term: done.")
        assert "Non-renewing" in page.locator("dl.fields").inner_text()
        assert page.locator('button[data-action="cancel_at_end"]').count() == 0
        assert wait_for(lambda: _finance_status(tenant, sub.id) == "non_renewing"), "not cancelled there"

        page.click('button[data-action="reactivate"]')
        page.wait_for_selector("text=Reactivate: done.")
        assert "Live" in page.locator("dl.fields").inner_text()
        assert wait_for(lambda: _finance_status(tenant, sub.id) == "live"), "not reactivated there"
        page.goto(here)
        assert "Live" in page.locator("#related-subscriptions").inner_text()
        page.screenshot(path="/tmp/subscriptions_account.png", full_page=True)
    finally:
        stop.set()
        thread.join(timeout=10)
