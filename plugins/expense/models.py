"""Expense's tables: expenses (with their receipt) and the reports that group them.

An expense belongs to at most one report (``report_id``); a report's ``expense_ids`` reads and
sets that membership, and both keep their ``total`` (amount + tax) stored so lists and sums stay
single SQL statements.
"""
from __future__ import annotations

from decimal import Decimal

import peewee

from core import (
    Invalid, MoneyField, TenantModel, file_column, gettext, module_named, money_sum, naming, owner_field, to_money,
)

ZERO = Decimal("0.00")
#: the status the finance application gives an expense in no report, and the expenses of a
#: report in each status (when it is not the report's own)
UNREPORTED = "unreported"
EXPENSE_STATUS_OF_REPORT = {"draft": "unsubmitted"}


class Expense(TenantModel):
    date = peewee.DateField()
    category = peewee.CharField(max_length=100)
    amount = MoneyField()
    tax = MoneyField(default=ZERO)
    #: amount + tax, kept by :meth:`save`
    total = MoneyField(default=ZERO)
    merchant = peewee.CharField(max_length=200, default="")
    description = peewee.TextField(default="")
    receipt = file_column()
    billable = peewee.BooleanField(default=False)
    account_id = peewee.IntegerField(null=True)
    contact_id = peewee.IntegerField(null=True)
    deal_id = peewee.IntegerField(null=True)
    project = peewee.CharField(max_length=200, default="")
    #: what the finance application says (unreported, unsubmitted, submitted ...)
    status = peewee.CharField(max_length=20, default="")
    report_id = peewee.IntegerField(null=True)
    #: the user who recorded it (``core.create_record``); none when made without a user
    owner = owner_field()

    class Meta:
        table_name = "expense_expense"
        indexes = ((("tenant", "date", "id"), False), (("tenant", "account_id", "date", "id"), False),
                   (("tenant", "contact_id", "date", "id"), False), (("tenant", "deal_id", "date", "id"), False),
                   (("tenant", "report_id", "date", "id"), False), (("tenant", "status"), False))

    def save(self, *args, **kwargs):
        self.total = to_money(self.amount or 0) + to_money(self.tax or 0)
        result = super().save(*args, **kwargs)
        if self.report_id:
            retotal(self.report_id)
        return result

    def delete_instance(self, *args, **kwargs):
        report_id = self.report_id
        result = super().delete_instance(*args, **kwargs)
        if report_id:
            retotal(report_id)
        return result


class Report(TenantModel):
    title = peewee.CharField(max_length=200)
    #: the finance application's number (``ER-000001``)
    number = peewee.CharField(max_length=40, default="")
    start_date = peewee.DateField()
    end_date = peewee.DateField()
    status = peewee.CharField(max_length=20, default="draft")
    #: the sum of its expenses' totals, kept by :func:`retotal`
    total = MoneyField(default=ZERO)
    owner = owner_field()

    class Meta:
        table_name = "expense_report"
        indexes = ((("tenant", "start_date", "id"), False), (("tenant", "status"), False))

    _chosen: list | None = None  # expense ids set but not yet saved

    @property
    def expense_ids(self) -> list[int]:
        """The ids of its expenses, oldest first (set them, then :meth:`save`)."""
        if self._chosen is not None:
            return list(self._chosen)
        if "_expense_ids" not in self.__dict__:
            self.__dict__["_expense_ids"] = [] if self.id is None else [row[0] for row in Expense.select(
                Expense.id).where((Expense.tenant == self.tenant_id) & (Expense.report_id == self.id))
                .order_by(Expense.id).tuples()]
        return list(self.__dict__["_expense_ids"])

    @expense_ids.setter
    def expense_ids(self, ids) -> None:
        self._chosen = sorted({int(i) for i in ids or ()})

    def save(self, *args, **kwargs):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise Invalid({"end_date": [gettext("The period cannot end before it starts.")]})
        result = super().save(*args, **kwargs)
        if self._chosen is not None:
            chosen, self._chosen = self._chosen, None
            assign(self, chosen)
        follow_report(self)
        return result

    def delete_instance(self, *args, **kwargs):
        Expense.update(report_id=None, status=UNREPORTED).where(
            (Expense.tenant == self.tenant_id) & (Expense.report_id == self.id)).execute()
        return super().delete_instance(*args, **kwargs)


def follow_report(report: Report) -> None:
    """Give the report's expenses the status the finance application gives them (a draft
    report's are ``unsubmitted``, then they share the report's), so they agree before a sync."""
    status = EXPENSE_STATUS_OF_REPORT.get(report.status, report.status)
    Expense.update(status=status).where((Expense.tenant == report.tenant_id) & (Expense.report_id == report.id)
                                        & (Expense.status != status)).execute()


def assign(report: Report, ids: list[int]) -> None:
    """Make ``ids`` the report's expenses: each the tenant's, and in no other report."""
    found = dict(Expense.select(Expense.id, Expense.report_id).where(
        (Expense.tenant == report.tenant_id) & Expense.id.in_(ids)).tuples()) if ids else {}
    errors = [gettext("No expense %(id)s in this organisation.", id=i) for i in ids if i not in found]
    errors += taken_by_others(report, [i for i in ids if found.get(i) not in (None, report.id)])
    if errors:
        raise Invalid({"expense_ids": errors})
    mine = (Expense.tenant == report.tenant_id) & (Expense.report_id == report.id)
    Expense.update(report_id=None, status=UNREPORTED).where(mine & Expense.id.not_in(ids) if ids else mine).execute()
    if ids:
        Expense.update(report_id=report.id).where((Expense.tenant == report.tenant_id)
                                                  & Expense.id.in_(ids)).execute()
    report.__dict__["_expense_ids"] = list(ids)
    report.total = retotal(report.id)


def taken_by_others(report: Report, ids: list[int]) -> list[str]:
    """"The expense “…” is already in the report “…”." for each of ``ids``, both named (links on
    a page)."""
    if not ids:
        return []
    others = {r.id: r for r in Report.select().where((Report.tenant == report.tenant_id) & Report.id.in_(
        Expense.select(Expense.report_id).where((Expense.tenant == report.tenant_id) & Expense.id.in_(ids))))}
    expenses = Expense.select().where((Expense.tenant == report.tenant_id) & Expense.id.in_(ids)).order_by(Expense.id)
    expense_module, report_module = module_named("expense/expenses"), module_named("expense/reports")
    template = gettext("The expense {expense} is already in the report {report}.")
    return [naming(template, expense=(expense_module, expense), report=(report_module, others[expense.report_id]))
            for expense in expenses]


def retotal(report_id: int) -> Decimal:
    """Store and return the report's total: the sum of its expenses' totals."""
    total = Expense.select(money_sum(Expense.total)).where(Expense.report_id == report_id).scalar() or ZERO
    Report.update(total=total).where(Report.id == report_id).execute()
    return total


def prefetch_expense_ids(reports) -> None:
    """Read the expense ids of several reports in one query (an API page of reports)."""
    reports = [r for r in reports if isinstance(r, Report) and r.id is not None and r._chosen is None]
    if not reports:
        return
    ids: dict[int, list[int]] = {r.id: [] for r in reports}
    for expense_id, report_id in (Expense.select(Expense.id, Expense.report_id).where(
            Expense.report_id.in_(list(ids))).order_by(Expense.id).tuples()):
        ids[report_id].append(expense_id)
    for report in reports:
        report.__dict__["_expense_ids"] = ids[report.id]


TABLES = [Expense, Report]
