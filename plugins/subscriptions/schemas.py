"""The shape of subscriptions and their invoices in the form, the API and sync (S1)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from marshmallow import ValidationError, fields, validate, validates_schema

from core import N_, Money, Quantity, RecordSchema, WholeNumber, lazy_gettext as _l, reference, required_text, text

from .models import UNITS, problems

STATUS_LABELS = {"live": N_("Live"), "trial": N_("Trial"), "non_renewing": N_("Non-renewing"),
                 "cancelled": N_("Cancelled"), "expired": N_("Expired")}
INVOICE_STATUS_LABELS = {"draft": N_("Draft"), "sent": N_("Sent"), "overdue": N_("Overdue"),
                         "partially_paid": N_("Partially paid"), "paid": N_("Paid"), "void": N_("Void")}
UNIT_LABELS = {"months": N_("Months"), "years": N_("Years"), "weeks": N_("Weeks"), "days": N_("Days")}


def _today() -> dt.date:
    return dt.date.today()


class SubscriptionSchema(RecordSchema):
    number = fields.String(dump_only=True, metadata={"label": N_("Subscription #")})
    account_id = reference(N_("Account"))
    contact_id = reference(N_("Contact"), metadata={"help": N_("When given, the contact is the customer billed.")})
    plan_code = required_text(100, N_("Plan code"))
    plan_name = text(300, N_("Plan name"))
    quantity = Quantity(
        load_default=Decimal(1), places=2,
        validate=validate.Range(min=Decimal(0), min_inclusive=False, max=Decimal("9999999"),
                                error=_l("The quantity must be greater than zero.")),
        metadata={"label": N_("Quantity")})
    price = Money(required=True, validate=validate.Range(min=Decimal(0), error=_l("The price cannot be negative.")),
                  metadata={"label": N_("Price"), "per_unit": True})
    interval = WholeNumber(load_default=1,
                              validate=validate.Range(min=1, max=366, error=_l("Bill every 1 to 366 units.")),
                              metadata={"label": N_("Bill every")})
    interval_unit = fields.String(load_default="months", validate=validate.OneOf(
        list(UNITS), labels=[UNIT_LABELS[u] for u in UNITS], error=_l("Choose months, years, weeks or days.")),
        metadata={"label": N_("Interval unit")})
    starts_at = fields.Date(load_default=_today, metadata={"label": N_("Start date")})
    ends_at = fields.Date(load_default=None, allow_none=True, metadata={"label": N_("End date")})
    trial_days = WholeNumber(load_default=None, allow_none=True,
                                validate=validate.Range(min=0, max=3650, error=_l("Between 0 and 3650 days.")),
                                metadata={"label": N_("Trial days")})
    next_billing_at = fields.Date(dump_only=True, metadata={"label": N_("Next billing date")})
    status = fields.String(dump_only=True, metadata={"label": N_("Status"), "choices": list(STATUS_LABELS.items())})
    amount = Money(dump_only=True, metadata={"label": N_("Amount per period")})
    billing_interval = fields.String(dump_only=True, metadata={"label": N_("Billing")})

    @validates_schema
    def _whole(self, data, partial=None, **kwargs):
        """A customer, and an end not before the start (a partial update is checked on save,
        against the record)."""
        if partial:
            return
        errors = problems(data.get("account_id"), data.get("contact_id"), data.get("starts_at"), data.get("ends_at"))
        if errors:
            raise ValidationError(errors)


class SubscriptionInvoiceSchema(RecordSchema):
    """Read-only: made by the finance application, pulled in."""

    number = fields.String(dump_only=True, metadata={"label": N_("Invoice #")})
    date = fields.Date(dump_only=True, metadata={"label": N_("Date")})
    due_date = fields.Date(dump_only=True, metadata={"label": N_("Due date")})
    subscription_id = fields.Integer(dump_only=True, metadata={"label": N_("Subscription")})
    account_id = fields.Integer(dump_only=True, metadata={"label": N_("Account")})
    contact_id = fields.Integer(dump_only=True, metadata={"label": N_("Contact")})
    status = fields.String(dump_only=True, metadata={"label": N_("Status"),
                                                     "choices": list(INVOICE_STATUS_LABELS.items())})
    total = Money(dump_only=True, metadata={"label": N_("Total")})
    balance = Money(dump_only=True, metadata={"label": N_("Balance")})
