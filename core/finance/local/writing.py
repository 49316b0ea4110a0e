"""Writing the built-in kinds of records of the embedded finance application from a payload
(docs/sync.md shapes), with what the write changes elsewhere: a report's total, a customer's
receivable, committed stock (each a ``FinanceDocType.write``)."""
from __future__ import annotations

from . import records as r
from . import totals as t
from . import validate as v
from .documents import DOCS, FROZEN, invoice_source, invoice_status, parse_lines, party, write_lines
from .ledger import line_item_ids, recalc_contacts, recalc_items, today_utc
from .models import Document, ExpenseReport, Line


def write_contact(org: str, row, payload: dict, creating: bool):
    r.apply_contact(row, payload, creating)
    return _save(row)


def write_item(org: str, row, payload: dict, creating: bool):
    r.apply_item(row, payload, creating)
    return _save(row)


def write_expense(org: str, row, payload: dict, creating: bool):
    """An expense, and the total of the report it is in."""
    r.apply_expense(row, payload, creating, party(org, payload, "customer_id", False))
    _save(row)
    if row.report_id:
        r.retotal(ExpenseReport.get_by_id(row.report_id))
    return row


def write_subscription(org: str, row, payload: dict, creating: bool):
    if creating or "customer_id" in payload:
        row.customer_id = party(org, payload, "customer_id", True)
    r.apply_subscription(row, payload, creating)
    return _save(row)


def _save(row):
    row.touch()
    row.save()
    return row


def invoiced(source: Document) -> None:
    """An estimate an invoice is made from is ``invoiced``, as converting it makes it (a sales
    order keeps its status)."""
    if source.doc_type == "estimates" and source.status != "invoiced":
        source.status = "invoiced"
        _save(source)


def write_document(org: str, doc_type: str, doc: Document, payload: dict, creating: bool) -> Document:
    spec = DOCS[doc_type]
    if not creating and doc.status in FROZEN.get(doc_type, ()):
        raise v.reject(f"{spec.label} is {doc.status} and can no longer be changed", v.BAD_STATUS)
    old_contact, old_items = doc.contact_id, (set() if creating else set(line_item_ids(doc.id)))
    t.check_discount_settings(payload, spec.label)
    if creating or spec.party_field in payload:
        doc.contact_id = party(org, payload, spec.party_field, True)
    lines = parse_lines(org, payload.get("line_items")) if creating or "line_items" in payload else None
    source = invoice_source(org, payload) if creating and doc_type == "invoices" else None
    for field, attr in (("date", "date"), (spec.due_field, "due_date")):
        if field in payload:
            setattr(doc, attr, v.date(payload, field))
    for field in ("reference_number", "notes"):
        value = v.text(payload, field, max_length=100 if field == "reference_number" else 10000)
        if value is not None:
            setattr(doc, field, value)
    if doc.date and doc.due_date and doc.due_date < doc.date:
        raise v.reject(f"{spec.due_field} is before date")
    if creating:  # numbered by ``LocalFinance.create`` (the kind's series)
        doc.doc_type, doc.status = doc_type, "draft"
        doc.date = doc.date or today_utc()
    if source is not None:
        doc.source_id, doc.source_type = source.id, source.doc_type
        invoiced(source)
    paid = doc.total - doc.balance if not creating else 0
    if lines is not None and not creating and Line.select().where(
            (Line.document == doc) & (Line.quantity_packed > 0)).exists():
        raise v.reject(f"{spec.label} has packages: its line_items can no longer be changed", v.BAD_STATUS)
    doc.touch()
    doc.save()
    if lines is not None:
        write_lines(doc, lines)
        if doc.total < paid:
            raise v.reject(f"the new total {doc.total} is less than the {paid} already paid")
        doc.balance = doc.total - paid
    if doc_type == "invoices":
        doc.status = invoice_status(doc, today_utc())
    doc.save()
    recalc_contacts([old_contact, doc.contact_id])
    if doc_type == "salesorders":
        recalc_items(old_items | set(line_item_ids(doc.id)))
    return doc
