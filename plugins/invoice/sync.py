"""How Invoice's records reach the Invoice application (its own organisation, docs/sync.md):
documents at once with their customer and products first (Y5); customers and items every 2 hours."""
from __future__ import annotations

from core import DocumentSync, hookimpl, master_sync_types

from .modules import ESTIMATES, INVOICES

SYNCS = {INVOICES.name: DocumentSync(INVOICES, "invoice", "invoices", "due_date"),
         ESTIMATES.name: DocumentSync(ESTIMATES, "invoice", "estimates", "expiry_date")}


@hookimpl
def register_sync_types():
    """Invoices and estimates, and the CRM records the Invoice application needs as its
    customers and items."""
    return [*(sync.sync_type() for sync in SYNCS.values()),
            *master_sync_types("invoice", ("accounts", "contacts", "products"))]
