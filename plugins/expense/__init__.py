"""Expense: Expenses and expense reports, synced with the Expense application."""
from __future__ import annotations

from core import Manifest, Permission, Tab, hookimpl, master_sync_types

manifest = Manifest(name="expense", label="Expense", version="0.1.0",
                    description="Expenses and expense reports, synced with the Expense application.")


@hookimpl
def register_permissions():
    return [Permission("app.expense", "Access Expense", "Apps"), Permission("expense.approve", "Approve expense reports", "Expense")]


@hookimpl
def register_tabs():
    return [Tab(key="expense", label="Expense", modules=("expense/expenses", "expense/reports"), order=52, app="expense")]


@hookimpl
def register_sync_types():
    """The CRM records this app's finance application needs as its customers."""
    return master_sync_types("expense", ("accounts", "contacts"))
