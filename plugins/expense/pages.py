"""Expense in context (E2, P1): the expenses of an account, contact or deal, and of a report,
with their total; two SQL statements per list however many expenses there are. Only users who
may view expenses (Expense access) see them."""
from __future__ import annotations

from decimal import Decimal

from peewee import fn

from core import N_, Column, Translated, RelatedList, can_module, format_money, gettext, hookimpl, money_sum, parent_params

from .models import ZERO, Expense
from .modules import EXPENSES, REPORTS

#: rows shown per list; the count and the total cover them all
LIMIT = 50
PARENT_FIELDS = {"accounts": "account_id", "contacts": "contact_id", "deals": "deal_id"}
COLUMNS = (Column("date", N_("Date"), link=True), Column("category", N_("Category")),
           Column("merchant", N_("Merchant")), Column("amount", N_("Amount")), Column("tax", N_("Tax")),
           Column("total", N_("Total")), Column("status", N_("Status")))


def expenses_of(tenant_id, field: str, parent_id: int) -> tuple[list, int, Decimal]:
    """The newest ``LIMIT`` expenses whose ``field`` is ``parent_id``, how many there are and the
    sum of their totals."""
    where = getattr(Expense, field) == parent_id
    rows = list(Expense.scoped(tenant_id).where(where).order_by(Expense.date.desc(), Expense.id.desc()).limit(LIMIT))
    count, total = Expense.scoped(tenant_id, fn.COUNT(Expense.id), money_sum(Expense.total)).where(where).tuples().get()
    return rows, count, total or ZERO


def _list(key: str, label: str, field: str, record, user, new_params: dict | None) -> RelatedList:
    rows, count, total = expenses_of(record.tenant_id, field, record.id)
    return RelatedList(
        key=key, label=Translated(gettext("%(list)s · Total %(total)s", list=gettext(label), total=format_money(total))),
        module=EXPENSES.name, records=rows, columns=COLUMNS,
        total=count, order=44, can_create=new_params is not None and can_module(user, EXPENSES, "create"),
        new_params=new_params or {}, refreshable=True)


@hookimpl
def related_lists(module, record, user):
    """"Expense" on account, contact and deal pages (New fills in the parent); a report's expenses
    on its page."""
    if record is None or not can_module(user, EXPENSES, "view"):
        return None
    if module.name in PARENT_FIELDS:
        return [_list("expense_expenses", N_("Expense"), PARENT_FIELDS[module.name], record, user,
                      parent_params(module.name, record))]
    if module is REPORTS:
        return [_list("expense_report_expenses", N_("Expenses in this report"), "report_id", record, user, None)]
    return None
