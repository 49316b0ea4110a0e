"""The shape of Books documents in the form, the API and sync (B2)."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validates_schema

from core import DocumentSchema, Money, RecordSchema, reference

STATUSES = {
    "invoices": ("draft", "sent", "overdue", "partially_paid", "paid", "void"),
    "estimates": ("draft", "sent", "accepted", "declined", "invoiced", "expired"),
    "salesorders": ("draft", "open", "closed", "void"),
    "purchaseorders": ("draft", "open", "billed", "closed", "cancelled"),
}
STATUS_LABELS = {"draft": "Draft", "sent": "Sent", "overdue": "Overdue", "partially_paid": "Partially paid",
                 "paid": "Paid", "void": "Void", "accepted": "Accepted", "declined": "Declined",
                 "invoiced": "Invoiced", "expired": "Expired", "open": "Open", "closed": "Closed",
                 "billed": "Billed", "cancelled": "Cancelled"}


def _status(kind: str) -> fields.String:
    return fields.String(dump_only=True, metadata={"label": "Status",
                                                   "choices": [(s, STATUS_LABELS[s]) for s in STATUSES[kind]]})


class CustomerDocumentSchema(DocumentSchema):
    account_id = reference("Account")
    contact_id = reference("Contact")
    deal_id = reference("Deal")

    @validates_schema
    def _customer(self, data, partial=None, **kwargs):
        if partial:
            return
        if not data.get("account_id") and not data.get("contact_id"):
            raise ValidationError("Choose an account or a contact.", "account_id")


class InvoiceSchema(CustomerDocumentSchema):
    status = _status("invoices")
    due_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Due date"})


class EstimateSchema(CustomerDocumentSchema):
    status = _status("estimates")
    expiry_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Expiry date"})


class SalesOrderSchema(CustomerDocumentSchema):
    status = _status("salesorders")
    shipment_date = fields.Date(load_default=None, allow_none=True, metadata={"label": "Expected shipment date"})


class PurchaseOrderSchema(DocumentSchema):
    status = _status("purchaseorders")
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
