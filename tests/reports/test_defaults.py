"""The default reports of Books (B11), Invoice (I1) and Expense (E3), each run as shipped and
checked against sums this test computes itself from the records it made: lines with discounts and
taxes, partly paid and overdue invoices (a balance below the total), a draft and a void invoice
that are no sale, records of two owners, and another organisation's records that never count."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.crm.models import Account, Deal, Vendor
from core.records import create_record
from core.reports import run_report
from tests.reports.helpers import (
    ACCOUNT_NAMES, OWED, SALES_LINES, SALES_PLAN, SOLD, TODAY, balance_of, line_total, make_expense, make_sales,
    make_stranger_sale,
)


@pytest.fixture(params=["books", "invoice"])
def sales(request, registry, make_tenant, make_user):
    app = request.param
    tenant = make_tenant()
    user = make_user(tenant)
    other = make_tenant()
    make_stranger_sale(registry, other, make_user(other), f"{app}/invoices")
    return {"app": app, "tenant": tenant, "user": user, **make_sales(registry, tenant, user, f"{app}/invoices")}


def _person(make_user, tenant, name: str):
    """A user of ``tenant`` called ``name`` (a report shows an owner by name)."""
    user = make_user(tenant)
    user.name = name
    user.save()
    return user


def run_default(registry, data, key: str):
    report = registry.reports[key]
    return run_report(registry, report.definition, data["tenant"], data["user"], TODAY)


def _per_account(names) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(ACCOUNT_NAMES[SALES_PLAN[name][0]], []).append(name)
    return found


def test_b11_i1_amount_due_by_customer_is_what_each_still_owes(registry, sales):
    owing = [n for n, (_a, status, *_rest) in SALES_PLAN.items() if status in OWED and balance_of(n) > 0]
    expected = {title: [sum(balance_of(n) for n in names), len(names)] for title, names in _per_account(owing).items()}
    rows = run_default(registry, sales, f"{sales['app']}.amount_due_by_customer").rows
    assert {row[0]["title"]: row[1:] for row in rows} == expected
    assert [row[1] for row in rows] == sorted(expected_value[0] for expected_value in expected.values())[::-1]
    assert expected["Acme"][0] < sum(line_total(SALES_LINES[n]) for n in ("a1", "a2", "a3"))  # a3 partly paid


def test_b11_i1_overdue_invoices_by_customer(registry, sales):
    overdue = [n for n, (_a, status, _age, due, _b) in SALES_PLAN.items() if status in OWED and due < 0]
    expected = {title: [len(names), sum(balance_of(n) for n in names),
                        min(TODAY + dt.timedelta(days=SALES_PLAN[n][3]) for n in names).isoformat()]
                for title, names in _per_account(overdue).items()}
    rows = run_default(registry, sales, f"{sales['app']}.overdue_by_customer").rows
    assert {row[0]["title"]: row[1:] for row in rows} == expected
    assert expected["Zürcher AG"] == [1, Decimal("20.00"), (TODAY - dt.timedelta(days=30)).isoformat()]


def test_b11_i1_sales_by_customer_counts_sent_and_paid_invoices_not_drafts_or_void(registry, sales):
    sold = [n for n, (_a, status, *_rest) in SALES_PLAN.items() if status in SOLD]
    expected = {title: [sum(line_total(SALES_LINES[n]) for n in names), len(names)]
                for title, names in _per_account(sold).items()}
    rows = run_default(registry, sales, f"{sales['app']}.sales_by_customer").rows
    assert [[row[0]["title"], *row[1:]] for row in rows] == sorted(
        ([title, *value] for title, value in expected.items()), key=lambda r: -r[1])
    assert all(isinstance(row[1], Decimal) for row in rows)


def test_b9_b11_i1_sales_by_product_sums_the_items_after_discount_before_tax(registry, sales):
    expected: dict = {}
    for name, (_a, status, *_rest) in SALES_PLAN.items():
        for line_name, product, quantity, rate, discount, _tax in SALES_LINES[name] if status in SOLD else ():
            title = product.title() if product else None
            qty, amount = expected.get(title, (Decimal(0), Decimal(0)))
            expected[title] = (qty + Decimal(quantity),
                               amount + line_total([(line_name, product, quantity, rate, discount, "0")]))
    rows = run_default(registry, sales, f"{sales['app']}.sales_by_product").rows
    assert {(row[0] or {}).get("title"): (row[1], row[2]) for row in rows} == expected
    assert [row[2] for row in rows] == sorted((amount for _q, amount in expected.values()), reverse=True)


def test_b12_i1_invoices_due_in_the_next_5_days_per_day(registry, sales):
    rows = run_default(registry, sales, f"{sales['app']}.invoices_due_next_5_days").rows
    expected = []
    for day in range(5):
        names = [n for n, (_a, status, _age, due, _b) in SALES_PLAN.items() if status in OWED and due == day]
        expected.append([(TODAY + dt.timedelta(days=day)).isoformat(), len(names),
                         sum((balance_of(n) for n in names), Decimal("0.00"))])
    assert rows == expected
    assert sum(row[1] for row in rows) == 2  # the draft and the void invoice due tomorrow do not count


def test_b11_i1_sales_by_user_sums_each_owners_invoices(registry, make_tenant, make_user):
    for app in ("books", "invoice"):
        tenant = make_tenant()
        ann, bob = _person(make_user, tenant, "Ann Lee"), _person(make_user, tenant, "Bob Roy")
        owners = {name: ann if name in ("a1", "z1", "draft") else bob for name in SALES_PLAN}
        make_sales(registry, tenant, ann, f"{app}/invoices", owners=owners)
        other = make_tenant()
        make_stranger_sale(registry, other, _person(make_user, other, "Ann Lee"), f"{app}/invoices")
        expected: dict = {}
        for name, (_a, status, *_rest) in SALES_PLAN.items():
            if status in SOLD:
                owner = owners[name].name
                total, count = expected.get(owner, (Decimal(0), 0))
                expected[owner] = (total + line_total(SALES_LINES[name]), count + 1)
        rows = run_report(registry, registry.reports[f"{app}.sales_by_user"].definition, tenant, ann, TODAY).rows
        assert [(row[0]["title"], row[1], row[2]) for row in rows] == sorted(
            ((owner, total, count) for owner, (total, count) in expected.items()), key=lambda r: -r[1])
        assert {row[0]["id"] for row in rows} == {ann.id, bob.id}


def test_b11_sales_by_month_over_the_last_year(registry, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant)
    make_sales(registry, tenant, user)
    expected: dict = {}
    for name, (_a, status, age, *_rest) in SALES_PLAN.items():
        if status in SOLD:
            month = (TODAY + dt.timedelta(days=age)).strftime("%Y-%m")
            expected[month] = expected.get(month, Decimal(0)) + line_total(SALES_LINES[name])
    rows = run_report(registry, registry.reports["books.sales_by_month"].definition, tenant, user, TODAY).rows
    assert rows == sorted([month, total] for month, total in expected.items())


def test_b11_purchase_orders_this_month(registry, make_tenant, make_user):
    tenant, other = make_tenant(), make_tenant()
    user = make_user(tenant)
    supplies = Vendor.create(tenant=tenant, name="Supplies Inc")
    module = registry.modules["books/purchaseorders"]

    def order(owner, vendor, day, quantity):
        return create_record(module, owner, user, {"vendor_id": vendor.id, "date": str(day), "line_items": [
            {"name": "Paper", "quantity": quantity, "rate": "4.50", "tax_percent": "20"}]})
    first, sixth = order(tenant, supplies, TODAY.replace(day=1), "10"), order(tenant, supplies, TODAY.replace(day=6), "3")
    order(tenant, supplies, TODAY.replace(day=1) - dt.timedelta(days=1), "7")  # last month
    order(other, Vendor.create(tenant=other, name="Supplies Inc"), TODAY, "99")
    result = run_report(registry, registry.reports["books.purchase_orders_this_month"].definition, tenant, user, TODAY)
    assert [c.key for c in result.columns] == ["number", "date", "vendor_id", "status", "delivery_date", "total"]
    assert [(row[1], row[2]["title"], row[5]) for row in result.rows] == [
        (TODAY.replace(day=6).isoformat(), "Supplies Inc", Decimal("16.20")),
        (TODAY.replace(day=1).isoformat(), "Supplies Inc", Decimal("54.00"))]
    assert (sixth.total, first.total) == (Decimal("16.20"), Decimal("54.00"))


@pytest.fixture
def expenses(registry, make_tenant, make_user):
    tenant, other = make_tenant(), make_tenant()
    user = make_user(tenant)
    acme, zurich = (Account.create(tenant=tenant, name=n) for n in ("Acme", "Zürcher AG"))
    trip, fair, idle = (Deal.create(tenant=tenant, name=n, amount=Decimal(a))
                        for n, a in (("Lyon trip", "1000.00"), ("Trade fair", "250.00"), ("Idle", "500.00")))
    plan = [("Air travel", "320.00", "0.00", acme, trip), ("Meals", "41.50", "4.15", acme, trip),
            ("Lodging", "180.00", "18.00", zurich, fair), ("Meals", "12.30", "1.23", None, fair),
            ("Taxi & transit", "25.00", "0.00", zurich, None)]
    for category, amount, tax, account, deal in plan:
        make_expense(registry, tenant, user, category=category, amount=amount, tax=tax,
                     account_id=account.id if account else None, deal_id=deal.id if deal else None)
    make_expense(registry, other, make_user(other), category="Meals", amount="999.00",
                 account_id=Account.create(tenant=other, name="Acme").id)
    return {"tenant": tenant, "user": user, "plan": plan, "deals": (trip, fair, idle)}


def _sums(plan, key) -> dict:
    found: dict = {}
    for row in plan:
        group = key(row)
        if group is not None:
            total, count = found.get(group, (Decimal(0), 0))
            found[group] = (total + Decimal(row[1]) + Decimal(row[2]), count + 1)
    return found


def test_e3_expenses_by_category_and_by_customer(registry, expenses):
    by_category = _sums(expenses["plan"], lambda r: r[0])
    rows = run_default(registry, expenses, "expense.by_category").rows
    assert {row[0]: (row[1], row[2]) for row in rows} == by_category
    assert [row[1] for row in rows] == sorted((t for t, _c in by_category.values()), reverse=True)
    by_customer = _sums(expenses["plan"], lambda r: r[3].name if r[3] else None)
    rows = run_default(registry, expenses, "expense.by_customer").rows
    assert {row[0]["title"]: (row[1], row[2]) for row in rows} == by_customer


def test_e3_expenses_by_user_and_month(registry, make_tenant, make_user):
    tenant, other = make_tenant(), make_tenant()
    ann, bob = _person(make_user, tenant, "Ann Lee"), _person(make_user, tenant, "Bob Roy")
    plan = [(ann, -40, "120.00", "12.00"), (ann, -3, "30.50", "0.00"), (ann, -2, "9.99", "1.00"),
            (bob, -3, "75.00", "7.50"), (bob, -70, "18.20", "0.00")]
    for user, age, amount, tax in plan:
        make_expense(registry, tenant, user, date=TODAY + dt.timedelta(days=age), amount=amount, tax=tax)
    make_expense(registry, other, _person(make_user, other, "Ann Lee"), amount="999.00")
    expected: dict = {}
    for user, age, amount, tax in plan:
        key = (user.name, (TODAY + dt.timedelta(days=age)).strftime("%Y-%m"))
        expected[key] = expected.get(key, Decimal(0)) + Decimal(amount) + Decimal(tax)
    rows = run_report(registry, registry.reports["expense.by_user_and_month"].definition, tenant, ann, TODAY).rows
    assert [(row[0]["title"], row[1], row[2]) for row in rows] == sorted((*key, total) for key, total in expected.items())


def test_e3_deals_compared_with_their_expenses_was_the_trip_worth_it(registry, expenses):
    spent = _sums(expenses["plan"], lambda r: r[4].name if r[4] else None)
    amounts = {d.name: d.amount for d in expenses["deals"]}
    expected = {name: [amounts[name], total, count, (total / amounts[name] * 100).quantize(Decimal("0.01"))]
                for name, (total, count) in spent.items()}
    rows = run_default(registry, expenses, "expense.deals_vs_expenses").rows
    assert {row[0]["title"]: row[1:] for row in rows} == expected  # "Idle" had no expense: not listed
    assert [row[0]["title"] for row in rows] == sorted(expected, key=lambda n: -expected[n][3])
