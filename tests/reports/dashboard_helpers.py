"""Shared pieces of the dashboard tests (B12): invoices falling due around today, and the counts
and amounts due per day of the next 5 days, computed here from what was created."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.crm.models import Account
from core.models import Profile
from core.models.base import utcnow
from tests.reports.helpers import make_invoice

DUE_SOON = "books.invoices_due_next_5_days"
OWED = ("sent", "overdue", "partially_paid")
#: (days from today, status, balance of a partly paid one): seven days, paid and drafts among them
PLAN = [(0, "sent", None), (0, "overdue", None), (1, "paid", None), (2, "sent", None), (2, "partially_paid", "5.00"),
        (2, "sent", None), (2, "draft", None), (3, "sent", None), (4, "overdue", None), (4, "void", None),
        (4, "partially_paid", "7.25"), (5, "sent", None), (6, "sent", None), (-1, "overdue", None)]


def due_soon_invoices(registry, tenant, user, other_tenant=None, other_user=None) -> dict:
    """The invoices of :data:`PLAN` (and one of ``other_tenant`` due today, which must not
    count); returns the expected ``[[day, count, amount due]]`` of the next 5 days."""
    today = utcnow().date()
    account = Account.create(tenant=tenant, name="Acme")
    expected = {today + dt.timedelta(days=n): [0, Decimal("0.00")] for n in range(5)}
    for number, (days, status, balance) in enumerate(PLAN):
        due = today + dt.timedelta(days=days)
        invoice = make_invoice(registry, tenant, user, account, [("Work", None, str(number + 1), "12.50", "0", "20")],
                               status, today - dt.timedelta(days=10), due,
                               balance=Decimal(balance) if balance else None)
        if status in OWED and due in expected:
            expected[due][0] += 1
            expected[due][1] += invoice.balance
    if other_tenant is not None:
        stranger = Account.create(tenant=other_tenant, name="Acme")
        make_invoice(registry, other_tenant, other_user, stranger, [("Work", None, "9", "99.00", "0", "0")], "sent",
                     today, today)
    return [[day.isoformat(), count, str(amount)] for day, (count, amount) in sorted(expected.items())]


def profile_without(tenant, name: str, *keys: str) -> str:
    """A profile with every grant of "Standard" but ``keys``; returns its name."""
    grants = [k for k in Profile.get(Profile.tenant == tenant, Profile.name == "Standard").grants if k not in keys]
    profile = Profile(tenant=tenant, name=name, is_admin=False)
    profile.grants = grants
    profile.save()
    return name
