"""Invoice's reports folder and default reports (I1): the same kinds as Books' over the Invoice
app's own documents, and its default dashboard."""
from __future__ import annotations

from core import DashboardComponent, ReportFolder, due_soon_component, hookimpl, lazy_gettext as _l, sales_reports

INVOICES = "invoice/invoices"
DASHBOARD = _l("Invoice dashboard")
DUE_SOON, DUE_SOON_COMPONENT = due_soon_component("invoice", INVOICES, DASHBOARD)


@hookimpl
def register_report_folders():
    return [ReportFolder("invoice", _l("Invoice reports"), "invoice", order=20)]


@hookimpl
def register_reports():
    return [*sales_reports("invoice", "invoice", INVOICES), DUE_SOON]


@hookimpl
def register_dashboard_components():
    def component(key, label, report, chart, width=2):
        return DashboardComponent(f"invoice.{key}", label, report, chart, "invoice", DASHBOARD, width)
    return [DUE_SOON_COMPONENT,
            component("amount_due", _l("Amount due by customer"), "invoice.amount_due_by_customer", "bar"),
            component("sales_by_customer", _l("Sales by customer"), "invoice.sales_by_customer", "pie"),
            component("sales_by_product", _l("Sales by product"), "invoice.sales_by_product", "bar"),
            component("overdue", _l("Overdue invoices by customer"), "invoice.overdue_by_customer", "table", 4)]
