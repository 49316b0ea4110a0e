"""Inventory's table: the packages the finance application made for our customers' sales orders,
pulled in (read-only)."""
from __future__ import annotations

import json
import peewee

from core import N_, TenantModel, quantity_text

#: the label the core gives ``items_json`` in a list's column choice and the report builder (a
#: column's label comes from its name when the schema has no field of that name): in the catalogue
ITEMS_JSON_LABEL = N_("Items json")


class Package(TenantModel):
    """A package of a customer's sales order: what was packed, and its shipment. Everything is
    the finance application's; the pull creates and updates it."""

    number = peewee.CharField(max_length=50, default="")
    #: the Books sales order (when Books is enabled and the order was made in the CRM)
    salesorder_id = peewee.IntegerField(null=True)
    #: the finance application's number of the sales order (always kept)
    salesorder_number = peewee.CharField(max_length=50, default="")
    account_id = peewee.IntegerField(null=True)
    contact_id = peewee.IntegerField(null=True)
    date = peewee.DateField(null=True)
    #: JSON list of ``{"name", "quantity"}``
    items_json = peewee.TextField(default="[]")
    status = peewee.CharField(max_length=20, default="not_shipped")
    carrier = peewee.CharField(max_length=100, default="")
    tracking_number = peewee.CharField(max_length=100, default="")
    shipment_date = peewee.DateField(null=True)
    delivered_date = peewee.DateField(null=True)

    class Meta:
        table_name = "inventory_package"
        indexes = ((("tenant", "account_id", "date", "id"), False),
                   (("tenant", "contact_id", "date", "id"), False),
                   (("tenant", "date", "id"), False), (("tenant", "status"), False))

    @property
    def items(self) -> list[dict]:
        """The packed lines: ``[{"name": "Widget", "quantity": "2"}, ...]``."""
        try:
            lines = json.loads(self.items_json or "[]")
        except ValueError:
            return []
        return [{"name": str(line.get("name") or ""), "quantity": quantity_text(line.get("quantity"))}
                for line in lines if isinstance(line, dict)]

    @property
    def items_summary(self) -> str:
        """``Widget × 2, Gadget × 1``."""
        return ", ".join(f"{line['name']} × {line['quantity']}" for line in self.items)

    @property
    def shipment(self) -> str:
        """Carrier and tracking number: ``UPS · 1Z100004``."""
        return " · ".join(part for part in (self.carrier, self.tracking_number) if part)


TABLES = [Package]
