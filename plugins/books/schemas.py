"""The shape of Books documents in the form, the API and sync (B2)."""
from __future__ import annotations

from marshmallow import fields

from core import CustomerDocumentSchema, DocumentSchema, Money, RecordSchema, document_status, reference


class InvoiceSchema(CustomerDocumentSchema):
    status = document_status("invoices")
    due_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Due date"})


class EstimateSchema(CustomerDocumentSchema):
    status = document_status("estimates")
    expiry_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Expiry date"})


class SalesOrderSchema(CustomerDocumentSchema):
    status = document_status("salesorders")
    shipment_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Expected shipment date"})


class PurchaseOrderSchema(DocumentSchema):
    status = document_status("purchaseorders")
    vendor_id = reference("Vendor", required=True)
    delivery_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Delivery date"})


class BooksLineSchema(RecordSchema):
    """A line as the read-only ``books/items`` module shows it."""

    document_module = fields.String(dump_only=True, metadata={"label": "Document type"})
    document_id = fields.Integer(dump_only=True, metadata={"label": "Document"})
    position = fields.Integer(dump_only=True)
    product_id = fields.Integer(dump_only=True, metadata={"label": "Product"})
    name = fields.String(dump_only=True, metadata={"label": "Item"})
    description = fields.String(dump_only=True, metadata={"label": "Description"})
    quantity = fields.Decimal(dump_only=True, as_string=True, metadata={"label": "Quantity"})
    rate = Money(dump_only=True, metadata={"label": "Rate"})
    discount_percent = fields.Decimal(dump_only=True, as_string=True, metadata={"label": "Discount (%)"})
    tax_percent = fields.Decimal(dump_only=True, as_string=True, metadata={"label": "Tax (%)"})
    amount = Money(dump_only=True, metadata={"label": "Amount"})
    tax_amount = Money(dump_only=True, metadata={"label": "Tax"})
