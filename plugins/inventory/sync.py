"""What Inventory reads from the finance application (V1, docs/sync.md): the CRM's master data it
needs (customers and items), and the packages the finance application makes for sales orders,
imported by the pull and updated by later pulls (status, carrier, tracking)."""
from __future__ import annotations

import json

from core import SyncType, app_enabled, finance_records, hookimpl, master_sync_types, remote_date

from .modules import PACKAGES

#: the Books module whose records are the sales orders the packages are made from
SALES_ORDERS = "books/salesorders"


def _items(lines) -> str:
    """The packed lines, name and quantity, as JSON text."""
    out = [{"name": str(line.get("name") or ""), "quantity": str(line.get("quantity") or "0")}
           for line in lines or () if isinstance(line, dict)]
    return json.dumps(out)


def package_from_remote(remote: dict, refs) -> dict | None:
    """A package of a customer we know; ``None`` for another's (not ours: not imported). A
    package of a Books sales order has that order's account and contact (it shows on both
    their pages); otherwise the finance customer's."""
    customer = refs.customer(remote.get("customer_id"))
    if customer is None:
        return None
    order, order_number = None, remote.get("salesorder_number") or ""
    if app_enabled(refs.tenant, "books"):
        order = refs.crm_id(SALES_ORDERS, remote.get("salesorder_id"))
        customer = refs.parties(SALES_ORDERS, remote.get("salesorder_id")) or customer
    if order is not None and not order_number:  # a service that does not give it: Books' copy
        known = finance_records("inventory", SALES_ORDERS, refs.tenant, [order]).get(order) or {}
        order_number = known.get("salesorder_number") or known.get("number") or ""
    return {**customer, "number": remote.get("package_number") or remote.get("number") or "",
            "salesorder_id": order, "salesorder_number": order_number,
            "date": remote_date(remote, "date"), "items_json": _items(remote.get("line_items")),
            "status": remote.get("status") or "not_shipped",
            "carrier": remote.get("carrier") or "", "tracking_number": remote.get("tracking_number") or "",
            "shipment_date": remote_date(remote, "shipment_date"),
            "delivered_date": remote_date(remote, "delivered_date")}


@hookimpl
def register_sync_types():
    """The customers and items the finance application needs, and the packages it makes."""
    return [SyncType(module=PACKAGES.name, app="inventory", doc_type="packages", instant=False, pull=True,
                     import_remote=package_from_remote),
            *master_sync_types("inventory", ("accounts", "contacts", "vendors", "products"))]
