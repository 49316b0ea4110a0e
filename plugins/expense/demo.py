"""Expense's demo data (``finsuite demo``): expenses of demo customers and deals, made through the
core's write path so they sync, and a submitted report grouping a trip's expenses. The trip and
its report are the first user's; the other users share the other expenses (their owners)."""
from __future__ import annotations

import datetime as dt

from core import create_record, hookimpl, perform_action

from .modules import EXPENSES, REPORTS

TRIP = "Lyon kick-off"
#: (days ago, category, merchant, amount, tax, billable, project)
EXPENSES_MADE = (
    (12, "Air travel", "Air France", "412.00", "0.00", True, "Lyon kick-off"),
    (11, "Lodging", "Hôtel des Célestins", "268.40", "26.84", True, "Lyon kick-off"),
    (11, "Meals", "Brasserie Georges", "86.50", "8.65", False, "Lyon kick-off"),
    (10, "Taxi & transit", "G7 Taxi", "42.00", "4.20", True, "Lyon kick-off"),
    (6, "Office supplies", "Staples", "59.97", "12.00", False, ""),
    (4, "Fuel / Mileage", "Shell", "73.15", "14.63", True, "Site survey"),
    (3, "Meals", "Le Petit Zinc", "124.00", "12.40", True, "Site survey"),
    (1, "Telephone & Internet", "Orange Business", "39.99", "8.00", False, ""),
)


@hookimpl
def demo_records(tenant, records, users):
    today = dt.date.today()
    accounts, deals = records["accounts"], records["deals"]
    made = []
    others = users[1:] or users
    for i, (days, category, merchant, amount, tax, billable, project) in enumerate(EXPENSES_MADE):
        deal = deals[i % len(deals)] if deals and i % 3 == 0 else None
        account_id = deal.account_id if deal is not None else accounts[(i * 5) % len(accounts)].id
        owner = users[0] if project == TRIP else others[i % len(others)]
        made.append(create_record(EXPENSES, tenant, owner, {
            "date": (today - dt.timedelta(days=days)).isoformat(), "category": category, "merchant": merchant,
            "amount": amount, "tax": tax, "billable": billable, "project": project, "account_id": account_id,
            "deal_id": deal.id if deal is not None else None,
            "description": f"{category} for {project}." if project else category}))
    trip = [e for e in made if e.project == TRIP]
    report = create_record(REPORTS, tenant, users[0], {
        "title": "Lyon kick-off trip", "start_date": (today - dt.timedelta(days=12)).isoformat(),
        "end_date": (today - dt.timedelta(days=10)).isoformat(), "expense_ids": [e.id for e in trip]})
    perform_action(REPORTS.name, report, "submit", users[0])
