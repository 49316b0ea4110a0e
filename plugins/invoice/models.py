"""Invoice's tables: its own invoices and estimates (never Books'), and their lines."""
from __future__ import annotations

import peewee

from core import CustomerDocumentModel, LineModel

PARENT_INDEXES = ((("tenant", "date"), False), (("tenant", "account_id"), False),
                  (("tenant", "contact_id"), False), (("tenant", "status"), False))


class InvoiceLine(LineModel):
    class Meta:
        table_name = "invoice_line"


class Invoice(CustomerDocumentModel):
    due_date = peewee.DateField(null=True)

    class Meta:
        table_name = "invoice_invoice"
        indexes = PARENT_INDEXES


class Estimate(CustomerDocumentModel):
    expiry_date = peewee.DateField(null=True)

    class Meta:
        table_name = "invoice_estimate"
        indexes = PARENT_INDEXES


TABLES = [InvoiceLine, Invoice, Estimate]
#: the related lists' and list pages' reads (docs/documents.md "Page indexes")
PAGE_INDEXES = {"invoice_invoice": ("account_id", "contact_id", None),
                "invoice_estimate": ("account_id", "contact_id", None)}
