"""Finance-side operations: what happens in the finance application without the CRM asking
(payments, bills, packages and shipments, stock adjustments, subscription billing, converting
an estimate). Each touches every row whose figures it changes."""
from __future__ import annotations

import calendar
import datetime as dt
import json
from decimal import Decimal

from . import validate as v
from .db import finance_db, utcnow
from .documents import ACTIONS, check_move, copy_lines, document_dict, insert_document, invoice_status, next_number
from .ledger import recalc_contacts, recalc_items, today_utc
from .models import Document, Item, Line, Package, Payment, Subscription
from .payments import payment_dict, write_payment


def _document(org: str, doc_type: str, finance_id, label: str) -> Document:
    try:
        number = int(finance_id)
    except (TypeError, ValueError):
        raise v.not_found(label, finance_id) from None
    doc = Document.get_or_none((Document.id == number) & (Document.organization_id == org)
                               & (Document.doc_type == doc_type))
    if doc is None:
        raise v.not_found(label, finance_id)
    return doc


def record_payment(org: str, invoice_id, amount, date=None, reference_number: str = "") -> dict:
    """A customer's payment of one issued invoice, made in the finance application (the customer
    paid online): balance down, status partially_paid or paid, the customer's receivable down."""
    with finance_db.atomic():
        invoice = _document(org, "invoices", invoice_id, "Invoice")
        payment = Payment(organization_id=org, number=next_number(org, "PAY"))
        write_payment(org, payment, {"customer_id": invoice.contact_id, "amount": amount, "date": date,
                                     "reference_number": reference_number or "",
                                     "invoices": [{"invoice_id": invoice.id, "amount_applied": amount}]}, True)
    return payment_dict(payment)


def bill_purchaseorder(org: str, purchaseorder_id, date=None, due_days: int = 30) -> dict:
    """Bill an open purchase order: a bill for its lines (the vendor's payable), the order
    ``billed``, and its goods received into stock."""
    with finance_db.atomic():
        order = _document(org, "purchaseorders", purchaseorder_id, "Purchase order")
        if order.status != "open":
            raise v.reject(f"Purchase order is {order.status}: only an open purchase order can be "
                           "billed", v.BAD_STATUS)
        billed_on = v.date({"date": date}, "date") or today_utc()
        bill = insert_document(org, "bills", order.contact_id, copy_lines(order), status="open",
                               date=billed_on, due_date=billed_on + dt.timedelta(days=due_days),
                               source_id=order.id, source_type="purchaseorders", reference_number=order.number)
        order.status = "billed"
        order.touch()
        order.save()
        received: dict[int, Decimal] = {}
        for line in Line.select().where((Line.document == order) & Line.item_id.is_null(False)):
            received[line.item_id] = received.get(line.item_id, Decimal(0)) + line.quantity
        for item_id, quantity in received.items():
            Item.update(stock_on_hand=Item.stock_on_hand + quantity,
                        last_modified_time=utcnow()).where(Item.id == item_id).execute()
        recalc_contacts([order.contact_id])
    return document_dict(bill)


def pay_bill(org: str, bill_id, amount) -> dict:
    amount = v.money({"amount": amount}, "amount", required=True)
    with finance_db.atomic():
        bill = _document(org, "bills", bill_id, "Bill")
        if bill.status not in ("open", "overdue", "partially_paid") or not 0 < amount <= bill.balance:
            raise v.reject(f"Bill is {bill.status} with balance {bill.balance}: cannot pay {amount}")
        bill.balance -= amount
        bill.status = "paid" if bill.balance == 0 else "partially_paid"
        bill.touch()
        bill.save()
        recalc_contacts([bill.contact_id])
    return document_dict(bill)


def package_dict(package: Package) -> dict:
    number = Document.select(Document.number).where(Document.id == package.salesorder_id).scalar()
    return {"id": str(package.id), "package_number": package.number, "number": package.number,
            "crm_id": None, "salesorder_id": str(package.salesorder_id), "salesorder_number": number or "",
            "customer_id": str(package.customer_id), "date": v.iso_date(package.date),
            "line_items": json.loads(package.line_items), "status": package.status,
            "carrier": package.carrier, "tracking_number": package.tracking_number,
            "shipment_date": v.iso_date(package.shipment_date),
            "delivered_date": v.iso_date(package.delivered_date),
            "created_time": v.iso_time(package.created_time),
            "last_modified_time": v.iso_time(package.last_modified_time)}


def create_package(org: str, salesorder_id, date=None) -> dict:
    """Pack every unpacked line of an open sales order: the goods leave the stock on hand and
    are no longer committed."""
    with finance_db.atomic():
        order = _document(org, "salesorders", salesorder_id, "Sales order")
        if order.status != "open":
            raise v.reject(f"Sales order is {order.status}: only an open sales order can be packed",
                           v.BAD_STATUS)
        lines = [line for line in Line.select().where(Line.document == order).order_by(Line.position)
                 if line.quantity > line.quantity_packed]
        if not lines:
            raise v.reject("Sales order has nothing left to pack", v.BAD_STATUS)
        packed = [{"line_item_id": str(line.id), "item_id": str(line.item_id) if line.item_id else None,
                   "name": line.name, "quantity": str(line.quantity - line.quantity_packed)} for line in lines]
        package = Package.create(organization_id=org, number=next_number(org, "PKG"), salesorder_id=order.id,
                                 customer_id=order.contact_id, date=v.date({"date": date}, "date") or today_utc(),
                                 line_items=json.dumps(packed))
        for line in lines:
            if line.item_id:
                left = line.quantity - line.quantity_packed
                Item.update(stock_on_hand=Item.stock_on_hand - left,
                            last_modified_time=utcnow()).where(Item.id == line.item_id).execute()
            line.quantity_packed = line.quantity
            line.save()
        order.touch()
        order.save()
        recalc_items(line.item_id for line in lines)
    return package_dict(package)


