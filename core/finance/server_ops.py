"""The finance-side operations of ``finance-serve``: bills from purchase orders, packages,
shipment orders and inventory adjustments (docs/finance-serve.md)."""
from __future__ import annotations

from flask import request

from .local import finance_db
from .local import validate as v
from .server_envelope import HTTPProblem, envelope


def _zoho(record: dict, **ids) -> dict:
    """A store record as Zoho answers it: its ``<thing>_id``, no ``crm_id`` (not a Zoho field)."""
    return {**{k: x for k, x in record.items() if k != "crm_id"}, **ids}


def operation(service, name: str, parts: list[str], body: dict):
    if request.method != "POST":
        raise HTTPProblem(405, 5, "Invalid URL Passed (method not allowed)")
    if name == "bills" and len(parts) == 1:
        order = body.get("purchaseorder_id") or (body.get("purchaseorder_ids") or [None])[0]
        if not order:
            raise v.reject("purchaseorder_id is required")
        bill = service.bill_purchaseorder(order, body.get("date"))
        return envelope(0, "The bill has been created.", 201, bill=_zoho(bill, bill_id=bill["id"]))
    if name == "packages" and len(parts) == 1:
        order = request.args.get("salesorder_id") or body.get("salesorder_id")
        if not order:
            raise v.reject("salesorder_id is required")
        package = service.create_package(order, body.get("date"))
        return envelope(0, "The package has been created.", 201, package=_zoho(package, package_id=package["id"]))
    if name == "shipmentorders" and len(parts) == 1:
        ids = (request.args.get("package_ids") or body.get("package_ids") or "")
        first = str(ids).split(",")[0].strip()
        if not first:
            raise v.reject("package_ids is required")
        package = service.ship_package(first, body.get("delivery_method") or "", body.get("tracking_number") or "",
                                       body.get("date"))
        return envelope(0, "The shipment has been created.", 201, shipmentorder=_shipment(package))
    if name == "shipmentorders" and len(parts) == 4 and parts[2:] == ["status", "delivered"]:
        package = service.deliver_package(parts[1])
        return envelope(0, "The shipment has been marked as delivered.", shipmentorder=_shipment(package))
    if name == "inventoryadjustments" and len(parts) == 1:
        lines = body.get("line_items")
        if not isinstance(lines, list) or not lines:
            raise v.reject("line_items is required")
        with finance_db.atomic():
            items = [service.adjust_stock(line.get("item_id"), line.get("quantity_adjusted"), body.get("reason", ""))
                     for line in lines if isinstance(line, dict)]
        return envelope(0, "Inventory adjustment has been added.", 201,
                        inventory_adjustment={"reason": body.get("reason", ""), "date": body.get("date"),
                                              "line_items": [_zoho(i, item_id=i["id"]) for i in items]})
    raise HTTPProblem(404, 5, "Invalid URL Passed")


def _shipment(package: dict) -> dict:
    return _zoho(package, package_id=package["id"], shipment_id=package["id"], delivery_method=package["carrier"])
