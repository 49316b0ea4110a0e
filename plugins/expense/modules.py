"""Expense's modules (E1): expenses and expense reports, under the Expense tab."""
from __future__ import annotations

from core import Column, Module

from .models import Expense, Report
from .schemas import ExpenseSchema, ReportSchema

#: reports that can still change (a rejected one is corrected and submitted again)
OPEN_REPORT = ("draft", "rejected")


def report_locked(record) -> str | None:
    if record.status in OPEN_REPORT:
        return None
    return f"This report is {record.status}: only draft or rejected reports can be changed."


def expense_locked(record) -> str | None:
    """An expense of a submitted, approved or reimbursed report no longer changes."""
    if not record.report_id:
        return None
    report = Report.get_or_none((Report.tenant == record.tenant_id) & (Report.id == record.report_id))
    if report is None or report.status in OPEN_REPORT:
        return None
    return f"This expense is in the {report.status} report “{report.title}”: it can no longer be changed."


EXPENSES = Module(
    name="expense/expenses", label="Expenses", singular="Expense", model=Expense, schema=ExpenseSchema,
    app="expense", title_field="merchant",
    columns=(Column("date", "Date", link=True), Column("category", "Category"), Column("merchant", "Merchant"),
             Column("account_id", "Customer account"), Column("amount", "Amount"), Column("total", "Total"),
             Column("status", "Status")),
    search_fields=("merchant", "description", "project", "category", "account_id"),
    sort_fields=("date", "category", "merchant", "amount", "total", "status", "created_at"), default_sort="-date",
    filter_fields=("category", "status", "billable", "account_id", "contact_id", "deal_id", "report_id",
                   "owner_id"),
    references={"account_id": "accounts", "contact_id": "contacts", "deal_id": "deals",
                "report_id": "expense/reports"},
    locked=expense_locked, protects=("account_id", "contact_id"), icon="receipt")

REPORTS = Module(
    name="expense/reports", label="Expense Reports", singular="Expense Report", model=Report, schema=ReportSchema,
    app="expense", title_field="title",
    columns=(Column("title", "Title", link=True), Column("number", "Report #"), Column("start_date", "Period start"),
             Column("end_date", "Period end"), Column("status", "Status"), Column("total", "Total")),
    search_fields=("title", "number"),
    sort_fields=("title", "number", "start_date", "end_date", "status", "total", "created_at"),
    default_sort="-start_date", filter_fields=("status", "owner_id"), locked=report_locked, icon="folder")

MODULES = (EXPENSES, REPORTS)
