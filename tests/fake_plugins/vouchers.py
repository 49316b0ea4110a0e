"""A third party's finance kind (docs/hooks.md, ``register_finance_doc_types``): gift vouchers
sold to a customer, kept by the embedded finance application in a table of the plugin's own,
numbered ``GV-000001``, issued then redeemed or cancelled. The CRM side: a module, its sync and
its actions."""
from __future__ import annotations

from decimal import Decimal

import peewee
from marshmallow import fields

from core import (
    FinanceDocType, Manifest, Migration, Module, Money, MoneyField, RecordSchema, StatusAction, SyncType,
    TenantModel, finance_kit, hookimpl, master_sync_types, reference,
)

manifest = Manifest(name="vouchers", label="Vouchers", version="0.1.0", requires="finsuite>=1,<2")


class Voucher(TenantModel):
    account_id = peewee.IntegerField()
    amount = MoneyField(default=0)
    number = peewee.CharField(max_length=40, default="")
    status = peewee.CharField(max_length=20, default="issued")

    class Meta:
        table_name = "vouchers_voucher"


class VoucherSchema(RecordSchema):
    account_id = reference("Account", required=True)
    amount = Money(required=True, metadata={"label": "Amount"})
    number = fields.String(dump_only=True)
    status = fields.String(dump_only=True)


VOUCHERS = Module(name="vouchers/vouchers", label="Vouchers", singular="Voucher", model=Voucher,
                  schema=VoucherSchema, app="vouchers", references={"account_id": "accounts"}, title_field="number")


class FinanceVoucher(finance_kit.FinanceModel):
    """The finance application's copy."""
    crm_id = peewee.CharField(max_length=100, null=True)
    number = peewee.CharField(max_length=40)
    customer_id = peewee.IntegerField()
    amount = finance_kit.Money()
    status = peewee.CharField(max_length=20, default="issued")

    class Meta:
        table_name = "fin_vouchers_voucher"
        indexes = ((("organization_id", "crm_id"), True),)


def write_voucher(org, row, payload, creating):
    if creating or "customer_id" in payload:
        row.customer_id = finance_kit.party(org, payload, "customer_id", True)
    amount = finance_kit.money(payload, "amount", required=creating)
    if amount is not None:
        if amount <= 0:
            raise finance_kit.reject("amount must be greater than zero")
        row.amount = amount
    if not creating and row.status != "issued":
        raise finance_kit.reject(f"Voucher {row.number} is {row.status}: it can no longer be changed")
    row.touch()
    row.save()
    return row


def voucher_dict(row) -> dict:
    return {"id": str(row.id), "crm_id": row.crm_id, "voucher_number": row.number, "number": row.number,
            "customer_id": str(row.customer_id), "amount": str(row.amount), "status": row.status,
            "last_modified_time": finance_kit.iso_time(row.last_modified_time)}


def delete_voucher(org, row):
    if row.status == "redeemed":
        raise finance_kit.reject(f"Voucher {row.number} has been redeemed: it cannot be deleted")
    row.delete_instance()


@hookimpl
def register_finance_doc_types():
    return [FinanceDocType("vouchers", "Voucher", FinanceVoucher, voucher_dict, write_voucher, series="GV",
                           moves={"redeem": ({"issued"}, "redeemed"), "cancel": ({"issued"}, "cancelled")},
                           delete=delete_voucher, figures=("status", "amount"), remote={"zoho": ZOHO})]


#: how the ``zoho`` connector would send one: a resource Zoho does not have (its stand-in says so)
ZOHO = ("/vouchers", "vouchers", "voucher", "voucher_id", "voucher_number")


def voucher_payload(voucher, refs) -> dict:
    return {"customer_id": refs.finance_id("accounts", voucher.account_id), "amount": str(voucher.amount)}


def voucher_from_remote(voucher, remote) -> dict:
    return {"number": remote["voucher_number"], "status": remote["status"], "amount": Decimal(remote["amount"])}


@hookimpl
def register_modules():
    return [VOUCHERS]


@hookimpl
def register_migrations():
    return [Migration("vouchers", "0001_initial", lambda migrator, database: database.create_tables([Voucher]))]


@hookimpl
def register_sync_types():
    return [SyncType(module=VOUCHERS.name, app="vouchers", doc_type="vouchers", to_payload=voucher_payload,
                     apply_remote=voucher_from_remote, delete_remote=True,
                     refreshes=lambda voucher: [("accounts", voucher.account_id)]),
            *master_sync_types("vouchers", ("accounts",))]


@hookimpl
def status_actions(module, record, user):
    if module is not VOUCHERS or record.status != "issued":
        return None

    def move(status):
        def run(voucher, actor):
            voucher.status = status
            voucher.save()
        return run
    return [StatusAction(key="redeem", label="Redeem", run=move("redeemed")),
            StatusAction(key="cancel", label="Cancel", run=move("cancelled"))]
