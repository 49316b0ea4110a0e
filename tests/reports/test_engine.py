"""The report engine (B9, B11, B12, E3): a definition runs as one SQL query, tenant-scoped, with
money summed exactly; every figure is checked against sums this test computes itself from the
lines it wrote (discounts and taxes), and another tenant's records never count."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bench.pages import QueryCounter
from core.crm.models import Account, Deal, Product
from core.models import Profile
from core.records import Invalid, create_record
from core.reports import Aggregate, Definition, Filter, Grouping, Ratio, run_report
from tests.reports.helpers import TODAY, line_total, make_invoice


@pytest.fixture
def books(make_tenant, make_user, registry):
    """Two customers, two products, five invoices over two months, and another tenant's invoice."""
    tenant, other = make_tenant(), make_tenant()
    user = make_user(tenant)
    acme, zurich = (Account.create(tenant=tenant, name=n) for n in ("Acme", "Zürcher AG"))
    widget, gadget = (Product.create(tenant=tenant, name=n, unit_price=Decimal("10")) for n in ("Widget", "Gadget"))
    lines = {
        "a1": [("Widget", widget, "3", "19.99", "10", "20"), ("Setup", None, "1", "120.00", "0", "5.5")],
        "a2": [("Gadget", gadget, "2", "7.25", "12.5", "0")],
        "z1": [("Widget", widget, "1", "19.99", "0", "20"), ("Gadget", gadget, "4", "7.25", "0", "20")],
        "z2": [("Widget", widget, "10", "19.99", "0", "0")],
        "draft": [("Gadget", gadget, "100", "7.25", "0", "0")],
    }
    plan = {"a1": (acme, "sent", -40, 1), "a2": (acme, "overdue", -10, 3), "z1": (zurich, "paid", -35, 0),
            "z2": (zurich, "sent", -2, 4), "draft": (acme, "draft", -1, 2)}
    invoices = {name: make_invoice(registry, tenant, user, account, lines[name], status, TODAY + dt.timedelta(days=age),
                                   TODAY + dt.timedelta(days=due))
                for name, (account, status, age, due) in plan.items()}
    stranger = Account.create(tenant=other, name="Acme")
    make_invoice(registry, other, make_user(other), stranger, [("Widget", None, "9", "99.00", "0", "0")], "sent",
                 TODAY, TODAY)
    return {"tenant": tenant, "user": user, "acme": acme, "zurich": zurich, "widget": widget, "gadget": gadget,
            "invoices": invoices, "lines": lines}


def run(registry, books, **definition):
    return run_report(registry, Definition("books/invoices", **definition), books["tenant"], books["user"], TODAY)


def test_b11_sales_by_customer_sums_each_customers_totals_exactly(registry, books):
    result = run(registry, books, filters=(Filter("status", "in", ["sent", "overdue", "paid"]),),
                 group_by=(Grouping("account_id"),), aggregates=(Aggregate("sum", "total"), Aggregate("count")))
    lines = books["lines"]
    expected = {"Acme": (line_total(lines["a1"]) + line_total(lines["a2"]), 2),
                "Zürcher AG": (line_total(lines["z1"]) + line_total(lines["z2"]), 2)}
    assert [c.key for c in result.columns] == ["account_id", "sum:total", "count"]
    assert {row[0]["title"]: (row[1], row[2]) for row in result.rows} == expected
    assert all(isinstance(row[1], Decimal) for row in result.rows)
    assert [row[0]["title"] for row in result.rows] == ["Acme", "Zürcher AG"]  # by title


def test_b9_sales_by_product_reads_the_items_module(registry, books):
    result = run(registry, books, related="items", filters=(Filter("status", "ne", "draft"),),
                 group_by=(Grouping("items.product_id"),),
                 aggregates=(Aggregate("sum", "items.quantity"), Aggregate("sum", "items.amount")),
                 sort=("-sum:items.amount",))
    lines = [line for name, group in books["lines"].items() if name != "draft" for line in group]
    expected = {}
    for name, product, quantity, rate, discount, tax in lines:
        title = product.name if product else None
        qty, amount = expected.get(title, (Decimal(0), Decimal(0)))
        expected[title] = (qty + Decimal(quantity), amount + line_total([(name, product, quantity, rate, discount, "0")]))
    got = {(row[0] or {}).get("title"): (row[1], row[2]) for row in result.rows}
    assert got == expected
    assert [row[2] for row in result.rows] == sorted((a for _, a in expected.values()), reverse=True)


