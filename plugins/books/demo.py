"""Books' demo data (``finsuite demo``): documents of demo customers and vendors, made through
the core's write path so they sync; the finance demo then sends and pays some of them."""
from __future__ import annotations

import datetime as dt
import random

from core import create_record, hookimpl, perform_action

from .modules import ESTIMATES, INVOICES, PURCHASE_ORDERS, SALES_ORDERS


def _lines(rng: random.Random, products: list) -> list[dict]:
    chosen = rng.sample(products, rng.randint(1, 4))
    return [{"product_id": p.id, "quantity": str(rng.choice([1, 2, 3, 5, 10, 12])),
             "discount_percent": rng.choice(["0", "0", "5", "10"])} for p in chosen]


@hookimpl
def demo_records(tenant, records, users):
    rng = random.Random(7)
    today = dt.date.today()
    accounts, products = records["accounts"], records["products"]
    kinds = ((INVOICES, "due_date", 14), (ESTIMATES, "expiry_date", 30), (SALES_ORDERS, "shipment_date", 10))
    for i in range(24):
        module, due, days = kinds[i % 3] if i < 18 else kinds[0]
        issued = today - dt.timedelta(days=rng.randint(0, 60))
        if i == 1:  # sent below: not yet expired, or the finance application refuses it
            issued = today
        if i >= 18:  # due on each of the next days: the Books dashboard's first chart (B12)
            issued = today - dt.timedelta(days=days - (i - 18))
        document = create_record(module, tenant, users[i % len(users)], {
            "account_id": accounts[(i * 7) % len(accounts)].id, "date": issued.isoformat(),
            due: (issued + dt.timedelta(days=days)).isoformat(), "reference": f"REF-{1000 + i}",
            "line_items": _lines(rng, products)})
        if i == 1:  # an estimate sent from the CRM
            perform_action(module.name, document, "mark_sent", users[0])
    for i, vendor in enumerate(records["vendors"][:4]):
        issued = today - dt.timedelta(days=rng.randint(0, 30))
        create_record(PURCHASE_ORDERS, tenant, users[i % len(users)], {
            "vendor_id": vendor.id, "date": issued.isoformat(),
            "delivery_date": (issued + dt.timedelta(days=21)).isoformat(), "line_items": _lines(rng, products)})
