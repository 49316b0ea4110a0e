"""B8: Books documents print to PDF with their numbers, names, lines and totals, and user text
can make the renderer fetch nothing."""
from __future__ import annotations

import http.server
import threading
from decimal import Decimal

import pytest

from tests.books.printing_helpers import (  # noqa: F401  (fixtures)
    CUSTOMER, TENANT_NAME, contact_of, create_doc, money, pdf_text, profile_without, set_fields, shop,
)


def get_pdf(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    assert response.mimetype == "application/pdf"
    return response


def test_b8_invoice_pdf_prints_number_customer_lines_and_totals(shop, api_for, registry):
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id, due_date="2026-12-28", reference="PO-77")
    set_fields(registry, "invoices", doc["id"], number="INV-000042")
    response = get_pdf(api, f"/api/v1/books/invoices/{doc['id']}/pdf")
    assert response.headers["Content-Disposition"] == "attachment; filename=INV-000042.pdf"
    [text] = pdf_text(response.data)
    for expected in ("Invoice", "INV-000042", TENANT_NAME, "5970 Ærøskøbing", CUSTOMER, "90-001 Łódź",
                     "Café crème €", "Zoë’s façade, 2 coats", "Ærø widget", "Größe XL", "PO-77", "Payable à 30 jours."):
        assert expected in text, expected
    # 3 x 19.99 = 59.97 less 10 % = 53.97 (tax 10.79); 1.5 x 100 = 150.00 (tax 8.25)
    assert (doc["sub_total"], doc["tax_total"], doc["total"]) == ("203.97", "19.04", "223.01")
    # the totals block: the sub total before the discount, the discount, the tax, the total (B2)
    for amount in ("53.97", "150.00", "209.97", "-6.00", "19.04", "223.01"):
        assert money(Decimal(amount)) in text, amount
    assert "Due date: Dec 28, 2026" in text


@pytest.mark.parametrize("kind, heading, party", [
    ("estimates", "Estimate", "account"), ("salesorders", "Sales Order", "contact"),
    ("purchaseorders", "Purchase Order", "vendor")])
def test_b8_every_document_type_prints(shop, api_for, kind, heading, party):
    api = api_for(shop["admin"])
    if party == "vendor":
        doc = create_doc(api, kind, vendor_id=shop["vendor"].id)
        name = "Zoë Supplies GmbH"
    elif party == "contact":
        doc = create_doc(api, kind, contact_id=contact_of(shop["account"]).id)
        name = "Anna Wójcik"
    else:
        doc = create_doc(api, kind, account_id=shop["account"].id)
        name = CUSTOMER
    [text] = pdf_text(get_pdf(api, f"/api/v1/books/{kind}/{doc['id']}/pdf").data)
    assert heading in text and "Draft" in text
    assert name in text and "Ærø widget" in text and money(Decimal(doc["total"])) in text
    assert ("Vendor" if party == "vendor" else "Bill to") in text


def test_b8_long_invoice_breaks_across_pages_with_the_header_repeated(shop, api_for):
    api = api_for(shop["admin"])
    lines = [{"name": f"Łódź part {i:03d}", "quantity": "1", "rate": "2.50", "tax_percent": "0"} for i in range(300)]
    doc = create_doc(api, "invoices", lines=lines, account_id=shop["account"].id)
    pages = pdf_text(get_pdf(api, f"/api/v1/books/invoices/{doc['id']}/pdf").data)
    assert len(pages) >= 5
    assert all("Description" in page and "Amount" in page for page in pages)  # the table header on every page
    everything = "\n".join(pages)
    assert all(f"Łódź part {i:03d}" in everything for i in range(300))
    assert money(Decimal("750.00")) in pages[-1]


def test_b8_download_button_on_the_detail_page(shop, client_for, api_for, registry):
    doc = create_doc(api_for(shop["admin"]), "invoices", account_id=shop["account"].id)
    set_fields(registry, "invoices", doc["id"], number="FV/2026/Łódź-1")
    web = client_for(shop["admin"])
    page = web.get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True)
    url = f"/m/books/invoices/{doc['id']}/pdf"
    assert f'href="{url}"' in page
    response = get_pdf(web, url)
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert "filename*=UTF-8''FV-2026-%C5%81%C3%B3d%C5%BA-1.pdf" in response.headers["Content-Disposition"]
    assert CUSTOMER in pdf_text(response.data)[0]


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    """A real HTTP server on localhost that records every request it gets."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    RecordingHandler.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], RecordingHandler.requests
    server.shutdown()
    server.server_close()


def test_b8_markup_in_user_text_prints_as_text_and_fetches_nothing(shop, api_for, registry, recorder):
    port, requests = recorder
    payloads = ['<img src="file:///etc/passwd">', f'<img src="http://127.0.0.1:{port}/x.png">',
                f'<link rel=stylesheet href="http://127.0.0.1:{port}/s.css">', '<img src="../../../../etc/hosts">',
                f'<style>@import url(http://127.0.0.1:{port}/i.css);</style>']
    api = api_for(shop["admin"])
    shop["account"].name = f'Evil <img src="http://127.0.0.1:{port}/name.png"> Ltd'
    shop["account"].save()
    lines = [{"name": f"Item {i}", "description": payload, "quantity": "1", "rate": "1"}
             for i, payload in enumerate(payloads)]
    doc = create_doc(api, "invoices", lines=lines, account_id=shop["account"].id, notes="\n".join(payloads),
                     reference=f'<img src="http://127.0.0.1:{port}/ref.png">')
    text = "\n".join(pdf_text(get_pdf(api, f"/api/v1/books/invoices/{doc['id']}/pdf").data))
    assert requests == []
    assert "root:x:0:0" not in text
    assert "file:///etc/passwd" in text and f"127.0.0.1:{port}/s.css" in text  # printed as text
    assert "Evil" in text and "name.png" in text


def test_b8_pdf_needs_view_permission_and_a_template(shop, make_user, api_for, client_for):
    doc = create_doc(api_for(shop["admin"]), "invoices", account_id=shop["account"].id)
    blind = make_user(shop["tenant"], profile=profile_without(shop["tenant"], "No invoices", "books/invoices.view"))
    assert api_for(blind).get(f"/api/v1/books/invoices/{doc['id']}/pdf").status_code == 403
    assert client_for(blind).get(f"/m/books/invoices/{doc['id']}/pdf").status_code == 403
    api = api_for(shop["admin"])
    assert api.get(f"/api/v1/accounts/{shop['account'].id}/pdf").status_code == 404  # no PDF template
    assert client_for(shop["admin"]).get(f"/m/accounts/{shop['account'].id}/pdf").status_code == 404
    assert api.get("/api/v1/books/invoices/999999999/pdf").status_code == 404


def test_b8_another_tenants_document_is_not_found(shop, make_tenant, make_user, api_for):
    doc = create_doc(api_for(shop["admin"]), "invoices", account_id=shop["account"].id)
    stranger = make_user(make_tenant())
    assert api_for(stranger).get(f"/api/v1/books/invoices/{doc['id']}/pdf").status_code == 404