def test_b12_invoices_due_on_each_of_the_next_5_days_counts_empty_days(registry, books):
    result = run(registry, books, filters=(Filter("due_date", "next_days", 5), Filter("status", "ne", "draft")),
                 group_by=(Grouping("due_date", "day"),), aggregates=(Aggregate("count"),), chart="bar")
    days = [(TODAY + dt.timedelta(days=i)).isoformat() for i in range(5)]
    assert result.rows == [[days[0], 1], [days[1], 1], [days[2], 0], [days[3], 1], [days[4], 1]]


def test_b11_dates_group_by_week_month_quarter_and_year(registry, books):
    def periods(by):
        rows = run(registry, books, group_by=(Grouping("date", by),), aggregates=(Aggregate("count"),)).rows
        return {row[0]: row[1] for row in rows}
    dates = [TODAY + dt.timedelta(days=d) for d in (-40, -10, -35, -2, -1)]
    assert periods("month") == _count(d.strftime("%Y-%m") for d in dates)
    assert periods("year") == _count(d.strftime("%Y") for d in dates)
    assert periods("quarter") == _count(f"{d.year}-Q{(d.month + 2) // 3}" for d in dates)
    assert periods("week") == _count((d - dt.timedelta(days=d.weekday())).isoformat() for d in dates)


def _count(keys) -> dict:
    found: dict = {}
    for key in keys:
        found[key] = found.get(key, 0) + 1
    return found


@pytest.mark.parametrize("op, value, names", [
    ("eq", "sent", {"a1", "z2"}), ("ne", "sent", {"a2", "z1", "draft"}), ("in", "paid,overdue", {"a2", "z1"}),
    ("contains", "ver", {"a2"}), ("starts", "d", {"draft"}),
])
def test_b10_text_filters(registry, books, op, value, names):
    assert _names(registry, books, Filter("status", op, value)) == names


@pytest.mark.parametrize("filt, names", [
    (Filter("due_date", "last_days", 1), {"z1"}), (Filter("due_date", "next_days", 2), {"z1", "a1"}),
    (Filter("date", "between", [str(TODAY - dt.timedelta(days=36)), str(TODAY - dt.timedelta(days=2))]), {"z1", "a2", "z2"}),
    (Filter("date", "lt", str(TODAY - dt.timedelta(days=35))), {"a1"}),
    (Filter("date", "gte", str(TODAY - dt.timedelta(days=2))), {"z2", "draft"}),
    (Filter("reference", "empty"), {"a1", "a2", "z1", "z2", "draft"}), (Filter("reference", "not_empty"), set()),
])
def test_b10_date_and_emptiness_filters(registry, books, filt, names):
    assert _names(registry, books, filt) == names


def test_b10_a_reference_filter_keeps_one_accounts_invoices_and_money_compares_exactly(registry, books):
    assert _names(registry, books, Filter("account_id", "is", books["acme"].id)) == {"a1", "a2", "draft"}
    a2 = books["invoices"]["a2"].total
    assert _names(registry, books, Filter("total", "eq", str(a2))) == {"a2"}
    assert _names(registry, books, Filter("total", "gt", str(a2))) == {"a1", "z1", "z2", "draft"}
    assert _names(registry, books, Filter("account.name", "starts", "Zür")) == {"z1", "z2"}


def test_b10_this_month_and_last_month(registry, books):
    this = {n for n, i in books["invoices"].items() if (i.date.year, i.date.month) == (TODAY.year, TODAY.month)}
    assert _names(registry, books, Filter("date", "this_month")) == this
    last = (TODAY.replace(day=1) - dt.timedelta(days=1))
    assert _names(registry, books, Filter("date", "last_month")) == {
        n for n, i in books["invoices"].items() if (i.date.year, i.date.month) == (last.year, last.month)}


def _names(registry, books, filt) -> set[str]:
    """The test's names of the invoices ``filt`` keeps."""
    by_id = {i.id: n for n, i in books["invoices"].items()}
    return {by_id[row[0]["id"]] for row in run(registry, books, filters=(filt,), columns=("id",)).rows}


