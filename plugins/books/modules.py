"""Books' modules (B1, B9): four document types and their line items."""
from __future__ import annotations

from core import Column, LineItems, Module, customer_document_module, draft_only, items_module

from .models import BooksLine, Estimate, Invoice, PurchaseOrder, SalesOrder
from .schemas import EstimateSchema, InvoiceSchema, PurchaseOrderSchema, SalesOrderSchema

LINES = LineItems(model=BooksLine)
#: what an invoice is made from (Convert to Invoice, B14): its field -> the source's module
INVOICE_SOURCES = {"estimate_id": "books/estimates", "salesorder_id": "books/salesorders"}


def _customer_module(kind: str, label: str, singular: str, model, schema, due: str, due_label: str,
                     sources=None) -> Module:
    return customer_document_module("books", kind, label, singular, model, schema, due, due_label, LINES, sources)


INVOICES = _customer_module("invoices", "Invoices", "Invoice", Invoice, InvoiceSchema, "due_date", "Due date",
                            INVOICE_SOURCES)
ESTIMATES = _customer_module("estimates", "Estimates", "Estimate", Estimate, EstimateSchema,
                             "expiry_date", "Expiry date")
SALES_ORDERS = _customer_module("salesorders", "Sales Orders", "Sales Order", SalesOrder, SalesOrderSchema,
                                "shipment_date", "Shipment date")
PURCHASE_ORDERS = Module(
    name="books/purchaseorders", label="Purchase Orders", singular="Purchase Order", model=PurchaseOrder,
    schema=PurchaseOrderSchema, app="books", title_field="number",
    columns=(Column("number", "Purchase Order #", link=True), Column("date", "Date"), Column("vendor_id", "Vendor"),
             Column("status", "Status"), Column("delivery_date", "Delivery date"), Column("total", "Total")),
    search_fields=("number", "reference", "vendor_id"),
    sort_fields=("number", "date", "delivery_date", "status", "total", "created_at"), default_sort="-date",
    filter_fields=("status", "vendor_id", "owner_id"), references={"vendor_id": "vendors"},
    line_items=LINES, locked=draft_only, protects=("vendor_id",), icon="file")
ITEMS = items_module("books", BooksLine)

DOCUMENTS = (INVOICES, ESTIMATES, SALES_ORDERS, PURCHASE_ORDERS)
#: module name -> finance doc type (docs/sync.md)
DOC_TYPES = {"books/invoices": "invoices", "books/estimates": "estimates",
             "books/salesorders": "salesorders", "books/purchaseorders": "purchaseorders"}
