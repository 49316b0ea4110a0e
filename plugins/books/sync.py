"""How Books records reach the finance application (B2, docs/sync.md): documents at once, with
their customer or vendor and products synced first (Y5); master data every 2 hours."""
from __future__ import annotations

import logging
from decimal import Decimal

from core import SyncType, hookimpl, lines_for, master_sync_types

from .modules import DOCUMENTS, DOC_TYPES, PURCHASE_ORDERS

log = logging.getLogger(__name__)
#: the finance application's name for each document's own date field
DUE_FIELDS = {"books/invoices": ("due_date", "due_date"), "books/estimates": ("expiry_date", "expiry_date"),
              "books/salesorders": ("shipment_date", "shipment_date"),
              "books/purchaseorders": ("delivery_date", "delivery_date")}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _plain(value: Decimal) -> str:
    """A percentage or quantity without trailing zeros (``"20"``, ``"1.5"``)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def payload_for(module):
    crm_field, finance_field = DUE_FIELDS[module.name]

    def to_payload(record, refs) -> dict:
        lines = lines_for(module, record.tenant, [record.id])[record.id]
        if module is PURCHASE_ORDERS:
            party = {"vendor_id": refs.finance_id("vendors", record.vendor_id)}
        elif record.contact_id:
            party = {"customer_id": refs.finance_id("contacts", record.contact_id)}
        else:
            party = {"customer_id": refs.finance_id("accounts", record.account_id)}
        return {**party, "date": _iso(record.date), finance_field: _iso(getattr(record, crm_field)),
                "reference_number": record.reference, "notes": record.notes,
                "line_items": [{"item_id": refs.finance_id("products", line.product_id), "name": line.name,
                                "description": line.description, "quantity": _plain(line.quantity),
                                "rate": str(line.rate), "discount_percent": _plain(line.discount_percent),
                                "tax_percentage": _plain(line.tax_percent)} for line in lines]}
    return to_payload


#: statuses only the CRM holds (Zoho has no endpoint to close an order: docs/sync.md), kept
#: while the finance application still shows the status they were reached from
KEPT_HERE = {"closed": {"open", "billed"}}


def from_remote(record, remote: dict) -> dict:
    """The number and status the finance application gave, and what is still owed."""
    status = remote.get("status") or record.status
    if status in KEPT_HERE.get(record.status, ()):
        status = record.status
    out = {"number": remote.get("number") or record.number, "status": status}
    if remote.get("balance") not in (None, ""):
        out["balance"] = Decimal(str(remote["balance"]))
    if remote.get("total") not in (None, "") and Decimal(str(remote["total"])) != record.total:
        log.warning("%s %s: the finance application's total %s differs from ours %s",
                    type(record).__name__, record.id, remote["total"], record.total)
    return out


@hookimpl
def register_sync_types():
    documents = [SyncType(module=m.name, app="books", doc_type=DOC_TYPES[m.name], to_payload=payload_for(m),
                          apply_remote=from_remote, instant=True, pull=True) for m in DOCUMENTS]
    return [*documents, *master_sync_types("books", ("accounts", "contacts", "vendors", "products"))]
