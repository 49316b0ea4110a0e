"""Which resources each Zoho API serves, their keys and id fields, and their action endpoints
(docs/finance-serve.md)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    doc_type: str
    plural: str
    singular: str
    id_field: str
    label: str


def _r(doc_type, plural, singular, id_field, label):
    return Resource(doc_type, plural, singular, id_field, label)


CONTACTS = _r("contacts", "contacts", "contact", "contact_id", "Contact")
ITEMS = _r("items", "items", "item", "item_id", "Item")
INVOICES = _r("invoices", "invoices", "invoice", "invoice_id", "Invoice")
ESTIMATES = _r("estimates", "estimates", "estimate", "estimate_id", "Estimate")
SALESORDERS = _r("salesorders", "salesorders", "salesorder", "salesorder_id", "Sales order")
PURCHASEORDERS = _r("purchaseorders", "purchaseorders", "purchaseorder", "purchaseorder_id", "Purchase order")
PAYMENTS = _r("payments", "customerpayments", "payment", "payment_id", "Payment")
BILLS = _r("bills", "bills", "bill", "bill_id", "Bill")
EXPENSES = _r("expenses", "expenses", "expense", "expense_id", "Expense")
REPORTS = _r("expense_reports", "expense_reports", "expense_report", "report_id", "Expense report")
PACKAGES = _r("packages", "packages", "package", "package_id", "Package")
CUSTOMERS = _r("contacts", "customers", "customer", "customer_id", "Customer")
SUBSCRIPTIONS = _r("subscriptions", "subscriptions", "subscription", "subscription_id", "Subscription")

#: "<api>/<version>" -> (organisation header or None for the query parameter, {path: Resource})
APIS = {
    "books/v3": (None, {"contacts": CONTACTS, "items": ITEMS, "invoices": INVOICES, "estimates": ESTIMATES,
                        "salesorders": SALESORDERS, "purchaseorders": PURCHASEORDERS,
                        "customerpayments": PAYMENTS, "bills": BILLS}),
    "invoice/v3": ("X-com-zoho-invoice-organizationid",
                   {"contacts": CONTACTS, "items": ITEMS, "invoices": INVOICES, "estimates": ESTIMATES,
                    "customerpayments": PAYMENTS}),
    "expense/v1": ("X-com-zoho-expense-organizationid", {"expenses": EXPENSES, "expensereports": REPORTS}),
    "inventory/v1": (None, {"contacts": CONTACTS, "items": ITEMS, "salesorders": SALESORDERS,
                            "purchaseorders": PURCHASEORDERS, "packages": PACKAGES}),
    "billing/v1": ("X-com-zoho-subscriptions-organizationid",
                   {"customers": CUSTOMERS, "subscriptions": SUBSCRIPTIONS, "invoices": INVOICES}),
}

#: doc_type -> status endpoint -> action (or a function of the current status)
STATUS_ENDPOINTS = {
    "invoices": {"sent": "mark_sent", "void": "mark_void"},
    "estimates": {"sent": "mark_sent", "accepted": "mark_accepted", "declined": "mark_declined"},
    "salesorders": {"open": lambda status: "convert_to_open" if status == "draft" else "reopen",
                    "void": "mark_void"},
    "purchaseorders": {"open": lambda status: "convert_to_open" if status == "draft" else "reopen",
                       "cancelled": "mark_cancelled"},
}
#: doc_type -> POST /<path>/<id>/<verb> -> action
VERB_ENDPOINTS = {
    "expense_reports": {"submit": "submit", "approve": "approve", "reject": "reject", "reimburse": "reimburse"},
    "subscriptions": {"cancel": lambda args: "cancel_at_end" if str(args.get("cancel_at_end", "")).lower()
                      == "true" else "cancel", "reactivate": "reactivate"},
}
#: what these endpoints create instead of a plain record
MADE_BY_FINANCE = ("payments", "bills", "packages")
