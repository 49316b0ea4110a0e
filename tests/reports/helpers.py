"""Shared pieces of the report tests: a fixed today, invoices with lines, and the totals this
test computes itself (half-up per line, as the help page's finance applications do)."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from core.records import create_record

TODAY = dt.date(2026, 12, 7)
CENT = Decimal("0.01")


def line_total(lines) -> Decimal:
    """``[(name, product, quantity, rate, discount %, tax %)]``: amount after discount plus tax."""
    total = Decimal("0.00")
    for _name, _product, quantity, rate, discount, tax in lines:
        exact = Decimal(quantity) * Decimal(rate)
        amount = (exact * (1 - Decimal(discount) / 100)).quantize(CENT, ROUND_HALF_UP)
        total += amount + (amount * Decimal(tax) / 100).quantize(CENT, ROUND_HALF_UP)
    return total


def make_invoice(registry, tenant, user, account, lines, status: str, date: dt.date, due: dt.date,
                 module: str = "books/invoices", balance: Decimal | None = None):
    """An invoice made as a user makes it, then given the status (and balance) the finance
    application answers with: a paid one owes nothing, others their total unless ``balance``."""
    module = registry.modules[module]
    record = create_record(module, tenant, user, {
        "account_id": account.id, "date": str(date), "due_date": str(due),
        "line_items": [{"name": name, "product_id": product.id if product else None, "quantity": quantity,
                        "rate": rate, "discount_percent": discount, "tax_percent": tax}
                       for name, product, quantity, rate, discount, tax in lines]})
    owed = Decimal("0.00") if status == "paid" else (record.total if balance is None else balance)
    module.model.update(status=status, balance=owed).where(module.model.id == record.id).execute()
    return module.model.get_by_id(record.id)
