"""Invoice's demo data (``finsuite demo``): invoices and estimates of demo customers, made
through the core's write path so they reach the Invoice application; one of each marked sent."""
from __future__ import annotations

import datetime as dt
import random

from core import create_record, hookimpl, perform_action

from .modules import ESTIMATES, INVOICES


def _lines(rng: random.Random, products: list) -> list[dict]:
    chosen = rng.sample(products, rng.randint(1, 3))
    return [{"product_id": p.id, "quantity": str(rng.choice([1, 2, 4, 6])),
             "discount_percent": rng.choice(["0", "0", "5"])} for p in chosen]


@hookimpl
def demo_records(tenant, records, users):
    rng = random.Random(11)
    today = dt.date.today()
    accounts, products = records["accounts"], records["products"]
    kinds = ((INVOICES, "due_date", 30), (ESTIMATES, "expiry_date", 30))
    for i in range(8):
        module, due, days = kinds[i % 2]
        issued = today - dt.timedelta(days=rng.randint(0, 20)) if i > 1 else today
        document = create_record(module, tenant, users[i % len(users)], {
            "account_id": accounts[(i * 5 + 3) % len(accounts)].id, "date": issued.isoformat(),
            due: (issued + dt.timedelta(days=days)).isoformat(), "reference": f"INV-REF-{200 + i}",
            "line_items": _lines(rng, products)})
        if i < 2:  # an invoice and an estimate sent from the CRM (dated today: not yet due)
            perform_action(module.name, document, "mark_sent", users[0])
