"""Subscriptions' demo data (``finsuite demo``): a few subscriptions of demo customers, made
through the core's write path so they sync. Those whose billing date has come are billed by
the finance demo and their invoices pulled in; one is in trial, one ends with its term."""
from __future__ import annotations

import datetime as dt

from core import create_record, hookimpl, perform_action

from .modules import SUBSCRIPTIONS

#: (customer kind, index, plan code, plan name, quantity, price, interval, unit, days from today, trial days)
PLANS = (
    ("accounts", 0, "PRO-M", "Pro (monthly)", "5", "29.00", 1, "months", -20, None),
    ("accounts", 1, "TEAM-M", "Team (monthly)", "12", "9.50", 1, "months", 0, 14),
    ("contacts", 0, "ENT-Y", "Enterprise (yearly)", "1", "1200.00", 1, "years", -40, None),
    ("accounts", 2, "SUPPORT-Q", "Support (quarterly)", "1", "450.00", 3, "months", 10, None),
)


@hookimpl
def demo_records(tenant, records, users):
    today = dt.date.today()
    made = []
    for kind, index, code, name, quantity, price, interval, unit, offset, trial in PLANS:
        customers = records.get(kind) or []
        if not customers:
            continue
        field = "account_id" if kind == "accounts" else "contact_id"
        made.append(create_record(SUBSCRIPTIONS, tenant, users[0], {
            field: customers[index % len(customers)].id, "plan_code": code, "plan_name": name,
            "quantity": quantity, "price": price, "interval": interval, "interval_unit": unit,
            "starts_at": (today + dt.timedelta(days=offset)).isoformat(), "trial_days": trial}))
    if len(made) == len(PLANS):  # the quarterly support plan ends with its first term
        perform_action(SUBSCRIPTIONS.name, made[3], "cancel_at_end", users[0])
