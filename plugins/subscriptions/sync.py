"""How subscriptions reach the finance application (S1, Y1, docs/sync.md): at once, with their
customer synced first (Y5); what comes back (number, status, next billing date); and the
invoices the finance application bills for them, imported by the pull."""
from __future__ import annotations

from decimal import Decimal

from core import SyncType, hookimpl, master_sync_types, plain_number, remote_date, remote_decimal

from .modules import INVOICES, SUBSCRIPTIONS


def to_payload(record, refs) -> dict:
    """The subscription in the finance shape; the contact, when given, is the customer billed."""
    if record.contact_id:
        customer = refs.finance_id("contacts", record.contact_id)
    else:
        customer = refs.finance_id("accounts", record.account_id)
    payload = {"customer_id": customer, "plan_code": record.plan_code, "plan_name": record.plan_name,
               "quantity": plain_number(record.quantity), "price": str(record.price), "interval": record.interval,
               "interval_unit": record.interval_unit, "starts_at": record.starts_at.isoformat()}
    if record.trial_days:
        payload["trial_days"] = record.trial_days  # read by the finance application on creation only
    return payload


def from_remote(record, remote: dict) -> dict:
    """The number, status and next billing date the finance application gives."""
    return {"number": remote.get("number") or remote.get("subscription_number") or record.number,
            "status": remote.get("status") or record.status,
            "next_billing_at": (remote_date(remote, "next_billing_at") if "next_billing_at" in remote
                                else record.next_billing_at)}


def invoice_from_remote(remote: dict, refs) -> dict | None:
    """An invoice billed for one of our subscriptions; ``None`` for any other (Books' own
    invoices share the doc type and the organisation)."""
    subscription = refs.crm_id(SUBSCRIPTIONS.name, remote.get("subscription_id"))
    if subscription is None:
        return None
    # the subscription's account and contact: the invoice shows on both their pages
    parties = refs.parties(SUBSCRIPTIONS.name, remote.get("subscription_id"))
    return {"subscription_id": subscription, **parties,
            "number": remote.get("number") or remote.get("invoice_number") or "",
            "date": remote_date(remote, "date"), "due_date": remote_date(remote, "due_date"),
            "status": remote.get("status") or "sent",
            "total": remote_decimal(remote, "total") or Decimal("0"),
            "balance": remote_decimal(remote, "balance") or Decimal("0")}


@hookimpl
def register_sync_types():
    return [SyncType(module=SUBSCRIPTIONS.name, app="subscriptions", doc_type="subscriptions",
                     to_payload=to_payload, apply_remote=from_remote, instant=True, pull=True,
                     # only a subscription not yet numbered can be deleted here (actions.py); a
                     # create whose answer was lost is found by our id and deleted there too
                     delete_remote=True),
            SyncType(module=INVOICES.name, app="subscriptions", doc_type="invoices", instant=False, pull=True,
                     import_remote=invoice_from_remote),
            *master_sync_types("subscriptions", ("accounts", "contacts", "products"))]
