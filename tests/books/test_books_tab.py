"""B1 (issue 17, item 11): the Books and Invoice tabs lead to their documents and to their Items
(every line of every document, with its product: what the sales by product reports read)."""
from __future__ import annotations

import re


def test_b1_the_books_and_invoice_tabs_lead_to_their_items(make_tenant, make_user, client_for):
    web = client_for(make_user(make_tenant(apps=("books", "invoice"))))
    for tab, items in (("books", "/m/books/items/"), ("invoice", "/m/invoice/items/")):
        page = web.get(f"/tab/{tab}").get_data(as_text=True)
        assert re.search(rf'<a class="card stat" href="{items}"><span class="stat-label">Items</span>', page)
        assert web.get(items).status_code == 200
