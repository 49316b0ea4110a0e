"""B2, B7, B8: a document's totals read the same top-down on its page, in its PDF and in its
e-mail (a real SMTP server): the sub total before the discount, the discount, the tax, the total,
and the sum holds (sub total - discount + tax = total, exact decimals); only invoices show a
balance due."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tests.books.printing_helpers import (  # noqa: F401  (fixtures)
    LINES, create_doc, pdf_text, set_fields, shop, smtp,
)

LABELS = ("Sub total", "Discount", "Tax", "Adjustment", "Total", "Balance due")
AMOUNT = r"-?\$[\d,]+\.\d\d"


def amount(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", ""))


def on_screen(web, kind: str, doc_id: int) -> list[tuple[str, Decimal]]:
    page = web.get(f"/m/books/{kind}/{doc_id}").get_data(as_text=True)
    block = re.search(r'<dl class="doc-totals".*?</dl>', page, re.S).group(0)
    return [(label, amount(value)) for label, value in re.findall(r"<dt>([^<]+)</dt><dd[^>]*>([^<]+)</dd>", block)]


def in_pdf(api, kind: str, doc_id: int) -> list[tuple[str, Decimal]]:
    [text] = pdf_text(api.get(f"/api/v1/books/{kind}/{doc_id}/pdf").data)
    return [(label, amount(value)) for label, value in
            re.findall(rf"^({'|'.join(LABELS)})\n\s*({AMOUNT})\s*$", text, re.M)]


def in_email(api, smtp, kind: str, doc_id: int) -> list[tuple[str, Decimal]]:
    assert api.post(f"/api/v1/books/{kind}/{doc_id}/email", json={"to": ["anna@lodz.example"]}).status_code == 201
    body = smtp.messages[-1]["message"].get_body(("plain",)).get_content().replace("\r\n", "\n")
    return [(label, amount(value)) for label, value in
            re.findall(rf"^({'|'.join(LABELS)}) +({AMOUNT})$", body, re.M)]


def adds_up(rows: list[tuple[str, Decimal]]) -> bool:
    """Read top-down, the rows above "Total" add up to it."""
    labels = [label for label, _value in rows]
    above = rows[:labels.index("Total")]
    return sum((value for _label, value in above), Decimal(0)) == dict(rows)["Total"]


@pytest.mark.parametrize("kind, owes", [("invoices", True), ("estimates", False), ("salesorders", False)])
def test_b2_b7_b8_totals_read_top_down_the_same_on_the_page_in_the_pdf_and_the_email(
        kind, owes, shop, api_for, client_for, registry, smtp):
    api = api_for(shop["admin"])
    doc = create_doc(api, kind, account_id=shop["account"].id)  # 3 x 19.99 less 10 % at 20 % tax; 1.5 x 100 at 5.5 %
    set_fields(registry, kind, doc["id"], number="DOC-000001")
    gross = sum(Decimal(line["quantity"]) * Decimal(line["rate"]) for line in LINES)
    expected = [("Sub total", gross), ("Discount", Decimal("-6.00")), ("Tax", Decimal("19.04")),
                ("Total", Decimal("223.01"))] + ([("Balance due", Decimal("223.01"))] if owes else [])
    assert gross == Decimal("209.97") and (doc["sub_total"], doc["discount_total"]) == ("203.97", "6.00")
    shown = {"page": on_screen(client_for(shop["admin"]), kind, doc["id"]),
             "pdf": in_pdf(api, kind, doc["id"]), "email": in_email(api, smtp, kind, doc["id"])}
    for where, rows in shown.items():
        assert rows == expected, where
        assert adds_up(rows), where  # 209.97 - 6.00 + 19.04 = 223.01
        (_s, sub_total), (_d, discount), (_t, tax), (_g, total) = rows[:4]
        assert sub_total - abs(discount) + tax == total == Decimal(doc["total"]), where


def test_b2_an_invoice_shows_the_balance_the_finance_application_reports(shop, api_for, client_for, registry):
    """A draft owes its total; once sent and partly paid, the balance the finance application
    reports, under the total (not counted in it); the fields above no longer repeat the totals."""
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id, lines=[
        {"name": "Advice", "quantity": "1", "rate": "100.00"}])
    web = client_for(shop["admin"])
    assert on_screen(web, "invoices", doc["id"]) == [
        ("Sub total", Decimal("100.00")), ("Tax", Decimal("0.00")), ("Total", Decimal("100.00")),
        ("Balance due", Decimal("100.00"))]  # no discount: no discount row
    set_fields(registry, "invoices", doc["id"], number="INV-000031", status="partially_paid", balance=Decimal("40.00"))
    rows = on_screen(web, "invoices", doc["id"])
    assert rows[-1] == ("Balance due", Decimal("40.00")) and adds_up(rows)
    assert in_pdf(api, "invoices", doc["id"])[-1] == ("Balance due", Decimal("40.00"))
    details = web.get(f"/m/books/invoices/{doc['id']}").get_data(as_text=True).split('id="lines"')[0]
    assert "Sub total" not in details and "Balance due" not in details


def test_b2_totals_the_finance_application_computed_otherwise_still_add_up(shop, api_for, client_for, registry):
    """A total the finance application made larger (say, a shipping charge) shows the difference as
    an adjustment, so the block still adds up."""
    api = api_for(shop["admin"])
    doc = create_doc(api, "invoices", account_id=shop["account"].id)
    set_fields(registry, "invoices", doc["id"], total=Decimal("233.01"))
    rows = on_screen(client_for(shop["admin"]), "invoices", doc["id"])
    assert ("Adjustment", Decimal("10.00")) in rows and adds_up(rows)
