"""Inventory: Packages and shipments on accounts and contacts; stock on product pages."""
from __future__ import annotations

from core import Manifest, Permission, Tab, hookimpl

manifest = Manifest(name="inventory", label="Inventory", version="0.1.0",
                    description="Packages and shipments on accounts and contacts; stock on product pages.")


@hookimpl
def register_permissions():
    return [Permission("app.inventory", "Access Inventory", "Apps")]
