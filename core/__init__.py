"""Finsuite's public plugin API: everything a plugin may import from the core, and nothing else.

Plugins use ``hookimpl`` to implement the hooks of :mod:`core.hookspecs`, return the
declarations below, build their tables on ``TenantModel`` and their schemas on
``RecordSchema``.
"""
from .actions import perform_action
from .app import create_app
from .declarations import (
    ActionCreated, Column, ConnectorSpec, DashboardComponent, DetailStrip, EmailOption, EmailTemplate, FigureDocuments,
    FinanceDocType, LineItems, ListLink, Manifest, Migration, Module, PdfTemplate, Permission, ProductSection,
    RelatedList, Report, ReportFolder, Setting, StatusAction, StripItem, SyncJob, SyncType, Tab,
)
from .documents import (
    DocumentModel, DocumentSchema, LineItemSchema, LineModel, currency_places, document_totals, line_amounts,
    lines_for,
)
from .documents.kit import (
    CUSTOMER_REFERENCES, Conversion, CustomerDocumentModel, CustomerDocumentSchema, CustomerStatement, DocumentItemSchema,
    DocumentSync, StatusMoves, items_module, items_report_index, attach_pdf_option, customer_document_module, document_columns, document_email_template,
    document_page_indexes, document_pdf_attachment, document_pdf_template, document_recipients, document_related_list, document_status,
    document_title, draft_only, mark_sent_after_email, newest_rows, parent_params, plain_number,
)
from .figures import figure_documents
from .finance.local import kit as finance_kit
from .files import file_column, file_field, prefetch_files
from .hookimpl import hookimpl
from .messages import naming
from .migrations import add_columns
from .registry import API_VERSION
from .i18n import N_, Translated, format_money, gettext, lazy_gettext
from .models import MoneyField, QuantityField, TenantModel, money_sum, to_money
from .owners import owner_columns, owner_field
from .pdf import referenced, render_pdf, render_pdf_template
from .permissions import can, can_module, grant_alongside
from .records import Conflict, Invalid, NotFound, create_record, module_named, update_record
from .sync.refresh import request_refresh
from .reports import Aggregate, Filter, Grouping, Ratio
from .reports import Definition as ReportDefinition
from .reports.defaults import due_soon_component, sales_dashboard, sales_reports
from .settings import setting
from .sync.master import master_sync_types
from .sync.remote import (
    NOT_SYNCED, NOT_SYNCED_HINT, finance_record, finance_records, quantity_text, remote_date, remote_decimal,
    stock_section,
)
from .schemas import Money, Quantity, Rate, RecordIdField, RecordSchema, WholeNumber, email_field, reference, required_text, text
from .tenancy import app_enabled

__all__ = [
    "ActionCreated", "add_columns", "API_VERSION", "app_enabled", "attach_pdf_option", "can", "can_module", "Column", "Conflict", "ConnectorSpec", "Conversion", "create_app",
    "create_record", "currency_places", "customer_document_module", "CUSTOMER_REFERENCES", "CustomerDocumentModel",
    "CustomerDocumentSchema", "CustomerStatement", "DashboardComponent", "DetailStrip", "document_columns",
    "document_email_template", "document_page_indexes", "document_pdf_attachment", "document_pdf_template",
    "document_recipients", "document_related_list", "document_status", "document_title", "document_totals",
    "DocumentItemSchema", "DocumentModel", "DocumentSchema", "DocumentSync", "draft_only", "email_field", "EmailOption", "EmailTemplate",
    "FigureDocuments", "figure_documents", "file_column", "file_field", "FinanceDocType", "finance_kit", "finance_record", "finance_records", "format_money", "gettext", "grant_alongside", "hookimpl",
    "Invalid", "items_module", "items_report_index", "lazy_gettext", "line_amounts", "LineItems", "LineItemSchema", "LineModel", "lines_for", "ListLink", "Manifest",
    "mark_sent_after_email", "master_sync_types", "module_named", "N_", "naming", "Migration", "Module", "Money", "money_sum", "MoneyField",
    "NOT_SYNCED", "NOT_SYNCED_HINT", "newest_rows", "NotFound", "owner_columns", "owner_field", "parent_params",
    "PdfTemplate", "perform_action", "Permission",
    "plain_number", "prefetch_files", "ProductSection", "quantity_text", "Quantity", "QuantityField", "Rate", "RecordIdField", "RecordSchema", "WholeNumber",
    "reference", "referenced", "request_refresh", "RelatedList", "remote_date", "remote_decimal", "render_pdf", "render_pdf_template",
    "Aggregate", "Filter", "Grouping", "Ratio", "Report", "ReportDefinition", "ReportFolder", "required_text", "sales_dashboard", "sales_reports", "due_soon_component", "Setting", "setting", "StatusAction", "StatusMoves", "stock_section", "StripItem",
    "SyncJob", "SyncType", "Tab", "TenantModel", "text", "to_money", "Translated", "update_record",
]
