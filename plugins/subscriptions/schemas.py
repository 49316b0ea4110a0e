"""The shape of subscriptions and their invoices in the form, the API and sync (S1)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from marshmallow import ValidationError, fields, validate, validates_schema

from core import Money, Quantity, RecordSchema, WholeNumber, reference, required_text, text

from .models import UNITS, problems

STATUS_LABELS = {"live": "Live", "trial": "Trial", "non_renewing": "Non-renewing", "cancelled": "Cancelled",
                 "expired": "Expired"}
INVOICE_STATUS_LABELS = {"draft": "Draft", "sent": "Sent", "overdue": "Overdue", "partially_paid": "Partially paid",
                         "paid": "Paid", "void": "Void"}
UNIT_LABELS = {"months": "Months", "years": "Years", "weeks": "Weeks", "days": "Days"}


def _today() -> dt.date:
    return dt.date.today()


class SubscriptionSchema(RecordSchema):
    number = fields.String(dump_only=True, metadata={"label": "Subscription #"})
    account_id = reference("Account")
    contact_id = reference("Contact", metadata={"help": "When given, the contact is the customer billed."})
    plan_code = required_text(100, "Plan code")
    plan_name = text(300, "Plan name")
    quantity = Quantity(
        load_default=Decimal(1), places=2,
        validate=validate.Range(min=Decimal(0), min_inclusive=False, max=Decimal("9999999"),
                                error="The quantity must be greater than zero."),
        metadata={"label": "Quantity"})
    price = Money(required=True, validate=validate.Range(min=Decimal(0), error="The price cannot be negative."),
                  metadata={"label": "Price", "per_unit": True})
    interval = WholeNumber(load_default=1,
                              validate=validate.Range(min=1, max=366, error="Bill every 1 to 366 units."),
                              metadata={"label": "Bill every"})
    interval_unit = fields.String(load_default="months", validate=validate.OneOf(
        list(UNITS), labels=[UNIT_LABELS[u] for u in UNITS], error="Choose months, years, weeks or days."),
        metadata={"label": "Interval unit"})
    starts_at = fields.Date(load_default=_today, metadata={"label": "Start date"})
    ends_at = fields.Date(load_default=None, allow_none=True, metadata={"label": "End date"})
    trial_days = WholeNumber(load_default=None, allow_none=True,
                                validate=validate.Range(min=0, max=3650, error="Between 0 and 3650 days."),
                                metadata={"label": "Trial days"})
    next_billing_at = fields.Date(dump_only=True, metadata={"label": "Next billing date"})
    status = fields.String(dump_only=True, metadata={"label": "Status", "choices": list(STATUS_LABELS.items())})
    amount = Money(dump_only=True, metadata={"label": "Amount per period"})
    billing_interval = fields.String(dump_only=True, metadata={"label": "Billing"})

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

    number = fields.String(dump_only=True, metadata={"label": "Invoice #"})
    date = fields.Date(dump_only=True, metadata={"label": "Date"})
    due_date = fields.Date(dump_only=True, metadata={"label": "Due date"})
    subscription_id = fields.Integer(dump_only=True, metadata={"label": "Subscription"})
    account_id = fields.Integer(dump_only=True, metadata={"label": "Account"})
    contact_id = fields.Integer(dump_only=True, metadata={"label": "Contact"})
    status = fields.String(dump_only=True, metadata={"label": "Status",
                                                     "choices": list(INVOICE_STATUS_LABELS.items())})
    total = Money(dump_only=True, metadata={"label": "Total"})
    balance = Money(dump_only=True, metadata={"label": "Balance"})
