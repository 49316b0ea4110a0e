"""The shape of Books documents in the form, the API and sync (B2)."""
from __future__ import annotations

from marshmallow import fields

from core import N_, CustomerDocumentSchema, DocumentSchema, document_status, reference


class InvoiceSchema(CustomerDocumentSchema):
    status = document_status("invoices")
    due_date = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("Due date")})
    #: set by Convert to Invoice only (B14)
    estimate_id = reference(N_("Estimate"), dump_only=True, metadata={"when_set": True})
    salesorder_id = reference(N_("Sales order"), dump_only=True, metadata={"when_set": True})


class EstimateSchema(CustomerDocumentSchema):
    status = document_status("estimates")
    expiry_date = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("Expiry date")})


class SalesOrderSchema(CustomerDocumentSchema):
    status = document_status("salesorders")
    shipment_date = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("Expected shipment date")})


class PurchaseOrderSchema(DocumentSchema):
    status = document_status("purchaseorders")
    vendor_id = reference(N_("Vendor"), required=True)
    delivery_date = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("Delivery date")})

