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

from ..i18n import N_

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


#: a document's fields its totals block shows (its page's list of fields leaves them out)
TOTAL_FIELDS = ("sub_total", "discount_total", "tax_total", "total", "balance")


@dataclass(frozen=True)
class TotalRow:
    key: str         # sub_total, discount_total, tax_total, adjustment, total, balance
    label: str
    amount: Decimal  # as shown: the discount negative


def owes_balance(module) -> bool:
    """Invoices: the documents a customer pays, whose lists show a balance due (estimates and
    orders have none)."""
    return any(column.name == "balance" for column in module.columns)


def presented_totals(figures, owes: bool = False, every_row: bool = False) -> list[TotalRow]:
    """A document's totals block, the same on its page, in its PDF and in its e-mail: the sub
    total before discounts, the discount (negative; left out when there is none, unless
    ``every_row``), the tax, what else the finance application added to the total (if it did),
    the total; with ``owes``, the balance due (a draft's total). Read top-down, the rows above the total add up to
    it exactly. ``figures``: a document, or :class:`Totals`. (The stored ``sub_total`` is after
    discounts, as the finance applications keep it.)"""
    sub, discount, tax, total = (_decimal(getattr(figures, name, None))
                                 for name in ("sub_total", "discount_total", "tax_total", "total"))
    rows = [TotalRow("sub_total", N_("Sub total"), sub + discount)]
    if discount or every_row:
        rows.append(TotalRow("discount_total", N_("Discount"), -discount if discount else discount))
    rows.append(TotalRow("tax_total", N_("Tax"), tax))
    if total != sub + tax:
        rows.append(TotalRow("adjustment", N_("Adjustment"), total - sub - tax))
    rows.append(TotalRow("total", N_("Total"), total))
    if owes:  # a draft is not owed in part: nothing can be paid on it yet (before the finance application says)
        balance = total if getattr(figures, "status", None) == "draft" else getattr(figures, "balance", None)
        rows.append(TotalRow("balance", N_("Balance due"), _decimal(balance)))
    return rows


def _decimal(value) -> Decimal:
    return Decimal(0) if value in (None, "") else Decimal(str(value))


def document_totals_rows(module, record) -> list[TotalRow]:
    """:func:`presented_totals` of a record of ``module`` (its balance due if an invoice)."""
    return presented_totals(record, owes=owes_balance(module))


def totals_text(rows: list[TotalRow], money) -> str:
    """The rows as a plain-text e-mail shows them, labels left and amounts right-aligned."""
    from ..i18n import translate_declared
    shown = [(translate_declared(row.label), money(row.amount)) for row in rows]
    width = max(len(label) for label, _amount in shown) + 2
    figures = max(len(amount) for _label, amount in shown)
    return "\n".join(f"{label:<{width}}{amount:>{figures}}" for label, amount in shown)
