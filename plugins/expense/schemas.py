"""The shape of expenses and expense reports in the form, the API and sync (E1)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from marshmallow import ValidationError, fields, post_load, pre_dump, validate, validates_schema

from core import (
    N_, Money, RecordIdField, RecordSchema, file_field, gettext, lazy_gettext as _l, prefetch_files, reference,
    required_text, text,
)

from .models import Expense, prefetch_expense_ids

#: the expense categories offered (the finance application's expense account, ``account_name``)
#: (the stored value is the English name; a reader sees it in their language)
CATEGORIES = (N_("Air travel"), N_("Car rental"), N_("Fuel / Mileage"), N_("Lodging"), N_("Meals"),
              N_("Entertainment"), N_("Taxi & transit"), N_("Parking & tolls"), N_("Office supplies"),
              N_("Telephone & Internet"), N_("Training"), N_("Other"))
#: an expense's status in the finance application; the first two before its report is submitted
EXPENSE_STATUSES = (("unreported", N_("Unreported")), ("unsubmitted", N_("Unsubmitted")),
                    ("submitted", N_("Submitted")), ("approved", N_("Approved")), ("rejected", N_("Rejected")),
                    ("reimbursed", N_("Reimbursed")))
REPORT_STATUSES = (("draft", N_("Draft")), ("submitted", N_("Submitted")), ("approved", N_("Approved")),
                   ("rejected", N_("Rejected")), ("reimbursed", N_("Reimbursed")))


def _unreported_or_its_own(query, report):
    """The expenses a report may take: those in no report, and its own."""
    return query.where(Expense.report_id.is_null() | (Expense.report_id == (report.id if report else 0)))


class ExpenseSchema(RecordSchema):
    date = fields.Date(load_default=dt.date.today, metadata={"label": N_("Date")})  # today unless changed
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES, error=_l("Choose a category.")),
                             metadata={"label": N_("Category"), "choices": [(c, c) for c in CATEGORIES]})
    amount = Money(required=True, validate=validate.Range(min=Decimal(0), min_inclusive=False,
                                                          error=_l("The amount must be greater than zero.")),
                   metadata={"label": N_("Amount")})
    tax = Money(load_default=Decimal("0.00"), validate=validate.Range(min=Decimal(0),
                                                                       error=_l("Tax cannot be negative.")),
                metadata={"label": N_("Tax")})
    total = Money(dump_only=True, metadata={"label": N_("Total")})
    merchant = text(200, N_("Merchant"))
    receipt = file_field(N_("Receipt"), metadata={"help": N_("An image (PNG, JPEG, GIF, WebP) or a PDF.")})
    billable = fields.Boolean(load_default=False, metadata={"label": N_("Billable")})
    account_id = reference(N_("Customer account"))
    contact_id = reference(N_("Contact"))
    deal_id = reference(N_("Deal"))
    project = text(200, N_("Project / trip"))
    status = fields.String(dump_only=True, metadata={"label": N_("Status"), "choices": list(EXPENSE_STATUSES)})
    report_id = fields.Integer(dump_only=True, metadata={"label": N_("Report")})
    description = text(10000, N_("Description"), metadata={"widget": "textarea"})
    owner_id = reference(N_("Owner"), dump_only=True)

    @validates_schema
    def _billable(self, data, partial=None, **kwargs):
        if not partial and data.get("billable") and not (data.get("account_id") or data.get("contact_id")):
            raise ValidationError(gettext("A billable expense needs a customer account or contact."), "account_id")

    @pre_dump(pass_collection=True)
    def _files(self, data, many, **kwargs):
        prefetch_files(data if many else [data], "receipt")
        return data


class ReportSchema(RecordSchema):
    title = required_text(200, N_("Title"))
    number = fields.String(dump_only=True, metadata={"label": N_("Report #")})
    start_date = fields.Date(required=True, metadata={"label": N_("Period start")})
    end_date = fields.Date(required=True, metadata={"label": N_("Period end")})
    expense_ids = fields.List(
        RecordIdField(), required=True,
        validate=validate.Length(min=1, error=_l("Choose at least one expense.")),
        error_messages={"required": _l("Choose at least one expense.")},
        metadata={"label": N_("Expenses"), "widget": "references", "module": "expense/expenses",
                  "offered": _unreported_or_its_own, "help": N_("Each expense belongs to one report at most.")})
    total = Money(dump_only=True, metadata={"label": N_("Total")})
    status = fields.String(dump_only=True, metadata={"label": N_("Status"), "choices": list(REPORT_STATUSES)})
    owner_id = reference(N_("Owner"), dump_only=True)

    @validates_schema
    def _period(self, data, **kwargs):
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise ValidationError(gettext("The period cannot end before it starts."), "end_date")

    @post_load
    def _ids(self, data, **kwargs):
        if "expense_ids" in data:
            data["expense_ids"] = sorted(set(data["expense_ids"]))
        return data

    @pre_dump(pass_collection=True)
    def _expenses(self, data, many, **kwargs):
        prefetch_expense_ids(data if many else [data])
        return data
