"""Books' tables: four kinds of documents and one table of their lines (``books/items``)."""
from __future__ import annotations

import peewee

from core import DocumentModel, LineModel


class BooksLine(LineModel):
    class Meta:
        table_name = "books_line"


class CustomerDocument(DocumentModel):
    """A document for a customer: an account or a contact, optionally a deal."""

    account_id = peewee.IntegerField(null=True)
    contact_id = peewee.IntegerField(null=True)
    deal_id = peewee.IntegerField(null=True)


class Invoice(CustomerDocument):
    due_date = peewee.DateField(null=True)

    class Meta:
        table_name = "books_invoice"
        indexes = ((("tenant", "date"), False), (("tenant", "account_id"), False),
                   (("tenant", "contact_id"), False), (("tenant", "deal_id"), False), (("tenant", "status"), False))


class Estimate(CustomerDocument):
    expiry_date = peewee.DateField(null=True)

    class Meta:
        table_name = "books_estimate"
        indexes = ((("tenant", "date"), False), (("tenant", "account_id"), False),
                   (("tenant", "contact_id"), False), (("tenant", "deal_id"), False), (("tenant", "status"), False))


class SalesOrder(CustomerDocument):
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
