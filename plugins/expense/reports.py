"""Expense's default reports (E3): deals compared with the expenses incurred for them (was the
trip worth it?), expenses by category, by customer, by user and month; and a dashboard."""
from __future__ import annotations

from core import (
    Aggregate, DashboardComponent, Filter, Grouping, Ratio, Report, ReportDefinition, ReportFolder, hookimpl,
    lazy_gettext as _l,
)

EXPENSES = "expense/expenses"
DASHBOARD = _l("Expense dashboard")


def _total(label=None) -> Aggregate:
    return Aggregate("sum", "total", label or _l("Expenses"))


REPORTS = [
    Report("expense.deals_vs_expenses", _l("Deals compared with their expenses"), "expense", ReportDefinition(
        "deals", related=EXPENSES, filters=(Filter(f"{EXPENSES}.id", "not_empty"),), group_by=(Grouping("id"),),
        aggregates=(Aggregate("max", "amount", _l("Deal amount")), Aggregate("sum", f"{EXPENSES}.total", _l("Expenses")),
                    Aggregate("count", f"{EXPENSES}.id", _l("Expense count"))),
        ratios=(Ratio(f"sum:{EXPENSES}.total", "max:amount", _l("Expenses / deal amount (%)"), percent=True),),
        sort=(f"-ratio:sum:{EXPENSES}.total/max:amount",), chart="bar"), "expense",
        _l("Each deal's amount beside the expenses incurred for it: was the trip worth it?")),
    Report("expense.by_category", _l("Expenses by category"), "expense", ReportDefinition(
        EXPENSES, group_by=(Grouping("category"),), aggregates=(_total(), Aggregate("count", "", _l("Count"))),
        sort=("-sum:total",), chart="pie"), "expense", _l("Expense totals (tax included) per category.")),
    Report("expense.by_customer", _l("Expenses by customer"), "expense", ReportDefinition(
        EXPENSES, filters=(Filter("account_id", "not_empty"),), group_by=(Grouping("account_id"),),
        aggregates=(_total(), Aggregate("count", "", _l("Count"))),
        sort=("-sum:total",), chart="bar"), "expense", _l("Expense totals per customer account.")),
    Report("expense.by_user_and_month", _l("Expenses by user and month"), "expense", ReportDefinition(
        EXPENSES, group_by=(Grouping("owner_id"), Grouping("date", "month")), aggregates=(_total(),), chart="bar"),
        "expense", _l("Expense totals per owner, month by month.")),
]


@hookimpl
def register_report_folders():
    return [ReportFolder("expense", _l("Expense reports"), "expense", order=30)]


@hookimpl
def register_reports():
    return REPORTS


@hookimpl
def register_dashboard_components():
    def component(key, label, report, chart, width=2):
        return DashboardComponent(f"expense.{key}", label, report, chart, "expense", DASHBOARD, width)
    return [component("deals_vs_expenses", _l("Deals compared with their expenses"), "expense.deals_vs_expenses", "bar", 4),
            component("by_category", _l("Expenses by category"), "expense.by_category", "pie"),
            component("by_customer", _l("Expenses by customer"), "expense.by_customer", "bar")]
