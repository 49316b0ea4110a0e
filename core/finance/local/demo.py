"""Finance-only demo data: once the CRM demo's records have been pushed to an organisation,
give them a life on the finance side (stock levels, payments, bills, packages shipped and
delivered, subscriptions billed), so that pulling them into the CRM shows something real."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..base import RejectedError
from .db import to_money
from .ledger import today_utc
from .models import Payment
from .service import LocalFinance

CARRIERS = (("UPS", "1Z"), ("FedEx", "7745"), ("DHL", "JD01"))


def _records(service: LocalFinance, doc_type: str, mapped) -> list[dict]:
    records = list(service.list_changed(doc_type, None))
    if mapped and mapped.get(doc_type) is not None:
        wanted = {str(i) for i in mapped[doc_type]}
        records = [r for r in records if r["id"] in wanted]
    return sorted(records, key=lambda r: int(r["id"]))


def load_finance_demo(organization_id: str, service: LocalFinance | None = None,
                      mapped: dict | None = None, today: dt.date | None = None) -> dict:
    """Add the finance-side demo data to ``organization_id``; returns what was done (counts).

    ``mapped`` optionally limits it to some records: ``{doc_type: [finance ids]}``. Runs once:
    an organisation that already has payments made here (not sent from the CRM) is left as it is.
    """
    service = service or LocalFinance(organization_id)
    today = today or today_utc()
    done = {"stock": 0, "payments": 0, "bills": 0, "packages": 0, "shipped": 0, "delivered": 0,
            "subscription_invoices": 0}
    if Payment.select().where((Payment.organization_id == service.org) & Payment.crm_id.is_null()).exists():
        return done
    for index, item in enumerate(_records(service, "items", mapped)):
        if item["stock_on_hand"] in ("0", "0.00"):
            service.adjust_stock(item["id"], 15 + (index * 7) % 60, "Opening stock")
            done["stock"] += 1
    for index, invoice in enumerate(_records(service, "invoices", mapped)):
        if invoice["status"] == "draft" and index % 4 != 3:
            invoice = service.action("invoices", invoice["id"], "mark_sent")
        if invoice["status"] not in ("sent", "overdue", "partially_paid") or index % 3 == 2:
            continue
        amount = invoice["balance"] if index % 3 == 0 else to_money(Decimal(invoice["balance"]) / 2)
        service.record_payment(invoice["id"], amount, today - dt.timedelta(days=index % 10),
                               f"DEMO-{index + 1:03d}")
        done["payments"] += 1
    for index, order in enumerate(_records(service, "purchaseorders", mapped)):
        if order["status"] == "draft":
            order = service.action("purchaseorders", order["id"], "convert_to_open")
        if order["status"] == "open" and index % 2 == 0:
            service.bill_purchaseorder(order["id"], today)
            done["bills"] += 1
    for index, order in enumerate(_records(service, "salesorders", mapped)):
        if order["status"] == "draft":
            order = service.action("salesorders", order["id"], "convert_to_open")
        if order["status"] != "open" or index % 3 == 2:
            continue
        try:
            package = service.create_package(order["id"], today)
        except RejectedError:  # nothing left to pack
            continue
        done["packages"] += 1
        if index % 3 == 0:
            carrier, prefix = CARRIERS[index % len(CARRIERS)]
            service.ship_package(package["id"], carrier, f"{prefix}{100000 + int(package['id'])}", today)
            done["shipped"] += 1
            if index % 2 == 0:
                service.deliver_package(package["id"], today)
                done["delivered"] += 1
    for sub in _records(service, "subscriptions", mapped):
        due = sub["next_billing_at"]
        if sub["status"] in ("live", "trial") and due and dt.date.fromisoformat(due) <= today:
            if service.bill_subscription(sub["id"], today):
                done["subscription_invoices"] += 1
    return done
