"""The default reports of an app whose customers are invoiced (Books, Invoice): the same kinds
over each app's own documents, under stable keys (``<app>.sales_by_customer`` ...)."""
from __future__ import annotations

from flask_babel import lazy_gettext

from ..declarations import DashboardComponent, Report
from .definition import Aggregate, Definition, Grouping
from .filters import Filter

#: an invoice that counts as a sale: neither a draft nor void
SOLD = Filter("status", "in", ["sent", "overdue", "partially_paid", "paid"])
#: what a customer still owes
OWED = Filter("status", "in", ["sent", "overdue", "partially_paid"])


def sales_reports(app: str, folder: str, invoices: str) -> list[Report]:
    """Amount due, overdue invoices, sales by customer, by product (through the Items module,
    B9) and by user, over the invoices module ``invoices`` (``books/invoices``)."""
    by_customer = (Grouping("account_id"),)
    return [
        Report(f"{app}.amount_due_by_customer", lazy_gettext("Amount due by customer"), folder, Definition(
            invoices, filters=(OWED, Filter("balance", "gt", "0")), group_by=by_customer,
            aggregates=(Aggregate("sum", "balance", lazy_gettext("Amount due")), Aggregate("count", "", lazy_gettext("Invoices"))),
            sort=("-sum:balance",), chart="bar"), app,
            lazy_gettext("What each customer still owes on sent invoices.")),
        Report(f"{app}.overdue_by_customer", lazy_gettext("Overdue invoices by customer"), folder, Definition(
            invoices, filters=(OWED, Filter("balance", "gt", "0"), Filter("due_date", "before_today")),
            group_by=by_customer, aggregates=(Aggregate("count", "", lazy_gettext("Overdue invoices")),
                                              Aggregate("sum", "balance", lazy_gettext("Overdue amount")),
                                              Aggregate("min", "due_date", lazy_gettext("Oldest due date"))),
            sort=("-sum:balance",), chart="bar"), app,
            lazy_gettext("Invoices past their due date with an amount still due, per customer.")),
        Report(f"{app}.sales_by_customer", lazy_gettext("Sales by customer"), folder, Definition(
            invoices, filters=(SOLD,), group_by=by_customer,
            aggregates=(Aggregate("sum", "total", lazy_gettext("Sales")), Aggregate("count", "", lazy_gettext("Invoices"))),
            sort=("-sum:total",), chart="bar"), app, lazy_gettext("Invoiced totals (taxes included) per customer.")),
        Report(f"{app}.sales_by_product", lazy_gettext("Sales by product"), folder, Definition(
            invoices, related="items", filters=(SOLD,), group_by=(Grouping("items.product_id"),),
            aggregates=(Aggregate("sum", "items.quantity", lazy_gettext("Quantity")),
                        Aggregate("sum", "items.amount", lazy_gettext("Sales"))),
            sort=("-sum:items.amount",), chart="bar"), app,
            lazy_gettext("Invoiced line amounts (after discounts, before taxes) per product, through the Items module.")),
        Report(f"{app}.sales_by_user", lazy_gettext("Sales by user"), folder, Definition(
            invoices, filters=(SOLD,), group_by=(Grouping("owner_id"),),
            aggregates=(Aggregate("sum", "total", lazy_gettext("Sales")), Aggregate("count", "", lazy_gettext("Invoices"))),
            sort=("-sum:total",), chart="pie"), app, lazy_gettext("Invoiced totals per invoice owner.")),
    ]


def due_soon_component(app: str, invoices: str, dashboard: str) -> tuple[Report, DashboardComponent]:
    """The help page's example (B12): the number of invoices falling due on each of the next 5
    days, as a report and the first component of the app's dashboard."""
    report = Report(f"{app}.invoices_due_next_5_days", lazy_gettext("Invoices due in the next 5 days"), app, Definition(
        invoices, filters=(Filter("due_date", "next_days", 5), OWED), group_by=(Grouping("due_date", "day"),),
        aggregates=(Aggregate("count", "", lazy_gettext("Invoices")), Aggregate("sum", "balance", lazy_gettext("Amount due"))),
        chart="bar"), app, lazy_gettext("How many invoices fall due on each of the next 5 days."))
    return report, DashboardComponent(f"{app}.due_next_5_days", lazy_gettext("Invoices due in the next 5 days"), report.key,
                                      "bar", app, dashboard, 2)


def sales_dashboard(app: str, dashboard, due_soon: DashboardComponent, *extra: tuple) -> list[DashboardComponent]:
    """The default dashboard of an app with :func:`sales_reports`: invoices due soon, amount due,
    sales by customer and by product, overdue invoices; ``extra`` components ``(position, key,
    label, report, chart, width)`` put in place (Books' sales by month)."""
    def component(key, label, report, chart, width=2):
        return DashboardComponent(f"{app}.{key}", label, report, chart, app, dashboard, width)
    components = [due_soon,
                  component("amount_due", lazy_gettext("Amount due by customer"), f"{app}.amount_due_by_customer", "bar"),
                  component("sales_by_customer", lazy_gettext("Sales by customer"), f"{app}.sales_by_customer", "pie"),
                  component("sales_by_product", lazy_gettext("Sales by product"), f"{app}.sales_by_product", "bar"),
                  component("overdue", lazy_gettext("Overdue invoices by customer"), f"{app}.overdue_by_customer", "table", 4)]
    for position, *parts in extra:
        components.insert(position, component(*parts))
    return components
