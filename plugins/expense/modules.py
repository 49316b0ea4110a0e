"""Expense's modules (E1): expenses and expense reports, under the Expense tab."""
from __future__ import annotations

from core import N_, Column, Module, gettext

from .models import Expense, Report
from .schemas import REPORT_STATUSES, ExpenseSchema, ReportSchema

#: reports that can still change (a rejected one is corrected and submitted again)
OPEN_REPORT = ("draft", "rejected")


def _status_word(status: str) -> str:
    """A report's status inside a sentence, in the reader's language: ``submitted``."""
    label = dict(REPORT_STATUSES).get(status)
    return gettext(label).lower() if label else status


def report_locked(record) -> str | None:
    if record.status in OPEN_REPORT:
        return None
    return gettext("This report is %(status)s: only draft or rejected reports can be changed.",
                   status=_status_word(record.status))


def expense_locked(record) -> str | None:
    """An expense of a submitted, approved or reimbursed report no longer changes."""
    if not record.report_id:
        return None
    report = Report.get_or_none((Report.tenant == record.tenant_id) & (Report.id == record.report_id))
    if report is None or report.status in OPEN_REPORT:
        return None
    return gettext("This expense is in the %(status)s report “%(title)s”: it can no longer be changed.",
                   status=_status_word(report.status), title=report.title)


EXPENSES = Module(
    name="expense/expenses", label=N_("Expenses"), singular=N_("Expense"), model=Expense, schema=ExpenseSchema,
    app="expense", title_field="merchant",
    columns=(Column("date", N_("Date"), link=True), Column("category", N_("Category")),
             Column("merchant", N_("Merchant")), Column("account_id", N_("Customer account")),
             Column("amount", N_("Amount")), Column("total", N_("Total")), Column("status", N_("Status"))),
    search_fields=("merchant", "description", "project", "category", "account_id"),
    sort_fields=("date", "category", "merchant", "amount", "total", "status", "created_at"), default_sort="-date",
    filter_fields=("category", "status", "billable", "account_id", "contact_id", "deal_id", "report_id",
                   "owner_id"),
    references={"account_id": "accounts", "contact_id": "contacts", "deal_id": "deals",
                "report_id": "expense/reports"},
    locked=expense_locked, protects=("account_id", "contact_id"), icon="receipt")

REPORTS = Module(
    name="expense/reports", label=N_("Expense Reports"), singular=N_("Expense Report"), model=Report,
    schema=ReportSchema, app="expense", title_field="title",
    columns=(Column("title", N_("Title"), link=True), Column("number", N_("Report #")),
             Column("start_date", N_("Period start")), Column("end_date", N_("Period end")),
             Column("status", N_("Status")), Column("total", N_("Total"))),
    search_fields=("title", "number"),
    sort_fields=("title", "number", "start_date", "end_date", "status", "total", "created_at"),
    default_sort="-start_date", filter_fields=("status", "owner_id"), locked=report_locked, icon="folder")

MODULES = (EXPENSES, REPORTS)

#: the New buttons, whole phrases so that their words agree in every language (core.i18n.phrase)
NEW_BUTTONS = (N_("New Expense"), N_("New Expense Report"))
