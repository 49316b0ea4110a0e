"""C4, Y2: a customer payment sent from the CRM to the embedded finance application, as Zoho's
``/customerpayments`` takes it: one payment applied to several invoices
(``invoices: [{invoice_id, amount_applied}]``), the rest kept as the customer's credit; the
invoices' balances and statuses follow it when it is created, changed, deleted, or an invoice
is voided."""
from __future__ import annotations

import pytest

from core.finance.base import RejectedError

from .conftest import customer, document


def _sent(fin, acme, rate):
    invoice = document(fin, "invoices", acme, [{"name": "Work", "quantity": "1", "rate": rate}])
    return fin.action("invoices", invoice["id"], "mark_sent")


def _pay(fin, acme, amount, applied, crm_id="payments/payments:1", **extra):
    return fin.create("payments", {"crm_id": crm_id, "customer_id": acme["id"], "amount": amount,
                                   "date": "2026-12-01", "payment_mode": "bank transfer",
                                   "invoices": [{"invoice_id": i["id"], "amount_applied": a} for i, a in applied],
                                   **extra})


def _state(fin, invoice):
    current = fin.get("invoices", invoice["id"])
    return current["status"], current["balance"]


def test_c4_one_payment_pays_several_invoices_and_the_rest_is_credit(fin):
    acme = customer(fin)
    first, second = _sent(fin, acme, "100"), _sent(fin, acme, "50")
    payment = _pay(fin, acme, "180.00", [(first, "100.00"), (second, "30.00")])
    assert payment["payment_number"] == "PAY-000001" and payment["payment_mode"] == "bank transfer"
    assert [(a["invoice_id"], a["amount_applied"]) for a in payment["invoices"]] == [
        (first["id"], "100.00"), (second["id"], "30.00")]
    assert payment["unused_amount"] == "50.00"
    assert _state(fin, first) == ("paid", "0.00") and _state(fin, second) == ("partially_paid", "20.00")
    contact = fin.get("contacts", acme["id"])
    assert (contact["outstanding_receivable_amount"], contact["unused_credits_receivable_amount"]) == ("20.00", "50.00")
    with pytest.raises(RejectedError, match="Unknown action 'mark_sent' for payments"):
        fin.action("payments", payment["id"], "mark_sent")


def test_c4_changing_a_payment_gives_back_first_then_applies_again(fin):
    acme = customer(fin)
    first, second = _sent(fin, acme, "100"), _sent(fin, acme, "50")
    payment = _pay(fin, acme, "100.00", [(first, "100.00")])
    changed = fin.update("payments", payment["id"], {"amount": "120.00", "invoices": [
        {"invoice_id": first["id"], "amount_applied": "70.00"}, {"invoice_id": second["id"], "amount_applied": "50.00"}]})
    assert changed["unused_amount"] == "0.00"
    assert _state(fin, first) == ("partially_paid", "30.00") and _state(fin, second) == ("paid", "0.00")
    fin.update("payments", payment["id"], {"reference_number": "Wire 42"})  # applications kept
    assert _state(fin, first) == ("partially_paid", "30.00")
    fin.delete("payments", payment["id"])
    assert _state(fin, first) == ("sent", "100.00") and _state(fin, second) == ("sent", "50.00")
    assert fin.get("contacts", acme["id"])["outstanding_receivable_amount"] == "150.00"


def test_c4_refused_payments_change_nothing(fin):
    acme, other = customer(fin), customer(fin, "Other Ltd")
    invoice = _sent(fin, acme, "100")
    draft = document(fin, "invoices", acme, [{"name": "Work", "quantity": "1", "rate": "10"}])
    theirs = _sent(fin, other, "10")
    refusals = [
        ("more than the invoice's balance 100.00", [(invoice, "100.01")], "200.00"),
        (r"the amounts applied \(100.00\) are more than the payment's amount 90.00", [(invoice, "100.00")], "90.00"),
        ("is draft: payments are recorded against sent", [(draft, "5.00")], "5.00"),
        ("belongs to another customer", [(theirs, "5.00")], "5.00"),
    ]
    for message, applied, amount in refusals:
        with pytest.raises(RejectedError, match=message):
            _pay(fin, acme, amount, applied)
    assert _state(fin, invoice) == ("sent", "100.00") and list(fin.list_changed("payments", None)) == []


def test_c4_voiding_an_invoice_turns_what_was_applied_into_credit(fin):
    acme = customer(fin)
    first, second = _sent(fin, acme, "100"), _sent(fin, acme, "50")
    payment = _pay(fin, acme, "150.00", [(first, "100.00"), (second, "50.00")])
    fin.action("invoices", first["id"], "mark_void")
    current = fin.get("payments", payment["id"])
    assert [a["invoice_id"] for a in current["invoices"]] == [second["id"]] and current["unused_amount"] == "100.00"
    assert fin.get("contacts", acme["id"])["unused_credits_receivable_amount"] == "100.00"
    with pytest.raises(RejectedError, match="payments have been recorded against it"):
        fin.delete("invoices", second["id"])
