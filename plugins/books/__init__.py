"""Books: invoices, estimates, sales orders, purchase orders and their items, made in the CRM and
synced with the finance application (B1-B9, B13)."""
from __future__ import annotations

from core import N_, Manifest, Migration, Permission, Tab, document_title, hookimpl, items_report_index, owner_columns

from .actions import status_actions  # noqa: F401
from .convert import invoice_sources
from .demo import demo_records  # noqa: F401
from .models import TABLES, BooksLine, Estimate, Invoice, PurchaseOrder, SalesOrder
from .modules import DOCUMENTS, ITEMS
from .printing import email_options, register_email_templates, register_pdf_templates  # noqa: F401
from .pages import detail_strips, page_indexes, product_sections, related_lists  # noqa: F401
from .reports import register_dashboard_components, register_report_folders, register_reports  # noqa: F401
from .sync import register_sync_types  # noqa: F401  (hook implementations live in the submodules)
from .triggers import record_saved, register_settings  # noqa: F401

manifest = Manifest(name="books", label=N_("Books"), version="0.2.0",
                    description=N_("Invoices, estimates, sales orders, purchase orders and their items, "
                                   "synced with the finance application."))


@hookimpl
def register_modules():
    return [*DOCUMENTS, ITEMS]


@hookimpl
def register_permissions():
    return [Permission("app.books", N_("Access Books"), N_("Apps")),
            Permission("books.email", N_("Send Books documents by e-mail"), N_("Books"))]


@hookimpl
def register_tabs():
    return [Tab(key="books", label=N_("Books"), modules=(*(m.name for m in DOCUMENTS), ITEMS.name), order=50,
                app="books")]


@hookimpl
def register_migrations():
    return [Migration("books", "0001_documents", lambda migrator, database: database.create_tables(TABLES)),
            Migration("books", "0002_page_indexes", page_indexes),
            Migration("books", "0003_owners", owner_columns(
                {Invoice: "date", Estimate: "date", SalesOrder: "date", PurchaseOrder: "date"})),
            Migration("books", "0004_items_report_index", items_report_index(BooksLine)),
            Migration("books", "0005_status_page_indexes", page_indexes),
            Migration("books", "0006_invoice_sources", invoice_sources)]


@hookimpl
def record_title(module, record):
    if module in DOCUMENTS:
        return document_title(module, record)
    return None
