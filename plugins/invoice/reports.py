"""Invoice's reports folder and default reports (I1): the same kinds as Books' over the Invoice
app's own documents, and its default dashboard."""
from __future__ import annotations

from core import ReportFolder, due_soon_component, hookimpl, lazy_gettext, sales_dashboard, sales_reports

INVOICES = "invoice/invoices"
DASHBOARD = lazy_gettext("Invoice dashboard")
DUE_SOON, DUE_SOON_COMPONENT = due_soon_component("invoice", INVOICES, DASHBOARD)


@hookimpl
def register_report_folders():
    return [ReportFolder("invoice", lazy_gettext("Invoice reports"), "invoice", order=20)]


@hookimpl
def register_reports():
    return [*sales_reports("invoice", "invoice", INVOICES), DUE_SOON]


@hookimpl
def register_dashboard_components():
    return sales_dashboard("invoice", DASHBOARD, DUE_SOON_COMPONENT)
