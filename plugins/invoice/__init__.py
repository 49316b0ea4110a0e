"""Invoice: Invoices and estimates, synced with the Invoice application."""
from __future__ import annotations

from core import Manifest, Permission, Tab, hookimpl

manifest = Manifest(name="invoice", label="Invoice", version="0.1.0",
                    description="Invoices and estimates, synced with the Invoice application.")


@hookimpl
def register_permissions():
    return [Permission("app.invoice", "Access Invoice", "Apps")]


@hookimpl
def register_tabs():
    return [Tab(key="invoice", label="Invoice", modules=("invoice/invoices", "invoice/estimates"), order=51, app="invoice")]
