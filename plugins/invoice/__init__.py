"""Invoice: Invoices and estimates, synced with the Invoice application."""
from __future__ import annotations

from core import Manifest, Permission, Tab, hookimpl, master_sync_types

manifest = Manifest(name="invoice", label="Invoice", version="0.1.0",
                    description="Invoices and estimates, synced with the Invoice application.")


@hookimpl
def register_permissions():
    return [Permission("app.invoice", "Access Invoice", "Apps")]


@hookimpl
def register_tabs():
    return [Tab(key="invoice", label="Invoice", modules=("invoice/invoices", "invoice/estimates"), order=51, app="invoice")]


@hookimpl
def register_sync_types():
    """The CRM records this app's finance application needs as its customers and items."""
    return master_sync_types("invoice", ("accounts", "contacts", "products"))
