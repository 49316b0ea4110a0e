"""A tiny third-party-style plugin for the API tests: an app "apitest" with a module of
widgets (status actions, a strip and a related list on accounts) and a read-only module."""
from __future__ import annotations

from decimal import Decimal

import peewee
from marshmallow import fields

from core import (
    DetailStrip, Manifest, Migration, Module, Money, MoneyField, Permission, RecordSchema, RelatedList,
    StatusAction, StripItem, TenantModel, hookimpl, reference, required_text,
)
from core.crm.models import Account

manifest = Manifest(name="apitest", label="API test", version="0.0.1")


class Widget(TenantModel):
    name = peewee.CharField(max_length=100)
    amount = MoneyField(default=0)
    status = peewee.CharField(max_length=20, default="draft")
    account = peewee.ForeignKeyField(Account, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "apitest_widget"


class WidgetSchema(RecordSchema):
    name = required_text(100, "Name")
    amount = Money(load_default="0.00", metadata={"label": "Amount"})
    status = fields.String(dump_only=True, metadata={"label": "Status"})
    account_id = reference("Account")


class WidgetLogSchema(WidgetSchema):
    pass


WIDGETS = Module(name="apitest/widgets", label="Widgets", singular="Widget", model=Widget, schema=WidgetSchema,
                 app="apitest", search_fields=("name",), sort_fields=("name", "amount"),
                 filter_fields=("account_id", "status"), references={"account_id": "accounts"})
LOGS = Module(name="apitest/logs", label="Widget logs", singular="Widget log", model=Widget, schema=WidgetLogSchema,
              app="apitest", read_only=True)


@hookimpl
def register_modules():
    return [WIDGETS, LOGS]


@hookimpl
def register_permissions():
    return [Permission("app.apitest", "Access API test", "Apps"), Permission("apitest.archive", "Archive widgets")]


@hookimpl
def register_migrations():
    return [Migration("apitest", "0001_initial", lambda migrator, database: database.create_tables([Widget]))]


def _approve(record, user):
    record.status = "approved"
    record.save()


def _archive(record, user):
    record.status = "archived"
    record.save()


@hookimpl
def status_actions(module, record, user):
    if module is WIDGETS and record.status == "draft":
        return [StatusAction("approve", "Approve", _approve),
                StatusAction("archive", "Archive", _archive, permission="apitest.archive")]
    return None


def _widgets_of(account):
    return list(Widget.scoped(account.tenant_id).where(Widget.account == account).order_by(Widget.id))


@hookimpl
def detail_strips(module, record, user):
    if module.name != "accounts":
        return None
    total = sum((w.amount for w in _widgets_of(record)), Decimal("0.00"))
    return [DetailStrip("apitest", "Widget totals", [StripItem("Widgets total", total), StripItem("Count", 2)])]


@hookimpl
def related_lists(module, record, user):
    if module.name != "accounts":
        return None
    return [RelatedList("apitest_widgets", "Widgets", "apitest/widgets", _widgets_of(record), can_create=True)]
