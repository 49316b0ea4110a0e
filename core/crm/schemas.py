"""One schema per CRM module: it serves the form, the API and sync."""
from __future__ import annotations

from marshmallow import fields, validate

from ..i18n import N_
from ..schemas import Money, Rate, RecordSchema, email_field, reference, required_text, text
from .models import DEAL_STAGES


class AccountSchema(RecordSchema):
    name = required_text(200, N_("Account name"))
    website = text(300, N_("Website"))
    phone = text(50, N_("Phone"))
    email = email_field()
    industry = text(100, N_("Industry"))
    street = text(300, N_("Street"))
    city = text(100, N_("City"))
    postal_code = text(20, N_("Postal code"))
    country = text(100, N_("Country"))
    description = text(10000, N_("Description"), metadata={"widget": "textarea"})
    owner_id = reference(N_("Owner"), dump_only=True)


class ContactSchema(RecordSchema):
    first_name = text(100, N_("First name"))
    last_name = required_text(100, N_("Last name"))
    email = email_field()
    phone = text(50, N_("Phone"))
    title = text(100, N_("Title"))
    account_id = reference(N_("Account"))
    owner_id = reference(N_("Owner"), dump_only=True)


class VendorSchema(RecordSchema):
    name = required_text(200, N_("Vendor name"))
    email = email_field()
    phone = text(50, N_("Phone"))
    website = text(300, N_("Website"))
    street = text(300, N_("Street"))
    city = text(100, N_("City"))
    postal_code = text(20, N_("Postal code"))
    country = text(100, N_("Country"))
    owner_id = reference(N_("Owner"), dump_only=True)


class DealSchema(RecordSchema):
    name = required_text(200, N_("Deal name"))
    account_id = reference(N_("Account"))
    contact_id = reference(N_("Contact"))
    stage = fields.String(load_default=DEAL_STAGES[0], validate=validate.OneOf(DEAL_STAGES),
                          metadata={"label": N_("Stage"), "choices": DEAL_STAGES})
    amount = Money(load_default="0.00", validate=validate.Range(min=0), metadata={"label": N_("Amount"), "widget": "money"})
    closing_date = fields.Date(allow_none=True, load_default=None, metadata={"label": N_("Closing date")})
    owner_id = reference(N_("Owner"), dump_only=True)


class ProductSchema(RecordSchema):
    name = required_text(200, N_("Product name"))
    code = text(100, N_("Product code"))
    unit_price = Money(load_default="0.00", validate=validate.Range(min=0), metadata={"label": N_("Unit price"), "widget": "money", "per_unit": True})
    tax_rate = Rate(load_default="0", metadata={"label": N_("Tax rate (%)")})
    description = text(10000, N_("Description"), metadata={"widget": "textarea"})
    is_active = fields.Boolean(load_default=True, metadata={"label": N_("Active")})
