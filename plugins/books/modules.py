"""Books' modules (B1, B9): four document types and their line items."""
from __future__ import annotations

from core import N_, Column, LineItems, Module, customer_document_module, draft_only, items_module

from .models import BooksLine, Estimate, Invoice, PurchaseOrder, SalesOrder
from .schemas import EstimateSchema, InvoiceSchema, PurchaseOrderSchema, SalesOrderSchema

LINES = LineItems(model=BooksLine)
#: what an invoice is made from (Convert to Invoice, B14): its field -> the source's module
INVOICE_SOURCES = {"estimate_id": "books/estimates", "salesorder_id": "books/salesorders"}


def _customer_module(kind: str, label: str, singular: str, model, schema, due: str, due_label: str,
                     sources=None) -> Module:
    return customer_document_module("books", kind, label, singular, model, schema, due, due_label, LINES, sources)


INVOICES = _customer_module("invoices", N_("Invoices"), N_("Invoice"), Invoice, InvoiceSchema, "due_date",
                            N_("Due date"), INVOICE_SOURCES)
ESTIMATES = _customer_module("estimates", N_("Estimates"), N_("Estimate"), Estimate, EstimateSchema,
                             "expiry_date", N_("Expiry date"))
SALES_ORDERS = _customer_module("salesorders", N_("Sales Orders"), N_("Sales Order"), SalesOrder, SalesOrderSchema,
                                "shipment_date", N_("Shipment date"))
#: the number columns' labels the core builds from each singular (``"Invoice #"``), for the catalogue
NUMBER_LABELS = (N_("Invoice #"), N_("Estimate #"), N_("Sales Order #"))
PURCHASE_ORDERS = Module(
    name="books/purchaseorders", label=N_("Purchase Orders"), singular=N_("Purchase Order"), model=PurchaseOrder,
    schema=PurchaseOrderSchema, app="books", title_field="number",
    columns=(Column("number", N_("Purchase Order #"), link=True), Column("date", N_("Date")),
             Column("vendor_id", N_("Vendor")), Column("status", N_("Status")),
             Column("delivery_date", N_("Delivery date")), Column("total", N_("Total"))),
    search_fields=("number", "reference", "vendor_id"),
    sort_fields=("number", "date", "delivery_date", "status", "total", "created_at"), default_sort="-date",
    filter_fields=("status", "vendor_id", "owner_id"), references={"vendor_id": "vendors"},
    line_items=LINES, locked=draft_only, protects=("vendor_id",), icon="file")
ITEMS = items_module("books", BooksLine)

DOCUMENTS = (INVOICES, ESTIMATES, SALES_ORDERS, PURCHASE_ORDERS)
#: module name -> finance doc type (docs/sync.md)
DOC_TYPES = {"books/invoices": "invoices", "books/estimates": "estimates",
             "books/salesorders": "salesorders", "books/purchaseorders": "purchaseorders"}

#: the New buttons, whole phrases so that their words agree in every language (core.i18n.phrase)
NEW_BUTTONS = (N_("New Invoice"), N_("New Estimate"), N_("New Sales Order"), N_("New Purchase Order"))
