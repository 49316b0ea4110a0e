"""How Books records reach the finance application (docs/sync.md)."""
from __future__ import annotations

from core import hookimpl, master_sync_types


@hookimpl
def register_sync_types():
    """The CRM records this app's finance application needs as its customers, vendors and items."""
    return master_sync_types("books", ("accounts", "contacts", "vendors", "products"))
