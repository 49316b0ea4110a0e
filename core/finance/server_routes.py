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

#: doc_type -> status endpoint -> (action, the statuses the endpoint is documented from (``None``:
#: as the store allows), HTTP status, Zoho's answer). The documents: "Mark a draft invoice as
#: sent", "Mark a sent estimate as accepted", "Mark a draft sales order as open" ...; no endpoint
#: reopens a void sales order or a cancelled purchase order, none closes an order.
STATUS_ENDPOINTS = {
    "invoices": {"sent": ("mark_sent", {"draft"}, 200, "Invoice status has been changed to Sent."),
                 "void": ("mark_void", None, 200, "Invoice status has been changed to Void.")},
    "estimates": {"sent": ("mark_sent", {"draft"}, 200, "Estimate status has been changed to Sent"),
                  "accepted": ("mark_accepted", {"sent"}, 200, "Estimate status has been changed to Accepted."),
                  "declined": ("mark_declined", {"sent"}, 200, "Estimate status has been changed to Declined.")},
    "salesorders": {"open": ("convert_to_open", {"draft"}, 201, "Sales order status has been changed to Open."),
                    "void": ("mark_void", None, 201, "Sales order status has been changed to Void.")},
    "purchaseorders": {"open": ("convert_to_open", {"draft"}, 201, "The purchase order has been marked as open."),
                       "cancelled": ("mark_cancelled", None, 201, "The purchase order has been cancelled.")},
}
#: doc_type -> POST /<path>/<id>/<verb> -> action. Expense's answer ``{code, message}`` (as
#: Books' status endpoints; assumed); Billing's answer the subscription (assumed)
VERB_ENDPOINTS = {
    "expense_reports": {"submit": "submit", "approve": "approve", "reject": "reject", "reimburse": "reimburse"},
    "subscriptions": {"cancel": lambda args: "cancel_at_end" if str(args.get("cancel_at_end", "")).lower()
                      == "true" else "cancel", "reactivate": "reactivate"},
}
#: the answers of Expense's report endpoints
VERB_MESSAGES = {"submit": "The expense report has been submitted.", "approve": "The expense report has been approved.",
                 "reject": "The expense report has been rejected.", "reimburse": "The expense report has been reimbursed."}
#: what these endpoints create instead of a plain record (a bill from a purchase order, a package
#: from a sales order); a customer payment is a record of its own (customerpayments.yml)
MADE_BY_FINANCE = ("bills", "packages")
