"""Inventory in context (V1, V2, P1): a "Packages" list on account and contact pages (read-only:
no New button; its refresh icon pulls the packages), the account's "Items ordered" and
"Shipments in progress", and stock on product pages. Only users with Inventory access see any
of it."""
from __future__ import annotations

from core import (
    N_, NOT_SYNCED, NOT_SYNCED_HINT, Column, DetailStrip, ListLink, RelatedList, StripItem, can, can_module,
    finance_record, hookimpl, newest_rows, quantity_text, stock_section,
)

from .models import Package
from .modules import PACKAGES

#: parent module -> the package field pointing at it
CUSTOMER_FIELDS = {"accounts": "account_id", "contacts": "contact_id"}
COLUMNS = (Column("number", N_("Package #"), link=True), Column("salesorder_number", N_("Sales order")),
           Column("date", N_("Date")), Column("status", N_("Status")), Column("shipment", N_("Carrier / tracking")))


def _packages(module, record) -> RelatedList:
    """The customer's newest packages (50) and how many there are: two statements."""
    rows, total = newest_rows(Package, record.tenant_id, CUSTOMER_FIELDS[module.name], record.id)
    return RelatedList(key="inventory_packages", label=N_("Packages"), module=PACKAGES.name, records=rows,
                       columns=COLUMNS, total=total, order=46, can_create=False, refreshable=True)


@hookimpl
def related_lists(module, record, user):
    if module.name in CUSTOMER_FIELDS and can_module(user, PACKAGES, "view"):
        return [_packages(module, record)]
    return None


@hookimpl
def detail_strips(module, record, user):
    """Items ordered (quantities on the customer's open sales orders, as the finance application
    last reported them) and shipments in progress (its packages shipped, not yet delivered)."""
    if module.name not in CUSTOMER_FIELDS or not can(user, "app.inventory", record):
        return None
    remote = finance_record("inventory", module.name, record)
    if remote is None:
        ordered = StripItem(N_("Items ordered"), NOT_SYNCED, NOT_SYNCED_HINT)
    elif remote.get("open_salesorder_quantity") in (None, ""):  # Zoho's APIs have no such figure
        ordered = StripItem(N_("Items ordered"), "–", N_("The finance application does not report it"))
    else:
        ordered = StripItem(N_("Items ordered"), quantity_text(remote["open_salesorder_quantity"]),
                            N_("Quantities on the customer's open sales orders"))
    field = getattr(Package, CUSTOMER_FIELDS[module.name])
    shipped = Package.scoped(record.tenant_id).where((field == record.id) & (Package.status == "shipped")).count()
    in_progress = ListLink(PACKAGES.name, {CUSTOMER_FIELDS[module.name]: record.id, "status": "shipped"},
                           N_("The customer's packages shipped, not yet delivered"))
    return [DetailStrip("inventory_finance", N_("Inventory"), [
        ordered, StripItem(N_("Shipments in progress"), str(shipped), N_("Packages shipped, not yet delivered"),
                           link=in_progress)], 41)]


@hookimpl
def product_sections(record, user):
    """Finance information: stock from Inventory's finance application (V1); it takes the place
    of Books' section of the same key."""
    if not can(user, "app.inventory", record):
        return None
    return [stock_section("inventory", record, 40)]
