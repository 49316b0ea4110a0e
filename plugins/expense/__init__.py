"""Expense: expenses (with their receipts) and expense reports, made in the CRM and synced with
the Expense application (E1, E2)."""
from __future__ import annotations

from core import N_, Manifest, Migration, Permission, Tab, format_money, gettext, hookimpl, owner_columns

from .actions import status_actions  # noqa: F401
from .demo import demo_records  # noqa: F401
from .models import TABLES, Expense, Report
from .modules import EXPENSES, MODULES
from .pages import related_lists  # noqa: F401
from .reports import register_dashboard_components, register_report_folders, register_reports  # noqa: F401
from .sync import record_saved, register_sync_types  # noqa: F401  (hook implementations live in the submodules)

manifest = Manifest(name="expense", label=N_("Expense"), version="0.2.0",
                    description=N_("Expenses and expense reports, synced with the Expense application."))


@hookimpl
def register_modules():
    return list(MODULES)


@hookimpl
def register_permissions():
    return [Permission("app.expense", N_("Access Expense"), N_("Apps")),
            Permission("expense.approve", N_("Approve expense reports"), N_("Expense"))]


@hookimpl
def register_tabs():
    return [Tab(key="expense", label=N_("Expense"), modules=tuple(m.name for m in MODULES), order=52, app="expense")]


@hookimpl
def register_migrations():
    return [Migration("expense", "0001_expenses_and_reports",
                      lambda migrator, database: database.create_tables(TABLES)),
            Migration("expense", "0002_owners", owner_columns({Expense: "date", Report: "start_date"}))]


@hookimpl
def record_title(module, record):
    """An expense as ``2026-05-03 · Meals · Brasserie Georges (95.15)`` (reports: their title), its
    category in the reader's language."""
    if module is not EXPENSES:
        return None
    parts = [record.date.isoformat() if record.date else "", gettext(record.category) if record.category else "",
             record.merchant]
    return " · ".join(p for p in parts if p) + f" ({format_money(record.total)})"
