"""How Books records reach the finance application (B2, docs/sync.md): documents at once, with
their customer or vendor and products synced first (Y5); master data every 2 hours."""
from __future__ import annotations

from core import DocumentSync, hookimpl, master_sync_types

from .modules import DOCUMENTS, DOC_TYPES, INVOICE_SOURCES

#: each document's own date field (the finance application uses the same name)
DUE_FIELDS = {"books/invoices": "due_date", "books/estimates": "expiry_date",
              "books/salesorders": "shipment_date", "books/purchaseorders": "delivery_date"}
#: statuses only the CRM holds (Zoho has no endpoint to close an order: docs/sync.md), kept
#: while the finance application still shows the status they were reached from; an estimate
#: converted here is invoiced before its invoice reaches the finance application, and stays so
#: where that leaves it as it was (Zoho documents the invoice's link, not what it does to the estimate)
KEPT_HERE = {"closed": {"open", "billed"}, "invoiced": {"draft", "sent", "accepted", "expired"}}
#: an invoice names what it was made from; the estimate is read back (invoiced there too)
SOURCES = {"books/invoices": {"sources": INVOICE_SOURCES, "source_moves": ("estimate_id",)}}
SYNCS = {m.name: DocumentSync(m, "books", DOC_TYPES[m.name], DUE_FIELDS[m.name], kept_here=KEPT_HERE,
                              **SOURCES.get(m.name, {}))
         for m in DOCUMENTS}


@hookimpl
def register_sync_types():
    documents = [sync.sync_type() for sync in SYNCS.values()]
    return [*documents, *master_sync_types("books", ("accounts", "contacts", "vendors", "products"))]
