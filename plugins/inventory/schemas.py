"""The shape of packages in the API and on their page (V1): read-only, made by the finance
application and pulled in."""
from __future__ import annotations

from marshmallow import Schema, fields

from core import RecordSchema

STATUS_LABELS = {"not_shipped": "Not shipped", "shipped": "Shipped", "delivered": "Delivered"}


class PackageItemSchema(Schema):
    """A packed line."""

    name = fields.String()
    quantity = fields.String()


class PackageSchema(RecordSchema):
    number = fields.String(dump_only=True, metadata={"label": "Package #"})
    salesorder_id = fields.Integer(dump_only=True, metadata={"label": "Sales order"})
    salesorder_number = fields.String(dump_only=True, metadata={"label": "Sales order #"})
    account_id = fields.Integer(dump_only=True, metadata={"label": "Account"})
    contact_id = fields.Integer(dump_only=True, metadata={"label": "Contact"})
    date = fields.Date(dump_only=True, metadata={"label": "Date"})
    items = fields.List(fields.Nested(PackageItemSchema), dump_only=True, metadata={"label": "Items"})
    items_summary = fields.String(dump_only=True, metadata={"label": "Items"})
    status = fields.String(dump_only=True, metadata={"label": "Status", "choices": list(STATUS_LABELS.items())})
    carrier = fields.String(dump_only=True, metadata={"label": "Carrier"})
    tracking_number = fields.String(dump_only=True, metadata={"label": "Tracking number"})
    shipment_date = fields.Date(dump_only=True, metadata={"label": "Shipment date"})
    delivered_date = fields.Date(dump_only=True, metadata={"label": "Delivery date"})