def test_b11_one_sql_query_per_report_however_many_groups(registry, books):
    with QueryCounter() as counter:
        result = run(registry, books, related="items", filters=(Filter("account.name", "contains", "a"),),
                     group_by=(Grouping("account_id"), Grouping("items.product_id")),
                     aggregates=(Aggregate("sum", "items.amount"), Aggregate("avg", "items.rate"),
                                 Aggregate("count"), Aggregate("max", "date")))
    # the apps: a request has them; the tables' data versions: whether rows kept may serve
    reads = [s for s in counter.statements if "tenant_plugin" not in s and "data_version" not in s]
    assert len(reads) == 1, counter.statements
    assert len(result.rows) >= 4


def test_b11_an_average_is_exact(registry, books):
    [[average]] = run(registry, books, filters=(Filter("status", "ne", "draft"),),
                      aggregates=(Aggregate("avg", "total"),)).rows
    totals = [books["invoices"][n].total for n in ("a1", "a2", "z1", "z2")]
    assert average == (sum(totals) / 4).quantize(Decimal("0.01"))


def test_e3_deals_compared_with_their_expenses(registry, books, api_for):
    tenant, user = books["tenant"], books["user"]
    trip = Deal.create(tenant=tenant, name="Lyon trip", amount=Decimal("1000.00"))
    idle = Deal.create(tenant=tenant, name="Idle", amount=Decimal("500.00"))
    for amount in ("120.50", "79.50"):
        create_record(registry.modules["expense/expenses"], tenant, user, {
            "date": str(TODAY), "category": "Meals", "amount": amount, "deal_id": trip.id})
    result = run_report(registry, Definition(
        "deals", related="expense/expenses", group_by=(Grouping("id"),),
        aggregates=(Aggregate("max", "amount", "Deal amount"), Aggregate("sum", "expense/expenses.amount")),
        ratios=(Ratio("sum:expense/expenses.amount", "max:amount", "Expenses / deal", percent=True),)), tenant, user)
    rows = {row[0]["title"]: row[1:] for row in result.rows}
    assert rows["Lyon trip"] == [Decimal("1000.00"), Decimal("200.00"), Decimal("20.00")]
    assert rows["Idle"] == [Decimal("500.00"), None, None]


@pytest.mark.parametrize("definition, key", [
    (dict(filters=(Filter("nope", "eq", "x"),)), "filters.0.field"),
    (dict(filters=(Filter("status", "between", "a,b"),)), "filters.0.value"),
    (dict(filters=(Filter("total", "eq", 12.5),)), "filters.0.value"),
    (dict(filters=(Filter("due_date", "next_days", "0"),)), "filters.0.value"),
    (dict(aggregates=(Aggregate("sum", "status"),)), "aggregates.0.field"),
    (dict(related="items", aggregates=(Aggregate("sum", "total"),)), "aggregates.0.field"),
    (dict(group_by=(Grouping("items.product_id"),)), "group_by.0.field"),
    (dict(group_by=(Grouping("status", "month"),)), "group_by.0.field"),
    (dict(related="account"), "related"),
    (dict(group_by=(Grouping("status"),), sort=("-total",)), "sort.0"),
])
def test_b11_a_definition_naming_what_is_not_there_is_refused_naming_it(registry, books, definition, key):
    with pytest.raises(Invalid) as caught:
        run(registry, books, **definition)
    assert list(caught.value.errors) == [key]


def test_p1_a_group_on_a_module_the_user_may_not_view_is_refused(registry, books, make_user):
    tenant = books["tenant"]
    profile = Profile.get((Profile.tenant == tenant) & (Profile.name == "Standard"))
    profile.grants = [g for g in profile.grants if not g.startswith("accounts.")]
    profile.save()
    clerk = make_user(tenant, profile="Standard")
    with pytest.raises(Invalid) as caught:
        run_report(registry, Definition("books/invoices", group_by=(Grouping("account.industry"),)), tenant, clerk)
    assert list(caught.value.errors) == ["group_by.0.field"]
    assert "accounts" in caught.value.errors["group_by.0.field"][0]
