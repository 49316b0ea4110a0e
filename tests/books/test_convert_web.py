"""B14 (issue 17, item 11) on the pages: Convert to Invoice on an accepted estimate opens the new
invoice with "Invoice created from estimate EST-000001", the invoice links its estimate and the
estimate lists its invoice; on an open sales order a second convert says which invoice it made,
as a link. Only a user who may create invoices sees the button."""
from __future__ import annotations

import re

from core.sync.worker import drain
from core.testing import csrf_from, profile_without
from tests.books.context_helpers import panel
from tests.books.test_convert import LINES


def _press(web, page_url: str, key: str = "convert_to_invoice"):
    html = web.get(page_url).get_data(as_text=True)
    action = f"{page_url}/actions/{key}"
    assert f'action="{action}"' in html, "no such button"
    form = html.split(f'action="{action}"')[1].split("</form>")[0]
    version = re.search(r'name="_version" value="(\d+)"', form).group(1)
    return web.post(action, data={"csrf_token": csrf_from(html), "_version": version})


def _made(api, crm, kind: str, *actions: str) -> dict:
    made = api.post(f"/api/v1/books/{kind}", json={"account_id": crm["account"].id, "line_items": LINES}).get_json()
    for action in actions:
        api.post(f"/api/v1/books/{kind}/{made['id']}/actions/{action}")
    return made


def test_b14_convert_an_accepted_estimate_from_its_page(crm, books_api, client_for, registry):
    estimate = _made(books_api, crm, "estimates", "mark_sent", "mark_accepted")
    drain(registry)
    web = client_for(crm["admin"])
    estimate_url = f"/m/books/estimates/{estimate['id']}"
    pressed = _press(web, estimate_url)
    assert pressed.status_code == 302
    invoice_id = int(pressed.headers["Location"].rstrip("/").split("/")[-1])
    assert pressed.headers["Location"].endswith(f"/m/books/invoices/{invoice_id}")
    page = web.get(pressed.headers["Location"]).get_data(as_text=True)
    assert "Invoice created from estimate EST-000001." in page
    assert f'href="{estimate_url}"' in page and "EST-000001" in page  # the Estimate field, a link
    assert "Audit" in page and "Travel" in page
    back = web.get(estimate_url).get_data(as_text=True)
    assert 'data-action="convert_to_invoice"' not in back  # invoiced now
    listed = panel(back, "books_invoices")
    assert listed is not None and f'href="/m/books/invoices/{invoice_id}"' in listed


def test_b14_a_second_convert_of_an_order_names_its_invoice(crm, books_api, client_for):
    order = _made(books_api, crm, "salesorders", "convert_to_open")
    web = client_for(crm["admin"])
    order_url = f"/m/books/salesorders/{order['id']}"
    first = _press(web, order_url)
    invoice_id = int(first.headers["Location"].rstrip("/").split("/")[-1])
    assert "Invoice created from Sales Order (draft #" in web.get(first.headers["Location"]).get_data(as_text=True)
    second = _press(web, order_url)  # still open: the button is there
    assert second.headers["Location"].endswith(order_url)
    text = web.get(order_url).get_data(as_text=True)
    assert ("This sales order was already converted: the invoice "
            f'<a href="/m/books/invoices/{invoice_id}">“Invoice (draft #{invoice_id})”</a> was made from it.') in text
    assert books_api.get("/api/v1/books/invoices").get_json()["total"] == 1


def test_b14_the_button_needs_invoice_create(crm, books_api, client_for, make_user):
    estimate = _made(books_api, crm, "estimates", "mark_accepted")
    clerk = client_for(make_user(crm["tenant"], profile=profile_without(
        crm["tenant"], "No new invoices", "books/invoices.create")))
    page = clerk.get(f"/m/books/estimates/{estimate['id']}").get_data(as_text=True)
    assert 'data-action="convert_to_invoice"' not in page
    admin_page = client_for(crm["admin"]).get(f"/m/books/estimates/{estimate['id']}").get_data(as_text=True)
    assert 'data-action="convert_to_invoice"' in admin_page
