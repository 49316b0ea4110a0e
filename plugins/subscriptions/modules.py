"""Subscriptions' modules (S1): subscriptions, edited in context (no tab), and the invoices the
finance application bills for them (read-only, pulled in)."""
from __future__ import annotations

from core import N_, Column, Module

from .models import Subscription, SubscriptionInvoice
from .schemas import SubscriptionInvoiceSchema, SubscriptionSchema

CUSTOMER_REFS = {"account_id": "accounts", "contact_id": "contacts"}

SUBSCRIPTIONS = Module(
    name="subscriptions/subscriptions", label=N_("Subscriptions"), singular=N_("Subscription"), model=Subscription,
    schema=SubscriptionSchema, app="subscriptions", title_field="number",
    columns=(Column("number", N_("Subscription #"), link=True), Column("account_id", N_("Account")),
             Column("contact_id", N_("Contact")), Column("plan_name", N_("Plan")), Column("amount", N_("Amount")),
             Column("billing_interval", N_("Billing")), Column("next_billing_at", N_("Next billing")),
             Column("status", N_("Status"))),
    search_fields=("number", "plan_code", "plan_name", "account_id", "contact_id"),
    sort_fields=("number", "plan_name", "starts_at", "next_billing_at", "status", "created_at"),
    default_sort="-starts_at", filter_fields=("status", "account_id", "contact_id", "plan_code"),
    references=dict(CUSTOMER_REFS), protects=tuple(CUSTOMER_REFS), icon="repeat")

INVOICES = Module(
    name="subscriptions/invoices", label=N_("Subscription Invoices"), singular=N_("Subscription Invoice"),
    model=SubscriptionInvoice, schema=SubscriptionInvoiceSchema, app="subscriptions", title_field="number",
    columns=(Column("number", N_("Invoice #"), link=True), Column("date", N_("Date")),
             Column("subscription_id", N_("Subscription")), Column("account_id", N_("Account")),
             Column("contact_id", N_("Contact")), Column("status", N_("Status")), Column("total", N_("Total")),
             Column("balance", N_("Balance"))),
    search_fields=("number", "subscription_id", "account_id", "contact_id"),
    sort_fields=("number", "date", "status", "total", "balance", "created_at"),
    default_sort="-date", filter_fields=("status", "subscription_id", "account_id", "contact_id"),
    references={"subscription_id": "subscriptions/subscriptions", **CUSTOMER_REFS}, read_only=True, icon="file")

MODULES = (SUBSCRIPTIONS, INVOICES)

#: the New buttons, whole phrases so that their words agree in every language (core.i18n.phrase)
NEW_BUTTONS = (N_("New Subscription"))
