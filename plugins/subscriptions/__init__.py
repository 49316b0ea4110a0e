"""Subscriptions: Subscriptions of accounts and contacts, viewed and edited in context."""
from __future__ import annotations

from core import Manifest, Permission, hookimpl, master_sync_types

manifest = Manifest(name="subscriptions", label="Subscriptions", version="0.1.0",
                    description="Subscriptions of accounts and contacts, viewed and edited in context.")


@hookimpl
def register_permissions():
    return [Permission("app.subscriptions", "Access Subscriptions", "Apps")]


@hookimpl
def register_sync_types():
    """The CRM records this app's finance application needs as its customers and items."""
    return master_sync_types("subscriptions", ("accounts", "contacts", "products"))
