"""Books' reports folder and default reports (B11), and its default dashboard (B12). Every one is
a definition the core's engine runs: tables, charts, CSV, the API and the builder come with it."""
from __future__ import annotations

from core import (
    Aggregate, Filter, Grouping, Report, ReportDefinition, ReportFolder, due_soon_component, hookimpl,
    lazy_gettext, sales_dashboard, sales_reports,
)

DASHBOARD = lazy_gettext("Books dashboard")
DUE_SOON, DUE_SOON_COMPONENT = due_soon_component("books", "books/invoices", DASHBOARD)
PURCHASE_ORDERS_THIS_MONTH = Report(
    "books.purchase_orders_this_month", lazy_gettext("Purchase orders this month"), "books", ReportDefinition(
        "books/purchaseorders", filters=(Filter("date", "this_month"),),
        columns=("number", "date", "vendor_id", "status", "delivery_date", "total"), sort=("-date",)),
    "books", lazy_gettext("Every purchase order dated this month."))
SALES_BY_MONTH = Report(
    "books.sales_by_month", lazy_gettext("Sales by month"), "books", ReportDefinition(
        "books/invoices", filters=(Filter("status", "in", ["sent", "overdue", "partially_paid", "paid"]),
                                   Filter("date", "last_days", 365)),
        group_by=(Grouping("date", "month"),), aggregates=(Aggregate("sum", "total", lazy_gettext("Sales")),),
        chart="line"),
    "books", lazy_gettext("Invoiced totals per month over the last year."))


def _reports() -> list[Report]:
    return [*sales_reports("books", "books", "books/invoices"), PURCHASE_ORDERS_THIS_MONTH, SALES_BY_MONTH, DUE_SOON]


@hookimpl
def register_report_folders():
    return [ReportFolder("books", lazy_gettext("Books reports"), "books",
                         renamed_with=(("inventory", lazy_gettext("Finance reports")),), order=10)]


@hookimpl
def register_reports():
    return _reports()


@hookimpl
def register_dashboard_components():
    return sales_dashboard("books", DASHBOARD, DUE_SOON_COMPONENT,
                           (2, "sales_by_month", lazy_gettext("Sales by month"), "books.sales_by_month", "line", 4))
