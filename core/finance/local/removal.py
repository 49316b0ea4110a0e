"""Deleting records in the embedded finance application, with the rules Zoho keeps: what money
or goods already moved through stays (an invoice with payments, a billed purchase order, a
packed sales order, an estimate turned into an invoice, an expense in a report under review, a
subscription already billed)."""
from __future__ import annotations

from . import validate as v
from .db import utcnow
from .documents import DOCS
from .ledger import line_item_ids, recalc_contacts, recalc_items
from .models import Document, Expense, ExpenseReport, Line, Package, Subscription
from .payments import has_payments
from .records import retotal

#: a report whose expenses can still be changed (Zoho Expense: before submission, or sent back)
OPEN_REPORT = ("draft", "rejected")
#: document statuses that keep a document: the record of a move that happened
KEPT = {"estimates": {"invoiced": "it was converted to an invoice"},
        "purchaseorders": {"billed": "it has been billed"}}


def delete_document(org: str, doc: Document) -> None:
    doc_type = doc.doc_type
    label = DOCS[doc_type].label
    why = KEPT.get(doc_type, {}).get(doc.status)
    if doc_type == "invoices" and has_payments(doc.id):
        why = "payments have been recorded against it"
    if doc_type == "salesorders" and Package.select().where(Package.salesorder_id == doc.id).exists():
        why = "it has packages"
    if why:
        raise v.reject(f"{label} {doc.number} cannot be deleted: {why}", v.BAD_STATUS)
    items = set(line_item_ids(doc.id))
    Line.delete().where(Line.document == doc).execute()
    doc.delete_instance()
    recalc_contacts([doc.contact_id])
    if doc_type == "salesorders":
        recalc_items(items)


def delete_expense(org: str, expense: Expense) -> None:
    report = ExpenseReport.get_or_none(ExpenseReport.id == expense.report_id) if expense.report_id else None
    if report is not None and report.status not in OPEN_REPORT:
        raise v.reject(f"The expense is in report {report.number}, which is {report.status}: "
                       "it cannot be deleted", v.BAD_STATUS)
    expense.delete_instance()
    if report is not None:
        retotal(report)


def delete_report(org: str, report: ExpenseReport) -> None:
    if report.status not in OPEN_REPORT:
        raise v.reject(f"Expense report {report.number} is {report.status}: it cannot be deleted",
                       v.BAD_STATUS)
    # its expenses stay, unreported, as in Zoho Expense
    Expense.update(report_id=None, last_modified_time=utcnow()).where(Expense.report_id == report.id).execute()
    report.delete_instance()


def delete_subscription(org: str, sub: Subscription) -> None:
    if Document.select().where(Document.subscription_id == sub.id).exists():
        raise v.reject(f"Subscription {sub.number} has been billed: cancel it instead", v.BAD_STATUS)
    sub.delete_instance()
