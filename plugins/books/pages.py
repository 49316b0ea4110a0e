"""Books in context (B3, B5, B6, P1): document lists on customer and vendor pages, the
receivables strip on accounts and contacts, stock on product pages. Only users with Books
access see any of it."""
from __future__ import annotations

from decimal import Decimal

from core import (
    N_, NOT_SYNCED, NOT_SYNCED_HINT, Column, DetailStrip, StripItem, can, can_module, document_columns,
    document_page_indexes, document_related_list, figure_documents, finance_record, hookimpl, remote_decimal,
    stock_section,
)

from .convert import conversion_lists
from .modules import ESTIMATES, INVOICES, PURCHASE_ORDERS, SALES_ORDERS

CUSTOMER_PARENTS = ("accounts", "contacts", "deals")
CUSTOMER_DOCUMENTS = ((INVOICES, 40), (ESTIMATES, 41), (SALES_ORDERS, 42))
#: each list's label, whole (a label made of pieces could not be translated)
LABELS = {INVOICES.name: N_("Books: Invoices"), ESTIMATES.name: N_("Books: Estimates"),
          SALES_ORDERS.name: N_("Books: Sales Orders"), PURCHASE_ORDERS.name: N_("Books: Purchase Orders")}


def _list(module, order: int, parent: str, record, user):
    due = (Column("due_date", N_("Due date")),) if module is INVOICES else ()
    return document_related_list(module, parent, record, user, key=f"books_{module.name.split('/')[1]}",
                                 label=LABELS[module.name], order=order,
                                 columns=document_columns(module, *due))


@hookimpl
def related_lists(module, record, user):
    """Invoices, estimates and sales orders of an account, contact or deal; purchase orders of
    a vendor (and only of a vendor); the invoices made from an estimate or a sales order."""
    if module.name in CUSTOMER_PARENTS:
        return [_list(doc, order, module.name, record, user)
                for doc, order in CUSTOMER_DOCUMENTS if can_module(user, doc, "view")]
    if module.name == "vendors" and can_module(user, PURCHASE_ORDERS, "view"):
        return [_list(PURCHASE_ORDERS, 40, "vendors", record, user)]
    return conversion_lists(module, record, user) or None


@hookimpl
def detail_strips(module, record, user):
    """Receivables (with the overdue part) and payables of an account or contact, as the
    finance application last reported them."""
    if module.name not in ("accounts", "contacts") or not can(user, "app.books", record):
        return None
    remote = finance_record("books", module.name, record)
    if remote is None:
        return [DetailStrip("books_finance", N_("Books"), [StripItem(N_("Receivables"), NOT_SYNCED, NOT_SYNCED_HINT)],
                            40)]
    items = [_figure(remote, N_("Receivables"), "outstanding_receivable_amount", N_("Outstanding receivable amount"))]
    if remote_decimal(remote, "overdue_receivable_amount") is not None:
        items.append(_figure(remote, N_("Overdue"), "overdue_receivable_amount",
                             N_("The overdue part of the receivables")))
    items.append(_figure(remote, N_("Payables"), "outstanding_payable_amount", N_("Outstanding payable amount")))
    return [DetailStrip("books_finance", N_("Books"), items, 40)]


#: what each figure's link lists (issue 17, item 6): the documents it sums, whichever app made them
FIGURE_DOCUMENTS = {
    "outstanding_receivable_amount": N_("The customer's unpaid invoices (sent, overdue, partially paid)"),
    "overdue_receivable_amount": N_("The customer's overdue invoices"),
    "outstanding_payable_amount": N_("The unpaid bills owed to them as a vendor"),
}


def _figure(remote: dict, label: str, figure: str, hint: str) -> StripItem:
    """One of the customer's figures, linked to the documents behind it."""
    return StripItem(label, remote_decimal(remote, figure) or Decimal("0"), hint,
                     link=figure_documents("books", figure, FIGURE_DOCUMENTS[figure]))


@hookimpl
def product_sections(record, user):
    """Finance information: stock on hand, committed and available (B6). Inventory offers the
    same section with a lower order; the page shows one."""
    if not can(user, "app.books", record):
        return None
    return [stock_section("books", record, 50)]


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
