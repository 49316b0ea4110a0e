"""Schemas of documents and their lines: one shape for the form, the API and sync."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import fields, validate, validates_schema, ValidationError

from ..i18n import N_, _, lazy_gettext
from ..models import utcnow
from ..schemas import Money, Quantity, Rate, RecordSchema, reference, text

#: who a document belongs to (its ``reference`` field hides the helper in the class body)
OWNER = reference(N_("Owner"), dump_only=True)


class LineItemSchema(RecordSchema):
    """``{"product_id", "description", "quantity", "rate", "discount_percent", "tax_percent"}``;
    ``name``, ``rate`` and ``tax_percent`` left out are filled from the product."""

    class Meta:
        ordered = True
        exclude = ("created_at", "updated_at")

    product_id = reference(N_("Product"))
    name = fields.String(load_default="", validate=validate.Length(max=300), metadata={"label": N_("Item")})
    description = text(2000, N_("Description"), metadata={"widget": "textarea"})
    quantity = Quantity(load_default=Decimal(1),
                        validate=validate.Range(min=Decimal("0.001"), max=Decimal("999999999"),
                                                error=lazy_gettext("Must be greater than 0.")),
                        metadata={"label": N_("Quantity")})
    rate = Money(load_default=None, allow_none=True, validate=validate.Range(min=Decimal(0), error=lazy_gettext("Cannot be negative.")),
                 metadata={"label": N_("Rate")})
    discount_percent = Rate(load_default=Decimal(0), metadata={"label": N_("Discount (%)")})
    tax_percent = Rate(load_default=None, allow_none=True, metadata={"label": N_("Tax (%)")})
    position = fields.Integer(dump_only=True)
    discount_amount = Money(dump_only=True)
    amount = Money(dump_only=True)
    tax_amount = Money(dump_only=True)

    @validates_schema
    def _named(self, data, **kwargs):
        if not data.get("product_id") and not (data.get("name") or data.get("description")):
            raise ValidationError(_("Choose a product or describe the line."), "description")
        if not data.get("product_id") and data.get("rate") is None:
            raise ValidationError(_("Missing data for required field."), "rate")


class DocumentSchema(RecordSchema):
    """Base of a document module's schema: dates, reference, notes, lines; what the finance
    application decides (number, status) and the totals are read-only."""

    number = fields.String(dump_only=True, metadata={"label": N_("Number")})
    status = fields.String(dump_only=True, metadata={"label": N_("Status")})
    date = fields.Date(load_default=lambda: utcnow().date(), allow_none=True, metadata={"label": N_("Date")})
    reference = text(100, N_("Reference"))
    terms = text(100, N_("Payment terms"))
    notes = text(5000, N_("Notes"), metadata={"widget": "textarea"})
    line_items = fields.List(fields.Nested(LineItemSchema), required=True,
                             validate=validate.Length(min=1, max=1000, error=lazy_gettext("Add at least one line.")),
                             metadata={"label": N_("Line items")})
    sub_total = Money(dump_only=True, metadata={
        "label": N_("Sub total"), "description": "The lines' amounts after their discounts, as the finance applications "
                                             "keep it (pages show the sub total before discounts, then the discount)."})
    discount_total = Money(dump_only=True, metadata={"label": N_("Discount")})
    tax_total = Money(dump_only=True, metadata={"label": N_("Tax")})
    total = Money(dump_only=True, metadata={"label": N_("Total")})
    balance = Money(dump_only=True, metadata={"label": N_("Balance due")})
    owner_id = OWNER

    #: who the document is for, shown first in forms and on detail pages
    PARTY_FIELDS = ("account_id", "contact_id", "vendor_id", "deal_id")

    @classmethod
    def field_order(cls, names: list[str]) -> list[str]:
        """Forms and detail pages show number and status, then the customer or vendor and the
        deal, the dates (issue date, then due / expiry / delivery), the rest, and notes last."""
        declared = cls._declared_fields
        first = [n for n in ("number", "status") if n in names]
        first += [n for n in cls.PARTY_FIELDS if n in names]
        first += [n for n in names if isinstance(declared.get(n), fields.Date) and n not in first]
        rest = [n for n in names if n not in first and n != "notes"]
        return first + rest + (["notes"] if "notes" in names else [])
