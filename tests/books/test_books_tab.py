"""B1 (issue 17, items 10 and 11): the Books and Invoice tabs lead to their documents and to
their Items (every line of every document, with its product: what the sales by product reports
read); a tab's landing page shows each module's records by status, what needs attention first,
each a link to the list filtered on it, and the records changed last."""
from __future__ import annotations

import re

from plugins.books.models import Invoice

from .context_helpers import create_doc, crm  # noqa: F401  (fixture)


def landing(page: str, module: str) -> str:
    match = re.search(rf'<section class="panel landing" data-landing="{module}".*?</section>', page, re.S)
    assert match, f"no landing panel of {module}"
    return match.group(0)


def test_b1_the_books_and_invoice_tabs_lead_to_their_items(make_tenant, make_user, client_for):
    web = client_for(make_user(make_tenant(apps=("books", "invoice"))))
    for tab, items in (("books", "/m/books/items/"), ("invoice", "/m/invoice/items/")):
        page = web.get(f"/tab/{tab}").get_data(as_text=True)
        assert re.search(rf'<h2><a href="{items}">Items</a>', landing(page, f"{tab}/items"))
        assert web.get(items).status_code == 200


def test_b1_the_books_tab_shows_invoices_by_status_overdue_first_and_the_last_changed(crm, api_for, client_for):
    api = api_for(crm["admin"])
    made = [create_doc(api, "invoices", account_id=crm["account"].id) for _ in range(3)]
    Invoice.update(status="overdue").where(Invoice.id == made[0]["id"]).execute()
    page = client_for(crm["admin"]).get("/tab/books").get_data(as_text=True)
    invoices = landing(page, "books/invoices")
    counts = re.findall(r'<a href="([^"]+)" class="badge status status-(\w+)" data-status-count>([^<]+)</a>', invoices)
    assert counts == [("/m/books/invoices/?status=overdue", "danger", "Overdue · 1"),
                      ("/m/books/invoices/?status=draft", "muted", "Draft · 2")]
    overdue = client_for(crm["admin"]).get(counts[0][0]).get_data(as_text=True)
    assert "1–1 of 1" in overdue
    recent = re.findall(r'<li><a href="/m/books/invoices/(\d+)">', invoices)
    assert sorted(map(int, recent)) == sorted(doc["id"] for doc in made)
    assert "$100.00" in invoices  # each with its total
    assert "No estimates yet." in landing(page, "books/estimates")
