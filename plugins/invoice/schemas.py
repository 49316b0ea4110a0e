"""The shape of Invoice's invoices and estimates in the form, the API and sync (I1)."""
from __future__ import annotations

from marshmallow import fields

from core import N_, CustomerDocumentSchema, document_status


class InvoiceSchema(CustomerDocumentSchema):
    status = document_status("invoices")
    due_date = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("Due date")})


class EstimateSchema(CustomerDocumentSchema):
    status = document_status("estimates")
    expiry_date = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("Expiry date")})