def _package(org: str, package_id) -> Package:
    try:
        package = Package.get_or_none((Package.id == int(package_id)) & (Package.organization_id == org))
    except (TypeError, ValueError):
        package = None
    if package is None:
        raise v.not_found("Package", package_id)
    return package


def ship_package(org: str, package_id, carrier: str = "", tracking_number: str = "", date=None) -> dict:
    package = _package(org, package_id)
    if package.status != "not_shipped":
        raise v.reject(f"Package is {package.status}: only a package not shipped can be shipped", v.BAD_STATUS)
    package.status, package.carrier, package.tracking_number = "shipped", carrier or "", tracking_number or ""
    package.shipment_date = v.date({"date": date}, "date") or today_utc()
    package.touch()
    package.save()
    return package_dict(package)


def deliver_package(org: str, package_id, date=None) -> dict:
    package = _package(org, package_id)
    if package.status != "shipped":
        raise v.reject(f"Package is {package.status}: only a shipped package can be delivered", v.BAD_STATUS)
    package.status, package.delivered_date = "delivered", v.date({"date": date}, "date") or today_utc()
    package.touch()
    package.save()
    return package_dict(package)


def adjust_stock(org: str, item_id, quantity, reason: str = "") -> Item:
    """Add ``quantity`` (negative to remove) to an item's stock on hand."""
    delta = v.money({"quantity": quantity}, "quantity", required=True, minimum=None)
    with finance_db.atomic():
        try:
            item = Item.get_or_none((Item.id == int(item_id)) & (Item.organization_id == org))
        except (TypeError, ValueError):
            item = None
        if item is None:
            raise v.not_found("Item", item_id)
        if item.stock_on_hand + delta < 0:
            raise v.reject(f"quantity: the stock on hand of {item.name} would be negative")
        item.stock_on_hand += delta
        item.touch()
        item.save()
    return item


def add_interval(day: dt.date, count: int, unit: str) -> dt.date:
    if unit in ("days", "weeks"):
        return day + dt.timedelta(days=count * (7 if unit == "weeks" else 1))
    months = count * (12 if unit == "years" else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def bill_subscription(org: str, subscription_id, today: dt.date | None = None) -> dict | None:
    """Bill a subscription whose billing date has come: an invoice (sent) for quantity x price
    and the next billing date one interval later. A non-renewing one ends (cancelled) instead.
    Returns the invoice, or ``None`` when it ended."""
    today = today or today_utc()
    with finance_db.atomic():
        try:
            sub = Subscription.get_or_none((Subscription.id == int(subscription_id))
                                           & (Subscription.organization_id == org))
        except (TypeError, ValueError):
            sub = None
        if sub is None:
            raise v.not_found("Subscription", subscription_id)
        if sub.status not in ("live", "trial", "non_renewing"):
            raise v.reject(f"Subscription is {sub.status}: only live subscriptions are billed", v.BAD_STATUS)
        if sub.next_billing_at and sub.next_billing_at > today:
            raise v.reject(f"Subscription is not due for billing until {sub.next_billing_at}")
        billed_on = sub.next_billing_at or today
        sub.touch()
        if sub.status == "non_renewing":
            sub.status, sub.next_billing_at = "cancelled", None
            sub.save()
            return None
        amount = (sub.quantity * sub.price).quantize(Decimal("0.01"))
        line = {"position": 0, "item_id": None, "name": sub.plan_name or sub.plan_code,
                "description": f"{sub.number} {billed_on}", "quantity": sub.quantity, "rate": sub.price,
                "discount_percent": "0", "tax_percentage": "0", "item_total": amount, "tax_amount": Decimal("0.00")}
        invoice = insert_document(org, "invoices", sub.customer_id, [line], status="sent", date=billed_on,
                                  due_date=billed_on + dt.timedelta(days=15), subscription_id=sub.id,
                                  reference_number=sub.number)
        invoice.status = invoice_status(invoice, today)
        invoice.save()
        sub.status = "live"
        sub.next_billing_at = add_interval(billed_on, sub.interval, sub.interval_unit)
        sub.save()
        recalc_contacts([sub.customer_id])
    return document_dict(invoice)


def convert_estimate(org: str, estimate_id) -> dict:
    """An invoice (draft) from an estimate, which becomes ``invoiced``."""
    with finance_db.atomic():
        estimate = _document(org, "estimates", estimate_id, "Estimate")
        estimate.status = check_move(ACTIONS["estimates"], "estimates", "convert_to_invoice", estimate.status, "Estimate")
        invoice = insert_document(org, "invoices", estimate.contact_id, copy_lines(estimate),
                                  source_id=estimate.id, source_type="estimates", reference_number=estimate.number,
                                  notes=estimate.notes)
        estimate.touch()
        estimate.save()
    return document_dict(invoice)
