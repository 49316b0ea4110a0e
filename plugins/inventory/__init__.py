"""Inventory: Packages and shipments on accounts and contacts; stock on product pages."""
from __future__ import annotations

from core import Manifest, Permission, hookimpl, master_sync_types

manifest = Manifest(name="inventory", label="Inventory", version="0.1.0",
                    description="Packages and shipments on accounts and contacts; stock on product pages.")


@hookimpl
def register_permissions():
    return [Permission("app.inventory", "Access Inventory", "Apps")]


@hookimpl
def register_sync_types():
    """The CRM records this app's finance application needs as its customers, vendors and items."""
    return master_sync_types("inventory", ("accounts", "contacts", "vendors", "products"))
