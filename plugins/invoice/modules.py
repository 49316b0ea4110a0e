"""Invoice's modules (I1): invoices and estimates for customers, with line items, and those items
as a read-only module of their own (the related module of a report on invoices)."""
from __future__ import annotations

from core import N_, LineItems, Module, customer_document_module, items_module

from .models import Estimate, Invoice, InvoiceLine
from .schemas import EstimateSchema, InvoiceSchema

LINES = LineItems(model=InvoiceLine)


def _module(kind: str, label: str, singular: str, model, schema, due: str, due_label: str) -> Module:
    return customer_document_module("invoice", kind, label, singular, model, schema, due, due_label, LINES)


INVOICES = _module("invoices", N_("Invoices"), N_("Invoice"), Invoice, InvoiceSchema, "due_date", N_("Due date"))
ESTIMATES = _module("estimates", N_("Estimates"), N_("Estimate"), Estimate, EstimateSchema, "expiry_date",
                    N_("Expiry date"))
#: the number columns' labels the core builds from each singular (``"Invoice #"``), for the catalogue
NUMBER_LABELS = (N_("Invoice #"), N_("Estimate #"))
ITEMS = items_module("invoice", InvoiceLine)
DOCUMENTS = (INVOICES, ESTIMATES)

#: the New buttons, whole phrases so that their words agree in every language (core.i18n.phrase)
NEW_BUTTONS = (N_("New Invoice"), N_("New Estimate"))
