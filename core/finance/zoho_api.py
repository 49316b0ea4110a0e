"""What the ``zoho`` connector knows of Zoho's documented APIs (Books v3's published OpenAPI
documents; Invoice v3, Expense v1, Inventory v1 and Billing v1 assumed to follow the same
conventions, docs/sync.md "What Zoho documents"): resources, status endpoints, the actions Zoho
can never carry out, and the list filters a lookup may use."""
from __future__ import annotations

#: the organisation's custom field with unique values holding our id (``"accounts:42"``)
CRM_FIELD = "cf_finsuite_crm_id"

# doc_type -> (path, list key, record key, id field, number field)
RESOURCES = {
    "contacts": ("/contacts", "contacts", "contact", "contact_id", None),
    "customers": ("/customers", "customers", "customer", "customer_id", None),
    "items": ("/items", "items", "item", "item_id", None),
    "invoices": ("/invoices", "invoices", "invoice", "invoice_id", "invoice_number"),
    "estimates": ("/estimates", "estimates", "estimate", "estimate_id", "estimate_number"),
    "salesorders": ("/salesorders", "salesorders", "salesorder", "salesorder_id", "salesorder_number"),
    "purchaseorders": ("/purchaseorders", "purchaseorders", "purchaseorder", "purchaseorder_id",
                       "purchaseorder_number"),
    "payments": ("/customerpayments", "customerpayments", "payment", "payment_id", "payment_number"),
    "expenses": ("/expenses", "expenses", "expense", "expense_id", None),
    "expense_reports": ("/expensereports", "expense_reports", "expense_report", "report_id", "report_number"),
    "packages": ("/packages", "packages", "package", "package_id", "package_number"),
    "subscriptions": ("/subscriptions", "subscriptions", "subscription", "subscription_id", "subscription_number"),
}
#: app -> the doc_types it serves (as docs/finance-serve.md; Billing's contacts are customers)
APP_DOC_TYPES = {
    "books": ("contacts", "items", "invoices", "estimates", "salesorders", "purchaseorders", "payments"),
    "invoice": ("contacts", "items", "invoices", "estimates", "payments"),
    "expense": ("expenses", "expense_reports"),
    "inventory": ("contacts", "items", "salesorders", "purchaseorders", "packages"),
    "subscriptions": ("contacts", "subscriptions", "invoices"),
}
READ_ONLY = ("packages",)

#: list endpoints with the documented ``custom_field`` filter (invoices.yml, estimates.yml,
#: purchase-order.yml): a lookup by our id asks for it; the others are read page by page
CUSTOM_FIELD_FILTER = ("invoices", "estimates", "purchaseorders")
#: lists that show active records only unless asked for all
ACTIVE_ONLY = ("contacts", "items")

#: doc_type -> action -> (path after /<id>, query parameters); ``None``: Zoho has no endpoint
ACTIONS = {
    "invoices": {"mark_sent": ("/status/sent", None), "mark_void": ("/status/void", None)},
    "estimates": {"mark_sent": ("/status/sent", None), "mark_accepted": ("/status/accepted", None),
                  "mark_declined": ("/status/declined", None)},
    "salesorders": {"convert_to_open": ("/status/open", None), "mark_void": ("/status/void", None),
                    "mark_closed": None, "reopen": None},
    "purchaseorders": {"convert_to_open": ("/status/open", None), "mark_cancelled": ("/status/cancelled", None),
                       "mark_closed": None, "reopen": None},
    "expense_reports": {verb: ("/" + verb, None) for verb in ("submit", "approve", "reject", "reimburse")},
    "subscriptions": {"cancel": ("/cancel", {"cancel_at_end": "false"}),
                      "cancel_at_end": ("/cancel", {"cancel_at_end": "true"}),
                      "reactivate": ("/reactivate", None)},
}
#: why an action without an endpoint is kept in the CRM only (``UnsupportedAction``)
KEPT_IN_CRM = {
    "mark_closed": "Zoho has no API to close a {label}: the status is kept in the CRM only",
    "reopen": "Zoho has no API to reopen a {label}: only one closed in the CRM alone can be reopened, "
              "and its copy in Zoho is still open (nothing to send)",
}
LABELS = {"salesorders": "sales order", "purchaseorders": "purchase order", "estimates": "estimate",
          "invoices": "invoice"}

#: (doc_type, action, CRM status) -> why Zoho can never carry it out (its endpoints' documented
#: starting statuses: "Mark a draft sales order as open", "Mark a sent estimate as accepted"...)
REFUSALS = {
    ("salesorders", "reopen", "void"):
        "Zoho Books cannot reopen a void sales order (it can only mark a draft sales order as open): "
        "make a new sales order instead.",
    ("purchaseorders", "reopen", "cancelled"):
        "Zoho Books cannot reopen a cancelled purchase order (it can only mark a draft purchase order "
        "as open): make a new purchase order instead.",
    ("estimates", "mark_accepted", "draft"):
        "Zoho marks only a sent estimate as accepted: mark it as sent first.",
    ("estimates", "mark_declined", "draft"):
        "Zoho marks only a sent estimate as declined: mark it as sent first.",
}


def action_refusal(doc_type: str, action: str, crm_status: str) -> str | None:
    """Why Zoho can never carry out ``action`` of a ``doc_type`` record the CRM shows in
    ``crm_status`` (no endpoint leads there from that status), or ``None``. The CRM refuses such
    an action before it is queued (``ConnectorSpec.action_refusal``)."""
    return REFUSALS.get((doc_type, action, crm_status))


def kept_in_crm(doc_type: str, action: str) -> str:
    return KEPT_IN_CRM.get(action, "Zoho has no API for {action} of a {label}").format(
        label=LABELS.get(doc_type, doc_type), action=action)
