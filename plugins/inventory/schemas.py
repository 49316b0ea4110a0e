"""The shape of packages in the API and on their page (V1): read-only, made by the finance
application and pulled in."""
from __future__ import annotations

from marshmallow import Schema, fields

from core import N_, RecordSchema

STATUS_LABELS = {"not_shipped": N_("Not shipped"), "shipped": N_("Shipped"), "delivered": N_("Delivered")}


class PackageItemSchema(Schema):
    """A packed line."""

    name = fields.String()
    quantity = fields.String()


class PackageSchema(RecordSchema):
    number = fields.String(dump_only=True, metadata={"label": N_("Package #")})
    salesorder_id = fields.Integer(dump_only=True, metadata={"label": N_("Sales order")})
    salesorder_number = fields.String(dump_only=True, metadata={"label": N_("Sales order #")})
    account_id = fields.Integer(dump_only=True, metadata={"label": N_("Account")})
    contact_id = fields.Integer(dump_only=True, metadata={"label": N_("Contact")})
    date = fields.Date(dump_only=True, metadata={"label": N_("Date")})
    items = fields.List(fields.Nested(PackageItemSchema), dump_only=True, metadata={"label": N_("Items")})
    items_summary = fields.String(dump_only=True, metadata={"label": N_("Items")})
    status = fields.String(dump_only=True, metadata={"label": N_("Status"), "choices": list(STATUS_LABELS.items())})
    carrier = fields.String(dump_only=True, metadata={"label": N_("Carrier")})
    tracking_number = fields.String(dump_only=True, metadata={"label": N_("Tracking number")})
    shipment_date = fields.Date(dump_only=True, metadata={"label": N_("Shipment date")})
    delivered_date = fields.Date(dump_only=True, metadata={"label": N_("Delivery date")})
