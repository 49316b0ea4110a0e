"""Invoice (I1): invoices and estimates made in the CRM and synced with the Invoice application
(its own organisation, ``<slug>-invoice``, for the embedded one), distinct from Books'."""
from __future__ import annotations

from core import (
    N_, Manifest, Migration, Permission, Tab, document_page_indexes, document_title, grant_alongside, hookimpl,
    items_report_index, owner_columns,
)

from .actions import status_actions  # noqa: F401  (hook implementations live in the submodules)
from .demo import demo_records  # noqa: F401
from .models import PAGE_INDEXES, TABLES, Estimate, Invoice, InvoiceLine
from .modules import DOCUMENTS, ITEMS
from .pages import related_lists  # noqa: F401
from .printing import email_options, register_email_templates, register_pdf_templates  # noqa: F401
from .reports import register_dashboard_components, register_report_folders, register_reports  # noqa: F401
from .sync import register_sync_types  # noqa: F401

manifest = Manifest(name="invoice", label=N_("Invoice"), version="0.2.0",
                    description=N_("Invoices and estimates, synced with the Invoice application."))


@hookimpl
def register_modules():
    return [*DOCUMENTS, ITEMS]


@hookimpl
def register_permissions():
    return [Permission("app.invoice", N_("Access Invoice"), N_("Apps")),
            Permission("invoice.email", N_("Send Invoice documents by e-mail"), N_("Invoice"))]


@hookimpl
def register_tabs():
    return [Tab(key="invoice", label=N_("Invoice"), modules=(*(m.name for m in DOCUMENTS), ITEMS.name), order=51,
                app="invoice")]


@hookimpl
def register_migrations():
    return [Migration("invoice", "0001_documents", lambda migrator, database: database.create_tables(TABLES)),
            Migration("invoice", "0002_page_indexes", document_page_indexes(PAGE_INDEXES)),
            Migration("invoice", "0003_owners", owner_columns({Invoice: "date", Estimate: "date"})),
            Migration("invoice", "0004_items_permission", grant_alongside("invoice/invoices.view", "invoice/items.view")),
            Migration("invoice", "0005_items_report_index", items_report_index(InvoiceLine)),
            Migration("invoice", "0006_status_page_indexes", document_page_indexes(PAGE_INDEXES))]


@hookimpl
def record_title(module, record):
    if module.name in ("invoice/invoices", "invoice/estimates"):
        return document_title(module, record)
    return None
