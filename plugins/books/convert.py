"""Convert to Invoice (B14, issue 17, item 11): an estimate (draft, sent or accepted) becomes an
invoice and is then invoiced; an open sales order becomes an invoice and stays open, once. The
invoice keeps the lines and names its source (``estimate_id`` / ``salesorder_id``), shown as a
link on its page; the source's page lists the invoices made from it."""
from __future__ import annotations

from core import Conversion, add_columns, document_page_indexes

from .models import Invoice
from .modules import ESTIMATES, INVOICE_SOURCES, INVOICES, SALES_ORDERS

CONVERSIONS = (
    Conversion(ESTIMATES.name, INVOICES.name, "estimate_id", frozenset({"draft", "sent", "accepted"}), "invoiced"),
    Conversion(SALES_ORDERS.name, INVOICES.name, "salesorder_id", frozenset({"open"})),
)


def conversion_actions(module, record) -> list:
    """The *Convert to Invoice* button of an estimate or a sales order, where it applies."""
    return [action for conversion in CONVERSIONS if (action := conversion.action(module, record))]


def conversion_lists(module, record, user) -> list:
    """The invoices made from an estimate or a sales order, on its page."""
    return [rel for conversion in CONVERSIONS if (rel := conversion.related_list(module, record, user))]


def invoice_sources(migrator, database) -> None:
    """Migration ``books.0006_invoice_sources``: the invoice's links to its source, and the
    indexes that find an estimate's or an order's invoices (its page, the second-convert check)."""
    add_columns(Invoice, *INVOICE_SOURCES)(migrator, database)
    document_page_indexes({Invoice._meta.table_name: tuple(INVOICE_SOURCES)})(migrator, database)
