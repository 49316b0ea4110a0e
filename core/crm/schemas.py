"""One schema per CRM module: it serves the form, the API and sync."""
from __future__ import annotations

from marshmallow import fields, validate

from ..schemas import Money, Rate, RecordSchema, email_field, reference, required_text, text
from .models import DEAL_STAGES


class AccountSchema(RecordSchema):
    name = required_text(200, "Account name")
    website = text(300, "Website")
    phone = text(50, "Phone")
    email = email_field()
    industry = text(100, "Industry")
    street = text(300, "Street")
    city = text(100, "City")
    postal_code = text(20, "Postal code")
    country = text(100, "Country")
    description = text(10000, "Description", metadata={"widget": "textarea"})
    owner_id = reference("Owner", dump_only=True)


class ContactSchema(RecordSchema):
    first_name = text(100, "First name")
    last_name = required_text(100, "Last name")
    email = email_field()
    phone = text(50, "Phone")
    title = text(100, "Title")
    account_id = reference("Account")
    owner_id = reference("Owner", dump_only=True)


class VendorSchema(RecordSchema):
    name = required_text(200, "Vendor name")
    email = email_field()
    phone = text(50, "Phone")
    website = text(300, "Website")
    street = text(300, "Street")
    city = text(100, "City")
    postal_code = text(20, "Postal code")
    country = text(100, "Country")
    owner_id = reference("Owner", dump_only=True)


class DealSchema(RecordSchema):
    name = required_text(200, "Deal name")
    account_id = reference("Account")
    contact_id = reference("Contact")
    stage = fields.String(load_default=DEAL_STAGES[0], validate=validate.OneOf(DEAL_STAGES),
                          metadata={"label": "Stage", "choices": DEAL_STAGES})
    amount = Money(load_default="0.00", validate=validate.Range(min=0), metadata={"label": "Amount", "widget": "money"})
    closing_date = fields.Date(allow_none=True, load_default=None, metadata={"label": "Closing date"})
    owner_id = reference("Owner", dump_only=True)


class ProductSchema(RecordSchema):
    name = required_text(200, "Product name")
    code = text(100, "Product code")
    unit_price = Money(load_default="0.00", validate=validate.Range(min=0), metadata={"label": "Unit price", "widget": "money", "per_unit": True})
    tax_rate = Rate(load_default="0", metadata={"label": "Tax rate (%)"})
    description = text(10000, "Description", metadata={"widget": "textarea"})
    is_active = fields.Boolean(load_default=True, metadata={"label": "Active"})
