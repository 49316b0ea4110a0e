"""The embedded finance application's own arithmetic of a document's totals, written from Zoho's
published documentation of Books v3 (invoices, estimates, sales orders, purchase orders), not
from the CRM's code: the two are computed separately, and a test compares them (docs/sync.md
"Discounts and totals").

- A line's ``discount`` is a percentage written ``"12.5%"`` or an amount (``"190"``) taken off
  quantity x rate ("Format: percentage (e.g. "12.5%") or amount (e.g. "190")").
- ``discount_type: item_level`` (the discount is per line) and ``is_discount_before_tax: true``
  (it reduces the taxable amount) are how this organisation is set up: a document asking for
  ``entity_level`` or a discount after tax is refused, never computed another way.
- ``item_total`` = quantity x rate less the discount, rounded half-up to cents; ``tax_amount`` =
  item_total x ``tax_percentage`` / 100, rounded half-up to cents; ``sub_total`` and
  ``tax_total`` are their sums and ``total`` = sub_total + tax_total.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import validate as v

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ITEM_LEVEL = "item_level"


def half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def plain(value) -> str:
    """A number without trailing zeros (``"20"``, ``"1.5"``)."""
    text = format(Decimal(str(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Discount:
    """A line's discount: ``percent`` (``"12.5%"``) or else ``amount`` (money)."""

    percent: Decimal | None = None
    amount: Decimal = Decimal("0.00")

    def off(self, gross: Decimal) -> Decimal:
        """What it takes off an exact quantity x rate."""
        return gross * self.percent / HUNDRED if self.percent is not None else self.amount

    @property
    def text(self) -> str:
        """As Zoho writes it: ``"10%"``, ``"12.50"``, ``"0"``."""
        if self.percent is not None:
            return plain(self.percent) + "%"
        return str(self.amount) if self.amount else "0"


NONE = Discount()


def parse_discount(value, where: str) -> Discount:
    """``"12.5%"`` (0 to 100 %) or an amount (``"190"``, ``12.5``); ``RejectedError`` naming
    ``where`` otherwise."""
    if value is None or value == "":
        return NONE
    text = str(value).strip()
    percent = text.endswith("%")
    try:
        number = Decimal(text[:-1].strip() if percent else text)
    except (InvalidOperation, ValueError):
        raise v.reject(f"Invalid value passed for {where}: {value!r} (a percentage like \"10%\" "
                       "or an amount)") from None
    if isinstance(value, bool) or not number.is_finite() or number < 0 or (percent and number > HUNDRED):
        raise v.reject(f"Invalid value passed for {where}: {value!r}")
    if percent:
        return Discount(percent=number.normalize() if number else Decimal(0))
    return Discount(amount=half_up(number))


def check_discount_settings(payload: dict, label: str) -> None:
    """Refuse what this organisation does not compute: an ``entity_level`` discount, or a
    discount applied after tax."""
    kind = payload.get("discount_type")
    if kind not in (None, "", ITEM_LEVEL):
        raise v.reject(f"discount_type: this organisation discounts each line ({ITEM_LEVEL}); "
                       f"the {label.lower()} asks for {kind!r}")
    if v.boolean(payload, "is_discount_before_tax") is False:
        raise v.reject("is_discount_before_tax: this organisation applies discounts before tax")


@dataclass(frozen=True)
class LineTotals:
    discount_amount: Decimal
    item_total: Decimal
    tax_amount: Decimal


def line_totals(quantity, rate, discount: Discount, tax_percentage, where: str = "discount") -> LineTotals:
    gross = Decimal(str(quantity)) * Decimal(str(rate))
    off = discount.off(gross)
    if off > gross:
        raise v.reject(f"{where}: {discount.text} is more than the line's amount {half_up(gross)}")
    item_total = half_up(gross - off)
    tax = half_up(item_total * Decimal(str(tax_percentage or 0)) / HUNDRED)
    return LineTotals(discount_amount=half_up(gross) - item_total, item_total=item_total, tax_amount=tax)


def document_totals(lines) -> tuple[Decimal, Decimal, Decimal]:
    """``(sub_total, tax_total, total)`` of :class:`LineTotals` (or dicts with ``item_total``
    and ``tax_amount``)."""
    zero = Decimal("0.00")
    items = [(x["item_total"], x["tax_amount"]) if isinstance(x, dict) else (x.item_total, x.tax_amount)
             for x in lines]
    sub_total = sum((amount for amount, _ in items), zero)
    tax_total = sum((tax for _, tax in items), zero)
    return sub_total, tax_total, sub_total + tax_total


def stored_discount(percent: str, quantity, rate, item_total) -> Discount:
    """A stored line's discount: its percentage, else the amount quantity x rate lost."""
    if Decimal(percent or "0"):
        return Discount(percent=Decimal(percent))
    lost = half_up(Decimal(str(quantity)) * Decimal(str(rate))) - Decimal(str(item_total))
    return Discount(amount=lost) if lost > 0 else NONE
