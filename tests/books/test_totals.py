"""B2: totals are exact decimals, rounded half-up line by line, and agree everywhere: the API,
the core's rule, the finance application after sync, and the PDF's text. (The form's script is
checked against the same rule in tests/browser/test_document_form_browser.py.)"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from core import document_totals, line_amounts
from core.pdf import render_pdf
from core.sync.worker import drain
from tests.books.context_helpers import finance
from tests.books.printing_helpers import money, pdf_text

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("500"), places=3)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=3)
line = st.fixed_dictionaries({"quantity": quantities, "rate": rates, "discount_percent": percents,
                              "tax_percent": percents})


def test_b2_a_line_is_rounded_half_up_to_cents():
    figures = line_amounts(Decimal("1"), Decimal("0.125"), 0, 0)  # 0.125 -> 0.13 (half-up, not even)
    assert figures.amount == Decimal("0.13")
    figures = line_amounts(Decimal("3"), Decimal("19.99"), Decimal("10"), Decimal("7.5"))
    assert (figures.gross, figures.discount, figures.amount, figures.tax) == (
        Decimal("59.97"), Decimal("6.00"), Decimal("53.97"), Decimal("4.05"))
    assert line_amounts(2, 1000, 0, 0, places=0).amount == Decimal("2000")


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(line, min_size=1, max_size=8))
def test_b2_totals_agree_in_api_finance_and_pdf(lines, crm, api_for, registry):
    api = api_for(crm["admin"])
    body = {"account_id": crm["account"].id, "line_items": [
        {"description": f"Line {i}", **{k: str(v) for k, v in entry.items()}} for i, entry in enumerate(lines)]}
    doc = api.post("/api/v1/books/invoices", json=body).get_json()
    expected = document_totals([line_amounts(e["quantity"], e["rate"], e["discount_percent"], e["tax_percent"])
                                for e in lines])
    for name in ("sub_total", "discount_total", "tax_total", "total"):
        assert Decimal(doc[name]) == getattr(expected, name), name
    amounts, taxes = [], []  # the rule written out: quantity x rate less the discount, half-up; tax on that
    for entry, answered in zip(lines, doc["line_items"]):
        amount = _half_up(entry["quantity"] * entry["rate"] * (1 - entry["discount_percent"] / 100))
        tax = _half_up(amount * entry["tax_percent"] / 100)
        assert (Decimal(answered["amount"]), Decimal(answered["tax_amount"])) == (amount, tax)
        amounts.append(amount)
        taxes.append(tax)
    assert (Decimal(doc["sub_total"]), Decimal(doc["tax_total"])) == (sum(amounts), sum(taxes))
    assert Decimal(doc["total"]) == sum(amounts) + sum(taxes)
    drain(registry)
    synced = api.get(f"/api/v1/books/invoices/{doc['id']}").get_json()
    remote = finance(crm["tenant"]).get("invoices", synced["finance_id"])
    assert (remote["sub_total"], remote["tax_total"], remote["total"]) == (
        doc["sub_total"], doc["tax_total"], doc["total"])
    assert [(Decimal(r["quantity"]), r["item_total"], r["tax_amount"]) for r in remote["line_items"]] == [
        (entry["quantity"], ours["amount"], ours["tax_amount"]) for entry, ours in zip(lines, doc["line_items"])]
    module = registry.modules["books/invoices"]
    text = "\n".join(pdf_text(render_pdf(module, module.model.get_by_id(doc["id"]))))
    assert money(Decimal(doc["total"])) in text and money(Decimal(doc["tax_total"])) in text
