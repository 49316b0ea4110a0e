"""Finsuite's public plugin API: everything a plugin may import from the core, and nothing else.

Plugins use ``hookimpl`` to implement the hooks of :mod:`core.hookspecs`, return the
declarations below, build their tables on ``TenantModel`` and their schemas on
``RecordSchema``.
"""
from .actions import perform_action
from .app import create_app
from .declarations import (
    Column, ConnectorSpec, DashboardComponent, DetailStrip, EmailOption, EmailTemplate, LineItems, Manifest,
    Migration, Module, PdfTemplate, Permission, ProductSection, RelatedList, Report, Setting, StatusAction,
    StripItem, SyncJob, SyncType, Tab,
)
from .documents import (
    DocumentModel, DocumentSchema, LineItemSchema, LineModel, currency_places, document_totals, line_amounts,
    lines_for,
)
from .documents.kit import (
    CUSTOMER_REFERENCES, CustomerDocumentModel, CustomerDocumentSchema, CustomerStatement, DocumentSync,
    StatusMoves, attach_pdf_option, customer_document_module, document_columns, document_email_template, document_page_indexes,
    document_pdf_attachment, document_pdf_template, document_recipients, document_related_list, document_status,
    document_title, draft_only, mark_sent_after_email, parent_params,
)
from .files import file_column, file_field, prefetch_files
from .hookimpl import hookimpl
from .i18n import format_money, gettext, lazy_gettext
from .models import MoneyField, QuantityField, TenantModel, money_sum, to_money
from .pdf import referenced, render_pdf, render_pdf_template
from .permissions import can, can_module
from .records import Conflict, Invalid, NotFound, create_record, update_record
from .settings import setting
from .sync.master import master_sync_types
from .sync.remote import finance_record, finance_records
from .schemas import Money, Rate, RecordSchema, email_field, reference, required_text, text
from .tenancy import app_enabled

__all__ = [
    "Column", "Conflict", "ConnectorSpec", "DashboardComponent", "DetailStrip", "DocumentModel", "DocumentSchema",
    "EmailOption", "EmailTemplate", "Invalid", "LineItemSchema", "LineItems", "LineModel",
    "Manifest", "Migration", "Module", "Money", "MoneyField", "NotFound", "PdfTemplate", "Permission",
    "ProductSection", "QuantityField", "Rate", "RecordSchema", "RelatedList", "Report", "Setting", "StatusAction",
    "StripItem", "SyncJob", "SyncType", "Tab", "TenantModel", "can", "can_module", "create_app", "create_record",
    "currency_places", "document_totals", "email_field", "file_column", "file_field", "finance_record",
    "finance_records", "format_money",
    "gettext", "hookimpl", "line_amounts", "lines_for", "money_sum", "lazy_gettext", "master_sync_types",
    "perform_action", "prefetch_files", "reference", "referenced", "render_pdf", "render_pdf_template",
    "required_text",
    "setting", "text", "to_money", "update_record",
    "app_enabled",  # core/tenancy.py
    # documents for customers (core/documents/kit.py)
    "CUSTOMER_REFERENCES", "CustomerDocumentModel", "CustomerDocumentSchema", "CustomerStatement", "DocumentSync",
    "customer_document_module",
    "StatusMoves", "attach_pdf_option", "document_columns", "document_email_template", "document_page_indexes",
    "document_pdf_attachment", "document_pdf_template", "document_recipients", "document_related_list",
    "document_status", "document_title", "draft_only", "mark_sent_after_email", "parent_params",
]
