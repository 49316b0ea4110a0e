"""Issue 17, items 4 and 10, in a real browser (C3, B3): the layout holds from a phone (390 px)
to a laptop (1366 px): tabs that do not fit go under "More", or into a menu on a phone, lists
become cards, nothing runs off the right edge; statuses read as coloured badges, amounts are
right-aligned in tabular figures, the account page sums up its related lists, Setup > Finance
Suite is folded per app, Enter in a line's field does not send the form, and a favicon is
served. Screenshots of the account page, an invoice, a list and Setup at both widths go to
tests/browser/screenshots/ for a person to look at, and axe-core finds no serious or critical
accessibility problem on them."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.crm.models import Account, Contact
from plugins.books.models import Invoice
from tests.books.context_helpers import create_doc
from tests.browser.axe import violations
from tests.browser.test_browser_crm import log_in

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def shop(tenant, admin, api_for):
    account = Account.create(tenant=tenant, name="Sørensen Møbler", email="regnskab@sorensen.example",
                             city="Łódź")
    Contact.create(tenant=tenant, first_name="Ada", last_name="Byron", account=account)
    api = api_for(admin)
    invoices = [create_doc(api, "invoices", account_id=account.id) for _ in range(3)]
    Invoice.update(status="overdue").where(Invoice.id == invoices[0]["id"]).execute()
    Invoice.update(status="paid").where(Invoice.id == invoices[1]["id"]).execute()
    return {"account": account, "invoices": invoices}


def pages_of(shop) -> dict:
    return {"account": f"/m/accounts/{shop['account'].id}", "invoice": f"/m/books/invoices/{shop['invoices'][0]['id']}",
            "list": "/m/books/invoices/", "setup": "/setup/finance/"}


def overflow(page) -> int:
    """How far the page runs off the right edge of the window, in px."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def look_at_each(page, live_server, admin, shop, width: int, also=None) -> None:
    """Sign in at ``width`` px, open each page of :func:`pages_of`: nothing runs off the right
    edge, ``also(page)`` holds, a screenshot is saved and axe-core finds nothing serious."""
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, admin.email)
    SHOTS.mkdir(exist_ok=True)
    for name, path in pages_of(shop).items():
        page.goto(live_server + path)
        page.wait_for_load_state()
        assert overflow(page) <= 0, f"{name} runs off a {width} px window"
        if also is not None:
            also(page)
        page.screenshot(path=str(SHOTS / f"{name}_{width}.png"), full_page=True)
        assert violations(page) == [], name


def test_c3_issue17_item4_a_phone_gets_a_tab_menu_cards_and_no_sideways_scrolling(page, live_server, admin, shop):
    look_at_each(page, live_server, admin, shop, 390)
    page.goto(f"{live_server}/m/books/invoices/")
    page.wait_for_load_state()
    assert page.locator("table.cards-on-narrow thead").is_hidden()  # rows are cards: each value named
    first = page.locator("table.cards-on-narrow tbody tr").first
    assert first.locator("td[data-label='Total']").is_visible()
    assert page.locator(".tabs").is_hidden()
    menu = page.locator(".nav-toggle")
    assert menu.inner_text().endswith("Books") and menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    page.locator('.tabs a[data-tab="accounts"]').click()
    page.wait_for_url(f"{live_server}/m/accounts/")
    page.goto(f"{live_server}/m/books/invoices/new")
    page.wait_for_load_state()
    boxes = [page.locator(f"#f-{name}").bounding_box() for name in ("account_id", "date")]
    assert boxes[0]["x"] == boxes[1]["x"] and boxes[1]["y"] > boxes[0]["y"]  # one column
    assert overflow(page) <= 0


def test_c3_issue17_item4_a_tablet_puts_the_tabs_that_do_not_fit_under_more(page, live_server, admin, shop):
    page.set_viewport_size({"width": 900, "height": 900})
    log_in(page, live_server, admin.email)
    page.goto(f"{live_server}/m/books/invoices/")
    page.wait_for_load_state()
    assert overflow(page) <= 0
    tabs = page.locator(".tabs")
    assert page.evaluate("(t => t.scrollWidth <= t.clientWidth)(document.querySelector('.tabs'))")
    assert tabs.locator('a[data-tab="books"]').is_visible()  # the active one stays in view
    more = page.locator(".more-toggle")
    more.click()
    spilled = page.locator("#more-tabs-menu a")
    assert spilled.count() >= 1 and page.locator('#more-tabs-menu a[data-tab="setup"]').is_visible()
    page.locator('#more-tabs-menu a[data-tab="setup"]').click()
    page.wait_for_url(f"{live_server}/setup/")


def test_c3_b3_issue17_item10_badges_figures_summary_folds_enter_and_favicon(page, live_server, admin, shop):
    def every_tab_fits(page):
        assert page.locator(".more-tabs").is_hidden(), "every tab fits on a laptop"
    look_at_each(page, live_server, admin, shop, 1366, also=every_tab_fits)

    page.goto(f"{live_server}/m/books/invoices/")
    page.wait_for_load_state()
    badges = page.locator("td .badge.status")
    assert sorted(badges.all_inner_texts()) == ["Draft", "Overdue", "Paid"]
    assert page.locator("td .badge.status-danger").inner_text() == "Overdue"
    total = page.locator("td[data-label='Total']").first
    style = total.evaluate("td => [getComputedStyle(td).textAlign, getComputedStyle(td).fontVariantNumeric]")
    assert style == ["right", "tabular-nums"]

    page.goto(f"{live_server}/m/accounts/{shop['account'].id}")
    page.wait_for_load_state()
    jump = page.locator('.jump-bar a[data-jump="books_invoices"]')
    assert jump.inner_text().split() == ["Books:", "Invoices", "3"]
    jump.click()
    assert page.url.endswith("#related-books_invoices")
    assert page.locator("#related-books_invoices").evaluate("el => el.getBoundingClientRect().top") < 200
    assert page.locator("[data-related][data-empty]").count() >= 1  # an empty list is one line
    assert page.locator("[data-related][data-empty]").first.bounding_box()["height"] < 60

    page.goto(f"{live_server}/setup/finance/")
    page.wait_for_load_state()
    folds = page.locator("details.finance-app-fold")
    assert folds.count() >= 5 and page.locator("details.finance-app-fold[open]").count() == 0
    assert page.locator("#books-connector").is_hidden()
    page.click("#fold-books > summary")
    assert page.locator("#books-connector").is_visible()

    page.goto(f"{live_server}/m/books/invoices/new")
    page.wait_for_load_state()
    name = page.locator('tr[data-line] [data-line-field="name"]').first
    name.fill("Consulting")
    name.press("Enter")  # no half-typed invoice sent: the next line's name
    assert page.url == f"{live_server}/m/books/invoices/new"
    assert page.locator("tr[data-line]").count() == 2
    assert page.evaluate("document.activeElement.getAttribute('data-line-field')") == "name"

    icon = page.locator("link[rel=icon]").get_attribute("href")
    answer = page.request.get(live_server + icon)
    assert answer.ok and answer.headers["content-type"].startswith("image/svg+xml")
