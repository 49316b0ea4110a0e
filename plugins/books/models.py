"""Books' tables: four kinds of documents and one table of their lines (``books/items``)."""
from __future__ import annotations

import peewee

from core import CustomerDocumentModel, DocumentModel, LineModel


class BooksLine(LineModel):
    class Meta:
        table_name = "books_line"


class Invoice(CustomerDocumentModel):
    due_date = peewee.DateField(null=True)
    #: what it was made from (Convert to Invoice, B14)
    estimate_id = peewee.IntegerField(null=True)
    salesorder_id = peewee.IntegerField(null=True)

    class Meta:
        table_name = "books_invoice"
        indexes = ((("tenant", "date"), False), (("tenant", "account_id"), False),
                   (("tenant", "contact_id"), False), (("tenant", "deal_id"), False), (("tenant", "status"), False))


class Estimate(CustomerDocumentModel):
    expiry_date = peewee.DateField(null=True)

    class Meta:
        table_name = "books_estimate"
        indexes = ((("tenant", "date"), False), (("tenant", "account_id"), False),
                   (("tenant", "contact_id"), False), (("tenant", "deal_id"), False), (("tenant", "status"), False))


class SalesOrder(CustomerDocumentModel):
    shipment_date = peewee.DateField(null=True)

    class Meta:
        table_name = "books_salesorder"
        indexes = ((("tenant", "date"), False), (("tenant", "account_id"), False),
                   (("tenant", "contact_id"), False), (("tenant", "deal_id"), False), (("tenant", "status"), False))


class PurchaseOrder(DocumentModel):
    vendor_id = peewee.IntegerField()
    delivery_date = peewee.DateField(null=True)

    class Meta:
        table_name = "books_purchaseorder"
        indexes = ((("tenant", "date"), False), (("tenant", "vendor_id"), False), (("tenant", "status"), False))


TABLES = [BooksLine, Invoice, Estimate, SalesOrder, PurchaseOrder]
