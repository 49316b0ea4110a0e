"""Issue 17, item 12: every document the product prints (Books' and Invoice's invoices and
estimates, sales and purchase orders, the customer statement), downloaded or e-mailed, is headed
with the organisation's legal name, address, tax id, contact and logo from Setup > Organisation;
an invoice shows its balance due; none prints its internal status (a void invoice says VOID)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.books.printing_helpers import (  # noqa: F401  (fixtures)
    CUSTOMER, attachments, money, pdf_text, shop, smtp,
)
from tests.books.test_pdf import recorder  # noqa: F401  (fixture)
from tests.organisation_helpers import PROFILE, embedded_images, image, post_profile

HEADER = (PROFILE["legal_name"], "Torvet 3", "Bygning B", "5970 Ærøskøbing", "Danmark", "DK12345678",
          "billing@aero.example", "+45 62 52 00 00")


def set_up(shop, client_for, **fields):
    web = client_for(shop["admin"])
    response = post_profile(web, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return web


def make(api, registry, app_name: str, kind: str, **values) -> dict:
    party = {"vendor_id": "vendor"} if kind == "purchaseorders" else {"account_id": "account"}
    body = {"date": "2026-11-28", "line_items": [{"name": "Ærø widget", "quantity": "2", "rate": "50.00"}]}
    response = api.post(f"/api/v1/{app_name}/{kind}", json={**body, **{k: api.shop[v].id for k, v in party.items()}})
    assert response.status_code == 201, response.get_json()
    doc = response.get_json()
    model = registry.modules[f"{app_name}/{kind}"].model
    if values:
        model.update(**values).where(model.id == doc["id"]).execute()
    return doc


@pytest.fixture
def api(shop, api_for):
    client = api_for(shop["admin"])
    client.shop = shop
    return client


def pdf_of(api, app_name: str, kind: str, doc: dict) -> bytes:
    response = api.get(f"/api/v1/{app_name}/{kind}/{doc['id']}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data


def test_issue17_item12_an_invoice_is_headed_by_the_organisation_and_shows_its_balance_due(
        shop, client_for, api, registry):
    """issue 17, item 12: name, address, tax id, e-mail and phone; the balance due; no status."""
    set_up(shop, client_for)
    doc = make(api, registry, "books", "invoices", number="INV-000042", status="partially_paid",
               balance=Decimal("40.00"))
    [text] = pdf_text(pdf_of(api, "books", "invoices", doc))
    for expected in HEADER:
        assert expected in text, expected
    assert "Balance due" in text and money(Decimal("40.00")) in text
    assert "Status" not in text and "Partially paid" not in text and "VOID" not in text


@pytest.mark.parametrize("app_name, kind, status, owes", [
    ("books", "estimates", "sent", False), ("books", "salesorders", "open", False),
    ("books", "purchaseorders", "open", False), ("invoice", "invoices", "sent", True),
    ("invoice", "estimates", "sent", False)])
def test_issue17_item12_every_document_has_the_header_and_no_status(
        shop, client_for, api, registry, app_name, kind, status, owes):
    """issue 17, item 12: the same header on every document type of every app."""
    set_up(shop, client_for)
    doc = make(api, registry, app_name, kind, number="DOC-7", status=status, balance=Decimal("100.00"))
    [text] = pdf_text(pdf_of(api, app_name, kind, doc))
    assert all(expected in text for expected in HEADER), text
    assert "Status" not in text and status.capitalize() not in text
    assert ("Balance due" in text) is owes


def test_issue17_item12_without_a_profile_the_organisations_name_heads_the_document(shop, api, registry):
    """issue 17, item 12: before Setup > Organisation is saved, the organisation's own name and
    address print, and no logo."""
    doc = make(api, registry, "books", "invoices")
    pdf = pdf_of(api, "books", "invoices", doc)
    [text] = pdf_text(pdf)
    assert shop["tenant"].name in text and "5970 Ærøskøbing" in text
    assert embedded_images(pdf) == []


def test_issue17_item12_the_logo_is_embedded_once_uploaded_and_gone_once_removed(shop, client_for, api, registry):
    """issue 17, item 12: the uploaded logo is an image in the PDF (downloaded from the API or the
    record's page); removed, the PDF has none."""
    web = set_up(shop, client_for, logo=(image("PNG"), "logo.png"))
    doc = make(api, registry, "books", "invoices")
    assert len(embedded_images(pdf_of(api, "books", "invoices", doc))) == 1
    assert len(embedded_images(web.get(f"/m/books/invoices/{doc['id']}/pdf").data)) == 1
    set_up(shop, client_for, logo=(image("JPEG", (400, 120)), "logo.jpg"))
    assert len(embedded_images(pdf_of(api, "invoice", "estimates", make(api, registry, "invoice", "estimates")))) == 1
    set_up(shop, client_for, remove_logo=True)
    pdf = pdf_of(api, "books", "invoices", doc)
    assert embedded_images(pdf) == [] and PROFILE["legal_name"] in pdf_text(pdf)[0]
    assert web.get(f"/m/books/invoices/{doc['id']}/pdf").mimetype == "application/pdf"


def test_issue17_item12_a_void_invoice_is_marked_void(shop, client_for, api, registry):
    """issue 17, item 12: the one status that matters to a customer prints as a VOID mark."""
    set_up(shop, client_for)
    doc = make(api, registry, "books", "invoices", number="INV-000043", status="void")
    [text] = pdf_text(pdf_of(api, "books", "invoices", doc))
    assert "VOID" in text and "Status" not in text


def test_issue17_item12_the_emailed_invoice_and_statement_carry_the_header_and_logo(
        shop, client_for, api, registry, smtp):
    """issue 17, item 12: the attachment is the PDF the download gives; the statement has the same
    header, its balance due, and no status column."""
    set_up(shop, client_for, logo=(image("PNG"), "logo.png"))
    doc = make(api, registry, "books", "invoices", number="INV-000044", status="sent", balance=Decimal("100.00"))
    response = api.post(f"/api/v1/books/invoices/{doc['id']}/email", json={"attach_pdf": True,
                                                                          "attach_statement": True})
    assert response.status_code == 201, response.get_json()
    files = attachments(smtp.messages[0]["message"])
    invoice, statement = files["INV-000044.pdf"], files[f"Statement {CUSTOMER}.pdf"]
    assert pdf_text(invoice) == pdf_text(pdf_of(api, "books", "invoices", doc))
    assert len(embedded_images(invoice)) == 1 and len(embedded_images(statement)) == 1
    [text] = pdf_text(statement)
    assert all(expected in text for expected in HEADER), text
    assert "Balance due" in text and "INV-000044" in text
    assert "Status" not in text and "Sent" not in text


def test_issue17_item12_the_profile_prints_as_text_and_makes_the_renderer_fetch_nothing(
        shop, client_for, api, registry, recorder):
    """issue 17, item 12: markup in the profile is text; only the stored logo is ever embedded."""
    port, requests = recorder
    evil = f'<img src="http://127.0.0.1:{port}/logo.png"><img src="file:///etc/passwd">'
    set_up(shop, client_for, legal_name=f"Evil {evil}", street=evil, tax_id="<b>DK1</b>")
    doc = make(api, registry, "books", "invoices")
    pdf = pdf_of(api, "books", "invoices", doc)
    text = "\n".join(pdf_text(pdf))
    assert requests == [] and embedded_images(pdf) == []
    assert "Evil" in text and f"127.0.0.1:{port}/logo.png" in text and "<b>DK1</b>" in text
    assert "root:x:0:0" not in text


def test_issue17_item12_an_embedded_logo_is_named_for_one_render_only(ctx):
    """issue 17, item 12: the name the printing code gives the logo works in that render and
    nowhere else; the callback still refuses every ``data:`` URI a document names itself."""
    import base64

    from core.pdf import REFUSED, html_to_pdf, inline_name, link_callback
    uri = "data:image/png;base64," + base64.b64encode(image("PNG")).decode()
    name = inline_name()
    html = f'<html><body><p>Logo</p><img src="{name}" width="120" height="40"><img src="{uri}"></body></html>'
    assert len(embedded_images(html_to_pdf(html, {name: uri}))) == 1  # the data: URI written in it: refused
    assert embedded_images(html_to_pdf(html)) == []
    assert link_callback(name) == REFUSED and link_callback(uri) == REFUSED
    assert inline_name() != name
