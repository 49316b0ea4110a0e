"""Invoice's modules (I1): invoices and estimates for customers, with line items, and those items
as a read-only module of their own (the related module of a report on invoices)."""
from __future__ import annotations

from core import LineItems, Module, customer_document_module, items_module

from .models import Estimate, Invoice, InvoiceLine
from .schemas import EstimateSchema, InvoiceSchema

LINES = LineItems(model=InvoiceLine)


def _module(kind: str, label: str, singular: str, model, schema, due: str, due_label: str) -> Module:
    return customer_document_module("invoice", kind, label, singular, model, schema, due, due_label, LINES)


INVOICES = _module("invoices", "Invoices", "Invoice", Invoice, InvoiceSchema, "due_date", "Due date")
ESTIMATES = _module("estimates", "Estimates", "Estimate", Estimate, EstimateSchema, "expiry_date", "Expiry date")
ITEMS = items_module("invoice", InvoiceLine)
DOCUMENTS = (INVOICES, ESTIMATES)
