"""Exact line and document totals, rounded as the finance applications round them.

A line's amount is quantity x rate less its discount, rounded half-up to the currency's
smallest unit; its tax is that amount x the tax rate, rounded the same way; a document's
totals are the sums (docs/sync.md). The form's script (``documents.js``), the API, the PDF and
the embedded finance application all follow these rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

HUNDRED = Decimal(100)


def unit(places: int = 2) -> Decimal:
    """The currency's smallest unit: ``0.01`` for 2 places, ``1`` for 0 (JPY)."""
    return Decimal(1).scaleb(-places)


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal      # quantity x rate, rounded
    discount: Decimal   # gross less amount
    amount: Decimal     # after the line's discount
    tax: Decimal


def line_amounts(quantity, rate, discount_percent=0, tax_percent=0, places: int = 2) -> LineAmounts:
    """The amounts of one line, each an exact ``Decimal`` rounded half-up to ``places``."""
    step = unit(places)
    quantity, rate = Decimal(str(quantity)), Decimal(str(rate))
    discount_percent, tax_percent = Decimal(str(discount_percent or 0)), Decimal(str(tax_percent or 0))
    exact = quantity * rate
    gross = exact.quantize(step, ROUND_HALF_UP)
    amount = (exact - exact * discount_percent / HUNDRED).quantize(step, ROUND_HALF_UP)
    tax = (amount * tax_percent / HUNDRED).quantize(step, ROUND_HALF_UP)
    return LineAmounts(gross=gross, discount=gross - amount, amount=amount, tax=tax)


@dataclass(frozen=True)
class Totals:
    sub_total: Decimal       # sum of line amounts (after discounts)
    discount_total: Decimal
    tax_total: Decimal
    total: Decimal


def document_totals(lines: Iterable[LineAmounts], places: int = 2) -> Totals:
    zero = Decimal(0).quantize(unit(places))
    lines = list(lines)
    sub = sum((line.amount for line in lines), zero)
    discount = sum((line.discount for line in lines), zero)
    tax = sum((line.tax for line in lines), zero)
    return Totals(sub_total=sub, discount_total=discount, tax_total=tax, total=sub + tax)


def currency_places(currency: str) -> int:
    """Decimal places of a currency (ISO 4217 as Babel knows it): 2 for EUR, 0 for JPY."""
    from babel.numbers import get_currency_precision
    try:
        return get_currency_precision(currency or "USD")
    except Exception:  # noqa: BLE001 (an unknown code: cents)
        return 2
