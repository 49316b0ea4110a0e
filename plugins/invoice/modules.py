"""Invoice's modules (I1): invoices and estimates for customers, with line items."""
from __future__ import annotations

from core import CUSTOMER_REFERENCES, Column, LineItems, Module, draft_only

from .models import Estimate, Invoice, InvoiceLine
from .schemas import EstimateSchema, InvoiceSchema

LINES = LineItems(model=InvoiceLine)


def _module(kind: str, label: str, singular: str, model, schema, due: str, due_label: str) -> Module:
    return Module(
        name=f"invoice/{kind}", label=label, singular=singular, model=model, schema=schema, app="invoice",
        title_field="number",
        columns=(Column("number", f"{singular} #", link=True), Column("date", "Date"),
                 Column("account_id", "Account"), Column("contact_id", "Contact"), Column("status", "Status"),
                 Column(due, due_label), Column("total", "Total")),
        search_fields=("number", "reference"),
        sort_fields=("number", "date", due, "status", "total", "created_at"), default_sort="-date",
        filter_fields=("status", "account_id", "contact_id", "deal_id"), references=dict(CUSTOMER_REFERENCES),
        line_items=LINES, locked=draft_only, icon="file")


INVOICES = _module("invoices", "Invoices", "Invoice", Invoice, InvoiceSchema, "due_date", "Due date")
ESTIMATES = _module("estimates", "Estimates", "Estimate", Estimate, EstimateSchema, "expiry_date", "Expiry date")
DOCUMENTS = (INVOICES, ESTIMATES)
