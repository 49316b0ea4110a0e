"""Subscriptions in context (S1, P1): a "Subscriptions" list on account and contact pages, where
they are added (New, the customer filled in) and edited (an Edit link per row), both coming
back to the page; and a subscription's invoices on its own page. Only users with Subscriptions
access see any of it."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import url_for

from core import N_, Column, RelatedList, can_module, hookimpl, newest_rows

from .modules import INVOICES, SUBSCRIPTIONS

#: parent module -> the subscription field pointing at it
CUSTOMER_FIELDS = {"accounts": "account_id", "contacts": "contact_id"}
SUBSCRIPTION_COLUMNS = (Column("number", N_("Subscription #"), link=True), Column("plan_name", N_("Plan")),
                        Column("quantity", N_("Quantity")), Column("price", N_("Price")),
                        Column("billing_interval", N_("Billing")), Column("next_billing_at", N_("Next billing")),
                        Column("status", N_("Status")))
INVOICE_COLUMNS = (Column("number", N_("Invoice #"), link=True), Column("date", N_("Date")),
                   Column("due_date", N_("Due date")), Column("status", N_("Status")), Column("total", N_("Total")),
                   Column("balance", N_("Balance")))


def _edit_link(here: str):
    """An Edit link for each row that brings the user back to ``here`` once saved."""
    query = urlencode({"next": here})
    return lambda row: url_for("modules.edit", module=SUBSCRIPTIONS.name, record_id=row.id) + "?" + query


def _subscriptions(module, record, user) -> RelatedList:
    model = SUBSCRIPTIONS.model
    field = CUSTOMER_FIELDS[module.name]
    rows, total = newest_rows(model, record.tenant_id, field, record.id, "starts_at")
    here = url_for("modules.detail", module=module.name, record_id=record.id)
    editable = can_module(user, SUBSCRIPTIONS, "edit")
    return RelatedList(
        key="subscriptions", label=N_("Subscriptions"), module=SUBSCRIPTIONS.name, records=rows,
        columns=SUBSCRIPTION_COLUMNS, total=total, order=45, can_create=can_module(user, SUBSCRIPTIONS, "create"),
        new_params={field: record.id, "starts_at": dt.date.today().isoformat()},
        row_links=[(N_("Edit"), _edit_link(here))] if editable else [], refreshable=True)


def _invoices(record) -> RelatedList:
    model = INVOICES.model
    rows, total = newest_rows(model, record.tenant_id, "subscription_id", record.id)
    return RelatedList(key="subscription_invoices", label=N_("Invoices"), module=INVOICES.name, records=rows,
                       columns=INVOICE_COLUMNS, total=total, order=40, refreshable=True)


@hookimpl
def related_lists(module, record, user):
    """Subscriptions of an account or contact; invoices of a subscription."""
    if module.name in CUSTOMER_FIELDS and can_module(user, SUBSCRIPTIONS, "view"):
        return [_subscriptions(module, record, user)]
    if module is SUBSCRIPTIONS and can_module(user, INVOICES, "view"):
        return [_invoices(record)]
    return None
