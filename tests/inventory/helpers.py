"""Shared pieces of the Inventory tests (V1, V2, P1): the tenant's organisation in the embedded
finance application, sales orders confirmed and packed there, the pages' strips and sections."""
from __future__ import annotations

import itertools
import re

from core.finance.local.service import LocalFinance
from core.sync.connections import get_connection
from core.testing import finance_of
from core.sync.jobs import pull, start_push
from core.sync.models import SyncMapping
from core.sync.worker import drain

URL = "/api/v1/inventory/packages"
_orders = itertools.count(1)


def finance(tenant) -> LocalFinance:
    """The tenant's Inventory organisation in the embedded finance application."""
    return finance_of(tenant, "inventory")


def finance_id(tenant, module: str, record_id: int, app: str = "inventory") -> str:
    org_key = get_connection(tenant, app).org_key
    return SyncMapping.get((SyncMapping.tenant == tenant) & (SyncMapping.org_key == org_key)
                           & (SyncMapping.module == module) & (SyncMapping.record_id == record_id)).finance_id


def push_master(registry, tenant) -> None:
    """The customers and products reach the finance application (the 2-hourly jobs, run now)."""
    start_push(registry, tenant, "contacts")
    start_push(registry, tenant, "products")
    drain(registry)


def finance_order(tenant, customer_id: str, lines, item_id: str | None = None) -> dict:
    """A sales order made and confirmed (open) in the finance application itself; ``lines`` are
    ``(name, quantity)``."""
    fin = finance(tenant)
    order = fin.create("salesorders", {
        "customer_id": customer_id, "date": "2026-03-02", "crm_id": f"elsewhere:{next(_orders)}",
        "line_items": [{"name": name, "quantity": quantity, "rate": "10.00", "item_id": item_id}
                       for name, quantity in lines]})
    return fin.action("salesorders", order["id"], "convert_to_open")


def packed(registry, tenant, order_id: str) -> dict:
    """The finance application packs the order; the pull brings the package in."""
    package = finance(tenant).create_package(order_id, "2026-03-03")
    pull(registry, tenant)
    return package


def strip(html: str, label: str = "Inventory") -> dict[str, str]:
    """A strip of a page as ``{label: value}`` (``{}`` when there is none)."""
    match = re.search(rf'<section class="strip" aria-label="{label}">(.*?)</section>', html, re.S)
    return dict(re.findall(r"<span>([^<]*)</span><strong>([^<]*)</strong>", match.group(1))) if match else {}


def sections(html: str) -> list[dict[str, str]]:
    """Every "Finance information" section of a product page, as ``{label: value}``."""
    return [dict(re.findall(r"<span>([^<]*)</span><strong>([^<]*)</strong>", body))
            for body in re.findall(r"<h2>Finance information</h2></div>(.*?)</section>", html, re.S)]


def rows(panel_html: str) -> list[list[str]]:
    """The cells' texts of each row of a related list's table."""
    body = re.search(r"<tbody>(.*?)</tbody>", panel_html or "", re.S)
    if not body:
        return []
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]
