"""A finance app for the sync tests: instantly synced orders (``salesorders``) of an account,
with a product line, a status action, and the CRM's master data."""
from __future__ import annotations

from decimal import Decimal

import peewee
from marshmallow import fields

from core import (
    Manifest, Migration, Module, Money, MoneyField, Permission, RecordSchema, StatusAction, SyncType, TenantModel,
    hookimpl, master_sync_types, reference, required_text,
)

manifest = Manifest(name="synctest", label="Sync test", version="0.0.1")


class Order(TenantModel):
    name = peewee.CharField(max_length=100)
    account_id = peewee.IntegerField()
    product_id = peewee.IntegerField(null=True)
    quantity = peewee.DecimalField(max_digits=10, decimal_places=2, default=1)
    rate = MoneyField(default=0)
    number = peewee.CharField(max_length=50, default="")
    status = peewee.CharField(max_length=20, default="draft")
    total = MoneyField(default=0)

    class Meta:
        table_name = "synctest_order"


class OrderSchema(RecordSchema):
    name = required_text(100, "Name")
    account_id = reference("Account", required=True)
    product_id = reference("Product")
    quantity = fields.Decimal(load_default=Decimal(1), as_string=True, metadata={"label": "Quantity"})
    rate = Money(load_default="0.00", metadata={"label": "Rate"})
    number = fields.String(dump_only=True)
    status = fields.String(dump_only=True)
    total = Money(dump_only=True)


class Payment(TenantModel):
    """A customer's payment, made only in the finance application and pulled in."""

    account_id = peewee.IntegerField()
    number = peewee.CharField(max_length=50, default="")
    amount = MoneyField(default=0)

    class Meta:
        table_name = "synctest_payment"


class PaymentSchema(RecordSchema):
    account_id = fields.Integer(dump_only=True)
    number = fields.String(dump_only=True)
    amount = Money(dump_only=True)


ORDERS = Module(name="synctest/orders", label="Orders", singular="Order", model=Order, schema=OrderSchema,
                app="synctest", references={"account_id": "accounts", "product_id": "products"})


def order_payload(order, refs) -> dict:
    line = {"name": order.name, "quantity": str(order.quantity), "rate": str(order.rate),
            "item_id": refs.finance_id("products", order.product_id)}
    return {"customer_id": refs.finance_id("accounts", order.account_id), "date": "2026-11-28",
            "reference_number": order.name, "line_items": [line] if order.quantity > 0 else []}


def order_from_remote(order, remote) -> dict:
    return {"number": remote["salesorder_number"], "status": remote["status"], "total": Decimal(remote["total"])}


PAYMENTS = Module(name="synctest/payments", label="Payments", singular="Payment", model=Payment,
                  schema=PaymentSchema, app="synctest", title_field="number", read_only=True)


def payment_from_remote(remote, refs) -> dict | None:
    """Payments of customers we know; the others are not ours."""
    account_id = refs.crm_id("accounts", remote["customer_id"])
    if account_id is None:
        return None
    return {"account_id": account_id, "number": remote["payment_number"], "amount": Decimal(remote["amount"])}


@hookimpl
def register_modules():
    return [ORDERS, PAYMENTS]


@hookimpl
def register_permissions():
    return [Permission("app.synctest", "Access Sync test", "Apps")]


@hookimpl
def register_migrations():
    return [Migration("synctest", "0001_initial", lambda migrator, database: database.create_tables([Order])),
            Migration("synctest", "0002_payments", lambda migrator, database: database.create_tables([Payment]))]


@hookimpl
def register_sync_types():
    return [SyncType(module="synctest/orders", app="synctest", doc_type="salesorders", to_payload=order_payload,
                     apply_remote=order_from_remote, pull=True),
            SyncType(module="synctest/payments", app="synctest", doc_type="payments", instant=False, pull=True,
                     import_remote=payment_from_remote),
            *master_sync_types("synctest", ("accounts", "contacts", "products"))]


@hookimpl
def status_actions(module, record, user):
    if module is not ORDERS or record.status != "draft":
        return None

    def convert(order, actor):
        order.status = "open"
        order.save()
    return [StatusAction(key="convert_to_open", label="Convert to Open", run=convert)]
