"""Documents (invoices, estimates, sales orders, purchase orders, bills): numbering, lines and
their exact totals, the status machine of each type, and their dict shape (docs/sync.md)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee

from ...i18n import N_
from . import totals as t
from . import validate as v
from .db import finance_db, utcnow
from .models import Contact, Counter, Document, Item, Line
from .taxes import line_tax


@dataclass(frozen=True)
class DocSpec:
    series: str
    number_field: str
    due_field: str
    party_field: str = "customer_id"
    label: str = "Invoice"


DOCS = {
    "invoices": DocSpec("INV", "invoice_number", "due_date", label=N_("Invoice")),
    "estimates": DocSpec("EST", "estimate_number", "expiry_date", label=N_("Estimate")),
    "salesorders": DocSpec("SO", "salesorder_number", "shipment_date", label=N_("Sales order")),
    "purchaseorders": DocSpec("PO", "purchaseorder_number", "delivery_date", "vendor_id", N_("Purchase order")),
    "bills": DocSpec("BILL", "bill_number", "due_date", "vendor_id", N_("Bill")),
}

#: doc_type -> action -> (statuses it may start from, status it leads to); docs/sync.md
ACTIONS = {
    # invoices.yml: voiding unassociates the invoice's payments (customer credits, ``ops.py``)
    "invoices": {"mark_sent": ({"draft"}, "sent"),
                 "mark_void": ({"draft", "sent", "overdue", "partially_paid", "paid"}, "void")},
    "estimates": {"mark_sent": ({"draft"}, "sent"),
                  "mark_accepted": ({"draft", "sent"}, "accepted"),
                  "mark_declined": ({"draft", "sent"}, "declined"),
                  "convert_to_invoice": ({"draft", "sent", "accepted"}, "invoiced")},
    "salesorders": {"convert_to_open": ({"draft"}, "open"), "mark_void": ({"draft", "open"}, "void"),
                    "mark_closed": ({"open"}, "closed"), "reopen": ({"void", "closed"}, "open")},
    "purchaseorders": {"convert_to_open": ({"draft"}, "open"),
                       "mark_cancelled": ({"draft", "open"}, "cancelled"),
                       "mark_closed": ({"open", "billed"}, "closed"),
                       "reopen": ({"cancelled", "closed"}, "open")},
    "expense_reports": {"submit": ({"draft", "rejected"}, "submitted"),
                        "approve": ({"submitted"}, "approved"),
                        "reject": ({"submitted"}, "rejected"),
                        "reimburse": ({"approved"}, "reimbursed")},
    "subscriptions": {"cancel": ({"live", "trial", "non_renewing"}, "cancelled"),
                      "cancel_at_end": ({"live", "trial"}, "non_renewing"),
                      "reactivate": ({"cancelled", "non_renewing"}, "live")},
}
#: a document in these statuses can no longer be edited
FROZEN = {"invoices": {"paid", "void"}, "estimates": {"invoiced"}, "salesorders": {"void", "closed"},
          "purchaseorders": {"billed", "closed", "cancelled"}, "bills": {"paid"}}
#: invoices whose balance is owed
RECEIVABLE = ("sent", "overdue", "partially_paid")
#: what an invoice is made from: the field naming it (on create, in the invoice's dict) -> its doc_type
INVOICE_SOURCES = {"estimate_id": "estimates", "salesorder_id": "salesorders"}


def check_move(moves: dict, doc_type: str, action: str, status: str, label: str) -> str:
    """The status ``action`` (one of ``moves``: action -> (from statuses, to)) leads to from
    ``status``, or a ``RejectedError`` naming it."""
    if action not in moves:
        known = ", ".join(moves) or "none"
        raise v.reject(f"Unknown action {action!r} for {doc_type} (known: {known})")
    sources, target = moves[action]
    if status not in sources:
        raise v.reject(f"{label} is {status}: {action} is only possible when it is "
                       f"{' or '.join(sorted(sources))}", v.BAD_STATUS)
    return target


def next_number(organization_id: str, series: str) -> str:
    """``<series>-000001``, then 2, 3 ... per organisation; safe under concurrent writers."""
    where = (Counter.organization_id == organization_id) & (Counter.series == series)
    with finance_db.atomic():
        if not Counter.update(value=Counter.value + 1).where(where).execute():
            try:
                with finance_db.atomic():
                    Counter.create(organization_id=organization_id, series=series, value=1)
            except peewee.IntegrityError:
                Counter.update(value=Counter.value + 1).where(where).execute()
        value = Counter.select(Counter.value).where(where).scalar()
    return f"{series}-{value:06d}"


def parse_lines(organization_id: str, raw) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise v.reject("line_items is required: at least one line")
    lines = []
    for index, entry in enumerate(raw):
        where = f"line_items[{index}]"
        if not isinstance(entry, dict):
            raise v.reject(f"Invalid value passed for {where}")
        item = None
        if entry.get("item_id") not in (None, ""):
            item_id = v.parse_id(entry["item_id"], f"{where}.item_id")
            item = Item.get_or_none((Item.id == item_id) & (Item.organization_id == organization_id))
            if item is None:
                raise v.reject(f"{where}.item_id: item {entry['item_id']} does not exist")
        name = v.text(entry, "name") or (item.name if item else None)
        if not name:
            raise v.reject(f"{where}.name is required")
        quantity = v.quantity(entry, "quantity", required=True)
        rate = v.money(entry, "rate", required=item is None, default=item.rate if item else None)
        discount = t.parse_discount(entry.get("discount"), f"{where}.discount")
        named = line_tax(organization_id, entry, where)  # a tax_id wins over a tax_percentage
        tax = named.tax_percentage if named else v.percent(entry, "tax_percentage")
        if tax is None:
            tax = item.tax_percentage if item else "0"
        figures = t.line_totals(quantity, rate, discount, tax, f"{where}.discount")
        lines.append({"position": index, "item_id": item.id if item else None, "name": name[:300],
                      "description": v.text(entry, "description", max_length=10000) or "",
                      "quantity": quantity, "rate": rate,
                      "discount_percent": t.plain(discount.percent) if discount.percent is not None else "0",
                      "tax_percentage": tax, "tax_id": named.id if named else 0,
                      "item_total": figures.item_total, "tax_amount": figures.tax_amount})
    return lines


def write_lines(document: Document, lines: list[dict]) -> None:
    Line.delete().where(Line.document == document).execute()
    Line.insert_many([{**line, "document": document.id} for line in lines]).execute()
    document.sub_total, document.tax_total, document.total = t.document_totals(lines)


def party(organization_id: str, payload: dict, field: str, required: bool) -> int | None:
    if payload.get(field) in (None, ""):
        if required:
            raise v.reject(f"{field} is required")
        return None
    contact_id = v.parse_id(payload[field], field)
    if not Contact.select().where((Contact.id == contact_id)
                                  & (Contact.organization_id == organization_id)).exists():
        raise v.reject(f"{field}: contact {payload[field]} does not exist")
    return contact_id


def invoice_status(document: Document, today: dt.date) -> str:
    """Where an issued invoice stands given its balance and due date."""
    if document.status in ("draft", "void"):
        return document.status
    if document.balance <= 0:
        return "paid"
    if document.due_date and document.due_date < today:
        return "overdue"
    return "partially_paid" if document.balance < document.total else "sent"


def line_dict(line: Line, doc_type: str) -> dict:
    discount = t.stored_discount(line.discount_percent, line.quantity, line.rate, line.item_total)
    out = {"line_item_id": str(line.id), "item_id": str(line.item_id) if line.item_id else None,
           "name": line.name, "description": line.description, "quantity": t.plain(line.quantity),
           "rate": str(line.rate), "discount": discount.text,
           "discount_amount": str(t.half_up(line.quantity * line.rate) - line.item_total),
           "tax_id": str(line.tax_id) if line.tax_id else "",
           "tax_percentage": line.tax_percentage, "item_total": str(line.item_total),
           "tax_amount": str(line.tax_amount)}
    if doc_type == "salesorders":
        out["quantity_packed"] = t.plain(line.quantity_packed)
    return out


def document_dict(document: Document, lines: list[Line] | None = None) -> dict:
    spec = DOCS[document.doc_type]
    if lines is None:
        lines = list(Line.select().where(Line.document == document).order_by(Line.position))
    out = {"id": str(document.id), "crm_id": document.crm_id,
           spec.number_field: document.number, "number": document.number,
           "status": document.status, spec.party_field: str(document.contact_id),
           "date": v.iso_date(document.date), spec.due_field: v.iso_date(document.due_date),
           "reference_number": document.reference_number, "notes": document.notes,
           "discount_type": t.ITEM_LEVEL, "is_discount_before_tax": True,
           "line_items": [line_dict(line, document.doc_type) for line in lines],
           "sub_total": str(document.sub_total), "tax_total": str(document.tax_total),
           "total": str(document.total), "balance": str(document.balance),
           "created_time": v.iso_time(document.created_time),
           "last_modified_time": v.iso_time(document.last_modified_time)}
    if document.doc_type == "bills" and document.source_id:
        out["purchaseorder_id"] = str(document.source_id)
    if document.doc_type == "invoices":
        made_from = document.source_type or "estimates"  # an untyped source is an estimate (older rows)
        for name, doc_type in INVOICE_SOURCES.items():
            out[name] = str(document.source_id) if document.source_id and made_from == doc_type else None
        out["subscription_id"] = str(document.subscription_id) if document.subscription_id else None
    return out


def invoice_source(organization_id: str, payload: dict) -> Document | None:
    """The estimate or sales order a new invoice's payload names (``estimate_id`` or
    ``salesorder_id``), or ``None``; one of another organisation, or none, is refused."""
    named = [(name, doc_type) for name, doc_type in INVOICE_SOURCES.items() if payload.get(name) not in (None, "")]
    if len(named) > 1:
        raise v.reject("estimate_id and salesorder_id: an invoice is made from one of them")
    if not named:
        return None
    name, doc_type = named[0]
    source = Document.get_or_none((Document.id == v.parse_id(payload[name], name))
                                  & (Document.organization_id == organization_id) & (Document.doc_type == doc_type))
    if source is None:
        raise v.reject(f"{name}: {DOCS[doc_type].label.lower()} {payload[name]} does not exist")
    return source


def touch(document: Document) -> None:
    document.last_modified_time = utcnow()


def insert_document(organization_id: str, doc_type: str, contact_id: int, lines: list[dict],
                    status: str = "draft", **fields) -> Document:
    """A new numbered document with its lines and totals (balance = total)."""
    with finance_db.atomic():
        document = Document(organization_id=organization_id, doc_type=doc_type, contact_id=contact_id,
                            status=status, number=next_number(organization_id, DOCS[doc_type].series),
                            **fields)
        if document.date is None:
            document.date = utcnow().date()
        document.save()
        write_lines(document, lines)
        document.balance = document.total
        document.save()
    return document


def copy_lines(document: Document) -> list[dict]:
    """The lines of ``document`` in the shape ``write_lines`` takes."""
    keys = ("position", "item_id", "name", "description", "quantity", "rate", "discount_percent",
            "tax_percentage", "tax_id", "item_total", "tax_amount")
    return [{k: getattr(line, k) for k in keys}
            for line in Line.select().where(Line.document == document).order_by(Line.position)]
