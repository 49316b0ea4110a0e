"""Books: Invoices, estimates, sales orders, purchase orders and their items, synced with the finance application."""
from __future__ import annotations

from core import Manifest, Permission, Tab, hookimpl, master_sync_types

manifest = Manifest(name="books", label="Books", version="0.1.0",
                    description="Invoices, estimates, sales orders, purchase orders and their items, synced with the finance application.")


@hookimpl
def register_permissions():
    return [Permission("app.books", "Access Books", "Apps"), Permission("books.email", "Send Books documents by e-mail", "Books")]


@hookimpl
def register_tabs():
    return [Tab(key="books", label="Books", modules=("books/invoices", "books/estimates", "books/salesorders", "books/purchaseorders"), order=50, app="books")]


@hookimpl
def register_sync_types():
    """The CRM records this app's finance application needs as its customers, vendors and items."""
    return master_sync_types("books", ("accounts", "contacts", "vendors", "products"))
