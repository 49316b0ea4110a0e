"""Books in context (B3, B5, B6, P1): document lists on customer and vendor pages, the
receivables strip on accounts and contacts, stock on product pages. Only users with Books
access see any of it."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from core import (
    Column, DetailStrip, ProductSection, StripItem, app_enabled, can, can_module, document_columns,
    document_page_indexes, document_related_list, finance_record, hookimpl,
)

from .modules import ESTIMATES, INVOICES, PURCHASE_ORDERS, SALES_ORDERS

CUSTOMER_PARENTS = ("accounts", "contacts", "deals")
CUSTOMER_DOCUMENTS = ((INVOICES, 40), (ESTIMATES, 41), (SALES_ORDERS, 42))
NOT_SYNCED = "Not synced yet"
NOT_SYNCED_HINT = "The finance application has not received this record yet (it syncs every 2 hours)."


def _list(module, order: int, parent: str, record, user):
    due = (Column("due_date", "Due date"),) if module is INVOICES else ()
    return document_related_list(module, parent, record, user, key=f"books_{module.name.split('/')[1]}",
                                 label=f"Books: {module.label}", order=order,
                                 columns=document_columns(module, *due))


@hookimpl
def related_lists(module, record, user):
    """Invoices, estimates and sales orders of an account, contact or deal; purchase orders of
    a vendor (and only of a vendor)."""
    if module.name in CUSTOMER_PARENTS:
        return [_list(doc, order, module.name, record, user)
                for doc, order in CUSTOMER_DOCUMENTS if can_module(user, doc, "view")]
    if module.name == "vendors" and can_module(user, PURCHASE_ORDERS, "view"):
        return [_list(PURCHASE_ORDERS, 40, "vendors", record, user)]
    return None


def _decimal(remote: dict, key: str) -> Decimal | None:
    value = remote.get(key)
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _quantity(value: Decimal | None) -> str:
    """A stock quantity as text (the core formats a ``Decimal`` as money): ``12``, ``2.5``."""
    if value is None:
        return "–"
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    return f"{value.normalize():,f}"


@hookimpl
def detail_strips(module, record, user):
    """Receivables (with the overdue part) and payables of an account or contact, as the
    finance application last reported them."""
    if module.name not in ("accounts", "contacts") or not can(user, "app.books", record):
        return None
    remote = finance_record("books", module.name, record)
    if remote is None:
        return [DetailStrip("books_finance", "Books", [StripItem("Receivables", NOT_SYNCED, NOT_SYNCED_HINT)], 40)]
    items = [StripItem("Receivables", _decimal(remote, "outstanding_receivable_amount") or Decimal("0"),
                       "Outstanding receivable amount")]
    overdue = _decimal(remote, "overdue_receivable_amount")
    if overdue is not None:
        items.append(StripItem("Overdue", overdue, "The overdue part of the receivables"))
    items.append(StripItem("Payables", _decimal(remote, "outstanding_payable_amount") or Decimal("0"),
                           "Outstanding payable amount"))
    return [DetailStrip("books_finance", "Books", items, 40)]


@hookimpl
def product_sections(record, user):
    """Finance information: stock on hand, committed and available, from the finance application;
    left to Inventory's section when the tenant has Inventory and the user may see it (one stock
    section, not two)."""
    if not can(user, "app.books", record):
        return None
    if app_enabled(record.tenant_id, "inventory") and can(user, "app.inventory", record):
        return None
    remote = finance_record("books", "products", record)
    if remote is None:
        items = [StripItem("Stock on hand", NOT_SYNCED, NOT_SYNCED_HINT)]
    else:
        items = [StripItem("Stock on hand", _quantity(_decimal(remote, "stock_on_hand"))),
                 StripItem("Committed", _quantity(_decimal(remote, "committed_stock")),
                           "Ordered on open sales orders, not yet packed"),
                 StripItem("Available", _quantity(_decimal(remote, "available_stock")),
                           "Stock on hand less committed")]
    return [ProductSection("books_finance", "Finance information", items, 40)]


#: indexes in the order the pages read: ``(tenant_id, <parent>, date, id)`` lets a related list
#: read only its parent's newest documents (without it SQLite walks the tenant's whole
#: ``(tenant, date)`` index to find one account's rows); ``(tenant_id, date, id)`` serves the list
#: pages' default sort (newest first) without a sort step on PostgreSQL
PAGE_INDEXES = {
    "books_invoice": ("account_id", "contact_id", "deal_id", None),
    "books_estimate": ("account_id", "contact_id", "deal_id", None),
    "books_salesorder": ("account_id", "contact_id", "deal_id", None),
    "books_purchaseorder": ("vendor_id", None),
}


#: Migration ``books.0002_page_indexes`` (SQLite and PostgreSQL alike)
page_indexes = document_page_indexes(PAGE_INDEXES)
