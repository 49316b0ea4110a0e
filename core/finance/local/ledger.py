"""Derived figures kept on the rows (so a change shows in ``list_changed``): a contact's
receivables, payables and quantities on open sales orders, an item's committed stock, and the
date-driven statuses (overdue invoices and bills, expired estimates)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal


from .db import money_sum, utcnow
from .documents import RECEIVABLE
from .models import Contact, Document, Item, Line, Payment, PaymentApplication

PAYABLE = ("open", "overdue", "partially_paid")
#: a contact's figures -> (the doc_type, the statuses of the documents whose balances it sums):
#: what :func:`recalc_contacts` computes, and the documents a strip's figure links to
#: (:func:`core.figure_documents`)
CONTACT_FIGURES = {"outstanding_receivable_amount": ("invoices", RECEIVABLE),
                   "overdue_receivable_amount": ("invoices", ("overdue",)),
                   "outstanding_payable_amount": ("bills", PAYABLE)}


def today_utc() -> dt.date:
    return utcnow().date()


def _sum(query) -> Decimal:
    value = query.scalar()
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _ordered(contact_id: int) -> Decimal:
    """The quantities on the contact's open sales orders."""
    value = (Line.select(money_sum(Line.quantity)).join(Document)
             .where((Document.contact_id == contact_id) & (Document.doc_type == "salesorders")
                    & (Document.status == "open")).scalar())
    return Decimal(value or 0).quantize(Decimal("0.001"))


def recalc_contacts(contact_ids) -> None:
    """Recompute the balances and ordered quantities of these contacts; touch those that changed."""
    for contact in Contact.select().where(Contact.id.in_(sorted({c for c in contact_ids if c}))):
        docs = Document.select(money_sum(Document.balance)).where(Document.contact_id == contact.id)
        receivable, overdue, payable = (
            _sum(docs.where((Document.doc_type == kind) & Document.status.in_(statuses)))
            for kind, statuses in (CONTACT_FIGURES[name] for name in (
                "outstanding_receivable_amount", "overdue_receivable_amount", "outstanding_payable_amount")))
        ordered = _ordered(contact.id)
        paid = Payment.select(Payment.id).where(Payment.customer_id == contact.id)
        credits = _sum(Payment.select(money_sum(Payment.amount)).where(Payment.customer_id == contact.id)) - _sum(
            PaymentApplication.select(money_sum(PaymentApplication.amount_applied)).where(
                PaymentApplication.payment_id.in_(paid)))
        if (receivable, overdue, payable, ordered, credits) != (
                contact.outstanding_receivable_amount, contact.overdue_receivable_amount,
                contact.outstanding_payable_amount, contact.open_salesorder_quantity,
                contact.unused_credits_receivable_amount):
            Contact.update(outstanding_receivable_amount=receivable, overdue_receivable_amount=overdue,
                           outstanding_payable_amount=payable, open_salesorder_quantity=ordered,
                           unused_credits_receivable_amount=credits,
                           last_modified_time=utcnow()).where(Contact.id == contact.id).execute()


def recalc_items(item_ids) -> None:
    """Committed stock = quantities on open sales orders not yet packed; touch what changed."""
    ids = sorted({i for i in item_ids if i})
    if not ids:
        return
    rows = (Line.select(Line.item_id, money_sum(Line.quantity).alias("q"),
                        money_sum(Line.quantity_packed).alias("p"))
            .join(Document).where(Line.item_id.in_(ids) & (Document.doc_type == "salesorders")
                                  & (Document.status == "open"))
            .group_by(Line.item_id))
    committed = {row.item_id: Decimal(row.q) - Decimal(row.p) for row in rows}
    for item in Item.select(Item.id, Item.committed_stock).where(Item.id.in_(ids)):
        value = committed.get(item.id, Decimal("0.00")).quantize(Decimal("0.01"))
        if value != item.committed_stock:
            Item.update(committed_stock=value, last_modified_time=utcnow()).where(Item.id == item.id).execute()


def refresh_statuses(organization_id: str, today: dt.date | None = None) -> int:
    """Invoices and bills past due with a balance -> overdue; estimates past expiry -> expired.
    Returns how many documents moved."""
    today = today or today_utc()
    org = Document.organization_id == organization_id
    late = (Document.due_date.is_null(False) & (Document.due_date < today))
    moved = 0
    overdue = list(Document.select(Document.id, Document.contact_id).where(
        org & (Document.doc_type.in_(("invoices", "bills")))
        & Document.status.in_(("sent", "partially_paid", "open")) & late & (Document.balance > 0)))
    if overdue:
        moved += Document.update(status="overdue", last_modified_time=utcnow()).where(
            Document.id.in_([d.id for d in overdue])).execute()
        recalc_contacts(d.contact_id for d in overdue)
    moved += Document.update(status="expired", last_modified_time=utcnow()).where(
        org & (Document.doc_type == "estimates") & Document.status.in_(("draft", "sent")) & late).execute()
    return moved


def line_item_ids(document_id: int) -> list[int]:
    return [row.item_id for row in Line.select(Line.item_id).where(
        (Line.document == document_id) & Line.item_id.is_null(False))]


