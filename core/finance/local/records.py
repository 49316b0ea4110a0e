"""Contacts, items, expenses, expense reports and subscriptions: writing a payload onto a row,
and the row's dict shape (docs/sync.md)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from . import validate as v
from .db import money_sum
from .models import Contact, Document, Expense, ExpenseReport, Item, Subscription
from .persons import apply_persons, persons_dict

CONTACT_TYPES = ("customer", "vendor")
INTERVAL_UNITS = ("months", "years", "weeks", "days")


def apply_contact(contact: Contact, payload: dict, creating: bool) -> None:
    name = v.text(payload, "contact_name", required=creating)
    if name is not None:
        if not name:
            raise v.reject("contact_name is required")
        contact.contact_name = name
    kind = v.text(payload, "contact_type", required=creating)
    if kind is not None:
        if kind not in CONTACT_TYPES:
            raise v.reject(f"Invalid value passed for contact_type: {kind!r} (customer or vendor)")
        contact.contact_type = kind
    for field in ("company_name", "website"):
        value = v.text(payload, field)
        if value is not None:
            setattr(contact, field, value)
    apply_persons(contact, payload)  # email and phone are its primary contact person's
    billing = v.address(payload, "billing_address")
    if billing is not None:
        contact.billing_address = billing


def contact_dict(contact: Contact) -> dict:
    return {"id": str(contact.id), "crm_id": contact.crm_id, "contact_name": contact.contact_name,
            "company_name": contact.company_name, "contact_type": contact.contact_type,
            "email": contact.email, "phone": contact.phone, "website": contact.website,
            "billing_address": json.loads(contact.billing_address or "{}"), "status": contact.status,
            "outstanding_receivable_amount": str(contact.outstanding_receivable_amount),
            "overdue_receivable_amount": str(contact.overdue_receivable_amount),
            "outstanding_payable_amount": str(contact.outstanding_payable_amount),
            "unused_credits_receivable_amount": str(contact.unused_credits_receivable_amount),
            "open_salesorder_quantity": str(contact.open_salesorder_quantity),
            **persons_dict(contact), "created_time": v.iso_time(contact.created_time),
            "last_modified_time": v.iso_time(contact.last_modified_time)}


def apply_item(item: Item, payload: dict, creating: bool) -> None:
    name = v.text(payload, "name", required=creating)
    if name is not None:
        if not name:
            raise v.reject("name is required")
        item.name = name
    rate = v.money(payload, "rate", required=creating)
    if rate is not None:
        item.rate = rate
    tax = v.percent(payload, "tax_percentage")
    if tax is not None:
        item.tax_percentage = tax
    for field, size in (("sku", 100), ("description", 10000)):
        value = v.text(payload, field, max_length=size)
        if value is not None:
            setattr(item, field, value)
    if creating and payload.get("initial_stock") not in (None, ""):
        item.stock_on_hand = v.money(payload, "initial_stock")


def item_dict(item: Item) -> dict:
    return {"id": str(item.id), "crm_id": item.crm_id, "name": item.name, "sku": item.sku,
            "rate": str(item.rate), "tax_percentage": item.tax_percentage,
            "description": item.description, "status": item.status,
            "stock_on_hand": str(item.stock_on_hand), "committed_stock": str(item.committed_stock),
            "available_stock": str(item.stock_on_hand - item.committed_stock),
            "created_time": v.iso_time(item.created_time),
            "last_modified_time": v.iso_time(item.last_modified_time)}


def apply_expense(expense: Expense, payload: dict, creating: bool, customer_id) -> None:
    for field, parse in (("date", v.date), ("amount", v.money)):
        value = parse(payload, field, required=creating)
        if value is not None:
            setattr(expense, field, value)
    account = v.text(payload, "account_name", required=creating, max_length=200)
    if account is not None:
        if not account:
            raise v.reject("account_name is required")
        expense.account_name = account
    tax = v.money(payload, "tax_amount")
    if tax is not None:
        expense.tax_amount = tax
    for field, size in (("merchant", 200), ("description", 10000), ("project_name", 200)):
        value = v.text(payload, field, max_length=size)
        if value is not None:
            setattr(expense, field, value)
    billable = v.boolean(payload, "is_billable")
    if billable is not None:
        expense.is_billable = billable
    if "customer_id" in payload:
        expense.customer_id = customer_id


def expense_dict(expense: Expense, report: ExpenseReport | None = None) -> dict:
    status = "unreported" if report is None else {"draft": "unsubmitted"}.get(report.status, report.status)
    return {"id": str(expense.id), "crm_id": expense.crm_id, "date": v.iso_date(expense.date),
            "account_name": expense.account_name, "amount": str(expense.amount),
            "tax_amount": str(expense.tax_amount),
            "total": str(expense.amount + expense.tax_amount), "merchant": expense.merchant,
            "description": expense.description, "is_billable": expense.is_billable,
            "customer_id": str(expense.customer_id) if expense.customer_id else None,
            "project_name": expense.project_name, "status": status,
            "report_id": str(expense.report_id) if expense.report_id else None,
            "created_time": v.iso_time(expense.created_time),
            "last_modified_time": v.iso_time(expense.last_modified_time)}


def apply_report(report: ExpenseReport, payload: dict, creating: bool) -> None:
    name = v.text(payload, "report_name", required=creating)
    if name is not None:
        if not name:
            raise v.reject("report_name is required")
        report.report_name = name
    for field in ("start_date", "end_date"):
        value = v.date(payload, field)
        if value is not None:
            setattr(report, field, value)
    if report.start_date and report.end_date and report.end_date < report.start_date:
        raise v.reject("end_date is before start_date")


def report_total(report_id: int) -> Decimal:
    amount = Expense.select(money_sum(Expense.amount)).where(Expense.report_id == report_id).scalar()
    tax = Expense.select(money_sum(Expense.tax_amount)).where(Expense.report_id == report_id).scalar()
    return Decimal(amount or 0) + Decimal(tax or 0)


def report_dict(report: ExpenseReport) -> dict:
    ids = [str(e.id) for e in Expense.select(Expense.id).where(Expense.report_id == report.id).order_by(Expense.id)]
    return {"id": str(report.id), "crm_id": report.crm_id, "report_number": report.number,
            "number": report.number, "report_name": report.report_name,
            "start_date": v.iso_date(report.start_date), "end_date": v.iso_date(report.end_date),
            "expense_ids": ids, "status": report.status, "total": str(report.total),
            "created_time": v.iso_time(report.created_time),
            "last_modified_time": v.iso_time(report.last_modified_time)}


def apply_subscription(sub: Subscription, payload: dict, creating: bool) -> None:
    plan = payload.get("plan") if isinstance(payload.get("plan"), dict) else {}
    merged = {**{k: plan.get(n) for k, n in (("plan_code", "plan_code"), ("plan_name", "name"),
                                             ("quantity", "quantity"), ("price", "price"))
                 if plan.get(n) is not None}, **payload}
    code = v.text(merged, "plan_code", required=creating, max_length=100)
    if code is not None:
        if not code:
            raise v.reject("plan_code is required")
        sub.plan_code = code
    name = v.text(merged, "plan_name")
    if name is not None:
        sub.plan_name = name
    quantity = v.money(merged, "quantity")
    if quantity is not None:
        if quantity <= 0:
            raise v.reject("quantity must be greater than zero")
        sub.quantity = quantity
    price = v.money(merged, "price")
    if price is not None:
        sub.price = price
    if merged.get("interval") not in (None, ""):
        try:
            sub.interval = int(merged["interval"])
        except (TypeError, ValueError):
            raise v.reject(f"Invalid value passed for interval: {merged['interval']!r}") from None
        if sub.interval < 1:
            raise v.reject("interval must be at least 1")
    unit = v.text(merged, "interval_unit", max_length=10)
    if unit:
        if unit not in INTERVAL_UNITS:
            raise v.reject(f"Invalid value passed for interval_unit: {unit!r} (months or years)")
        sub.interval_unit = unit
    starts = v.date(merged, "starts_at")
    if starts is not None:
        sub.starts_at = starts
    elif creating:
        sub.starts_at = dt.date.today()
    if creating:
        sub.next_billing_at = sub.starts_at
        trial = merged.get("trial_days")
        if trial not in (None, "", 0, "0"):
            try:
                days = int(trial)
            except (TypeError, ValueError):
                raise v.reject(f"Invalid value passed for trial_days: {trial!r}") from None
            if days < 0:
                raise v.reject("trial_days cannot be negative")
            sub.status, sub.next_billing_at = "trial", sub.starts_at + dt.timedelta(days=days)


def subscription_dict(sub: Subscription) -> dict:
    invoices = [str(d.id) for d in Document.select(Document.id).where(
        (Document.subscription_id == sub.id) & (Document.doc_type == "invoices")).order_by(Document.id)]
    return {"id": str(sub.id), "crm_id": sub.crm_id, "subscription_number": sub.number,
            "number": sub.number, "customer_id": str(sub.customer_id), "plan_code": sub.plan_code,
            "plan_name": sub.plan_name, "plan": {"plan_code": sub.plan_code, "name": sub.plan_name,
                                                 "quantity": str(sub.quantity), "price": str(sub.price)},
            "quantity": str(sub.quantity), "price": str(sub.price),
            "amount": str((sub.quantity * sub.price).quantize(Decimal("0.01"))),
            "interval": sub.interval, "interval_unit": sub.interval_unit,
            "starts_at": v.iso_date(sub.starts_at), "next_billing_at": v.iso_date(sub.next_billing_at),
            "status": sub.status, "invoices": invoices,
            "created_time": v.iso_time(sub.created_time),
            "last_modified_time": v.iso_time(sub.last_modified_time)}


def write_report(org: str, report: ExpenseReport, payload: dict, creating: bool) -> ExpenseReport:
    """Write an expense report and the set of its expenses (each in one report at most)."""
    apply_report(report, payload, creating)
    report.touch()
    report.save()
    if creating or "expense_ids" in payload:
        ids = payload.get("expense_ids")
        if not isinstance(ids, list) or not ids:
            raise v.reject("expense_ids is required: at least one expense")
        wanted = {v.parse_id(i, "expense_ids") for i in ids}
        found = list(Expense.select().where((Expense.organization_id == org) & Expense.id.in_(wanted)))
        missing = wanted - {e.id for e in found}
        if missing:
            raise v.reject(f"expense_ids: expense {min(missing)} does not exist")
        taken = [e for e in found if e.report_id not in (None, report.id)]
        if taken:
            raise v.reject(f"expense_ids: expense {taken[0].id} is already in another report")
        now = report.last_modified_time
        Expense.update(report_id=None, last_modified_time=now).where(
            (Expense.report_id == report.id) & Expense.id.not_in(wanted)).execute()
        Expense.update(report_id=report.id, last_modified_time=now).where(Expense.id.in_(wanted)).execute()
    retotal(report)
    return report


def retotal(report: ExpenseReport) -> None:
    report.total = report_total(report.id)
    report.touch()
    report.save()
