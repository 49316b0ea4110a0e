"""The embedded finance application's finance-side operations, as ``LocalFinance`` methods: what
happens in the finance application without the CRM asking (docs/sync.md: the finance side
moves statuses too). The work is in ``ops.py``."""
from __future__ import annotations

import datetime as dt

from . import ops
from . import records as r
from .ledger import refresh_statuses


class FinanceSide:
    """Mixed into ``LocalFinance`` (``self.org``: its organisation)."""

    org: str

    def record_payment(self, invoice_id, amount, date=None, reference_number="") -> dict:
        return ops.record_payment(self.org, invoice_id, amount, date, reference_number)

    def bill_purchaseorder(self, purchaseorder_id, date=None) -> dict:
        return ops.bill_purchaseorder(self.org, purchaseorder_id, date)

    def pay_bill(self, bill_id, amount) -> dict:
        return ops.pay_bill(self.org, bill_id, amount)

    def create_package(self, salesorder_id, date=None) -> dict:
        return ops.create_package(self.org, salesorder_id, date)

    def ship_package(self, package_id, carrier="", tracking_number="", date=None) -> dict:
        return ops.ship_package(self.org, package_id, carrier, tracking_number, date)

    def deliver_package(self, package_id, date=None) -> dict:
        return ops.deliver_package(self.org, package_id, date)

    def adjust_stock(self, item_id, quantity, reason="") -> dict:
        return r.item_dict(ops.adjust_stock(self.org, item_id, quantity, reason))

    def bill_subscription(self, subscription_id, today=None) -> dict | None:
        return ops.bill_subscription(self.org, subscription_id, today)

    def convert_estimate(self, estimate_id) -> dict:
        return ops.convert_estimate(self.org, estimate_id)

    def refresh_statuses(self, today: dt.date | None = None) -> int:
        return refresh_statuses(self.org, today)
