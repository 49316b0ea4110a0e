"""Customer payments of the embedded finance application, as Zoho keeps them
(customerpayments.yml): one payment of a customer, applied to one or more of their invoices
(``invoices: [{invoice_id, amount_applied}]``); what is not applied is the customer's credit.
Applying lowers each invoice's balance and moves it to partially paid or paid; changing or
deleting a payment gives the invoices back what it took."""
from __future__ import annotations

from decimal import Decimal

from . import validate as v
from .db import utcnow
from .documents import RECEIVABLE, invoice_status, party
from .ledger import recalc_contacts, today_utc
from .models import Document, Payment, PaymentApplication

RECEIVABLE_TEXT = "payments are recorded against sent, overdue or partially paid invoices"


def payment_dict(payment: Payment) -> dict:
    applied = list(PaymentApplication.select(PaymentApplication, Document.number).join(
        Document, on=(Document.id == PaymentApplication.invoice_id)).where(
        PaymentApplication.payment_id == payment.id).order_by(PaymentApplication.id).objects())
    used = sum((a.amount_applied for a in applied), Decimal("0.00"))
    return {"id": str(payment.id), "crm_id": payment.crm_id, "payment_number": payment.number,
            "number": payment.number, "customer_id": str(payment.customer_id),
            "invoice_id": str(applied[0].invoice_id) if applied else None,
            "invoices": [{"invoice_id": str(a.invoice_id), "invoice_number": a.number,
                          "amount_applied": str(a.amount_applied)} for a in applied],
            "amount": str(payment.amount), "unused_amount": str(payment.amount - used),
            "payment_mode": payment.payment_mode, "date": v.iso_date(payment.date),
            "reference_number": payment.reference_number,
            "created_time": v.iso_time(payment.created_time),
            "last_modified_time": v.iso_time(payment.last_modified_time)}


def write_payment(org: str, payment: Payment, payload: dict, creating: bool) -> Payment:
    """Apply ``payload`` (customer_id, amount, date, payment_mode, reference_number, invoices)
    to ``payment``, giving back what its earlier applications took first."""
    old_customer = payment.customer_id
    if creating or "customer_id" in payload:
        payment.customer_id = party(org, payload, "customer_id", True)
    amount = v.money(payload, "amount", required=creating)
    if amount is not None:
        if amount <= 0:
            raise v.reject("amount must be greater than zero")
        payment.amount = amount
    payment.date = v.date(payload, "date") or payment.date or today_utc()
    for field in ("payment_mode", "reference_number"):
        value = v.text(payload, field, max_length=100)
        if value is not None:
            setattr(payment, field, value)
    applications = _applications(payload) if creating or "invoices" in payload else None
    if applications is None and not creating and (payment.amount < _applied(payment)
                                                   or payment.customer_id != old_customer):
        applications = [(a.invoice_id, a.amount_applied) for a in _rows(payment)]
    payment.touch()
    payment.save()
    if applications is not None:
        _give_back(payment)
        _apply(org, payment, applications)
    recalc_contacts([old_customer, payment.customer_id])
    return payment


def _applications(payload: dict) -> list[tuple[int, Decimal]]:
    entries = payload.get("invoices")
    if entries in (None, ""):
        return []
    if not isinstance(entries, list):
        raise v.reject("invoices must be a list of {invoice_id, amount_applied}")
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise v.reject("invoices must be a list of {invoice_id, amount_applied}")
        out.append((v.parse_id(entry.get("invoice_id"), "invoice_id"),
                    v.money(entry, "amount_applied", required=True)))
    return out


def _rows(payment: Payment) -> list:
    return list(PaymentApplication.select().where(PaymentApplication.payment_id == payment.id)
                .order_by(PaymentApplication.id))


def _applied(payment: Payment) -> Decimal:
    return sum((a.amount_applied for a in _rows(payment)), Decimal("0.00"))


def _apply(org: str, payment: Payment, applications: list[tuple[int, Decimal]]) -> None:
    total = sum((amount for _, amount in applications), Decimal("0.00"))
    if total > payment.amount:
        raise v.reject(f"the amounts applied ({total}) are more than the payment's amount {payment.amount}")
    for invoice_id, amount in applications:
        invoice = Document.get_or_none((Document.id == invoice_id) & (Document.organization_id == org)
                                       & (Document.doc_type == "invoices"))
        if invoice is None:
            raise v.not_found("Invoice", invoice_id)
        if invoice.contact_id != payment.customer_id:
            raise v.reject(f"invoice {invoice.number} belongs to another customer")
        if invoice.status not in RECEIVABLE:
            raise v.reject(f"Invoice {invoice.number} is {invoice.status}: {RECEIVABLE_TEXT}", v.BAD_STATUS)
        if amount <= 0:
            raise v.reject("amount_applied must be greater than zero")
        if amount > invoice.balance:
            raise v.reject(f"amount {amount} is more than the invoice's balance {invoice.balance}")
        PaymentApplication.create(payment_id=payment.id, invoice_id=invoice.id, amount_applied=amount)
        _move(invoice, -amount)
    first = applications[0][0] if applications else 0
    if payment.invoice_id != first:
        payment.invoice_id = first
        payment.save()


def _give_back(payment: Payment) -> None:
    """The invoices this payment was applied to get back what it took (their statuses follow)."""
    for application in _rows(payment):
        invoice = Document.get_or_none(Document.id == application.invoice_id)
        if invoice is not None and invoice.status != "void":
            _move(invoice, application.amount_applied)
    PaymentApplication.delete().where(PaymentApplication.payment_id == payment.id).execute()


def _move(invoice: Document, change: Decimal) -> None:
    invoice.balance += change
    invoice.status = invoice_status(invoice, today_utc())
    invoice.touch()
    invoice.save()
    recalc_contacts([invoice.contact_id])


def delete_payment(org: str, payment: Payment) -> None:
    _give_back(payment)
    payment.delete_instance()
    recalc_contacts([payment.customer_id])


def unassociate(invoice: Document) -> None:
    """A voided invoice's payments apply to no invoice any more: its customer's credits
    (invoices.yml: "Upon voiding, the payments and credits associated with the invoices will be
    unassociated and will be under customer credits"). Its balance is its total again; the
    caller recomputes the customer."""
    payments = [a.payment_id for a in PaymentApplication.select(PaymentApplication.payment_id).where(
        PaymentApplication.invoice_id == invoice.id)]
    PaymentApplication.delete().where(PaymentApplication.invoice_id == invoice.id).execute()
    if payments:
        Payment.update(last_modified_time=utcnow()).where(Payment.id.in_(payments)).execute()
        Payment.update(invoice_id=0).where(Payment.id.in_(payments) & (Payment.invoice_id == invoice.id)).execute()
    invoice.balance = invoice.total


def has_payments(invoice_id: int) -> bool:
    return PaymentApplication.select().where(PaymentApplication.invoice_id == invoice_id).exists()
