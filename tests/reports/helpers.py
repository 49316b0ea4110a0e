"""Shared pieces of the report tests: a fixed today, invoices with lines, and the totals this
test computes itself (half-up per line, as the help page's finance applications do)."""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from core.records import create_record

TODAY = dt.date(2026, 12, 7)
CENT = Decimal("0.01")


def line_total(lines) -> Decimal:
    """``[(name, product, quantity, rate, discount %, tax %)]``: amount after discount plus tax."""
    total = Decimal("0.00")
    for _name, _product, quantity, rate, discount, tax in lines:
        exact = Decimal(quantity) * Decimal(rate)
        amount = (exact * (1 - Decimal(discount) / 100)).quantize(CENT, ROUND_HALF_UP)
        total += amount + (amount * Decimal(tax) / 100).quantize(CENT, ROUND_HALF_UP)
    return total


def make_invoice(registry, tenant, user, account, lines, status: str, date: dt.date, due: dt.date,
                 module: str = "books/invoices", balance: Decimal | None = None):
    """An invoice made as a user makes it, then given the status (and balance) the finance
    application answers with: a paid one owes nothing, others their total unless ``balance``."""
    module = registry.modules[module]
    record = create_record(module, tenant, user, {
        "account_id": account.id, "date": str(date), "due_date": str(due),
        "line_items": [{"name": name, "product_id": product.id if product else None, "quantity": quantity,
                        "rate": rate, "discount_percent": discount, "tax_percent": tax}
                       for name, product, quantity, rate, discount, tax in lines]})
    owed = Decimal("0.00") if status == "paid" else (record.total if balance is None else balance)
    module.model.update(status=status, balance=owed).where(module.model.id == record.id).execute()
    return module.model.get_by_id(record.id)


#: an invoice that counts as a sale, and one whose balance is still owed (as the defaults say)
SOLD = {"sent", "overdue", "partially_paid", "paid"}
OWED = {"sent", "overdue", "partially_paid"}
#: lines ``(name, product key, quantity, rate, discount %, tax %)`` of each invoice of :func:`make_sales`
SALES_LINES = {
    "a1": [("Widget", "widget", "3", "19.99", "10", "20"), ("Setup", None, "1", "120.00", "0", "5.5")],
    "a2": [("Gadget", "gadget", "2", "7.25", "12.5", "0")],
    "a3": [("Widget", "widget", "5", "19.99", "0", "20")],
    "z1": [("Widget", "widget", "1", "19.99", "0", "20"), ("Gadget", "gadget", "4", "7.25", "0", "20")],
    "z2": [("Widget", "widget", "10", "19.99", "0", "0")],
    "z3": [("Gadget", "gadget", "7", "7.25", "5", "10")],
    "draft": [("Gadget", "gadget", "100", "7.25", "0", "0")],
    "void": [("Widget", "widget", "50", "19.99", "0", "0")],
}
#: ``name: (account, status, date in days from today, due date in days, balance when partly paid)``
SALES_PLAN = {
    "a1": ("acme", "sent", -40, -5, None), "a2": ("acme", "overdue", -20, -3, None),
    "a3": ("acme", "partially_paid", -10, 2, "50.00"), "z1": ("zurich", "paid", -35, -20, None),
    "z2": ("zurich", "sent", -2, 4, None), "z3": ("zurich", "partially_paid", -50, -30, "20.00"),
    "draft": ("acme", "draft", -1, 1, None), "void": ("zurich", "void", -3, 1, None),
}
ACCOUNT_NAMES = {"acme": "Acme", "zurich": "Zürcher AG"}


def make_sales(registry, tenant, user, module: str = "books/invoices", today: dt.date = TODAY, owners=None) -> dict:
    """Two customers, two products and the invoices of :data:`SALES_PLAN` in ``module``: discounts,
    taxes, partly paid and overdue ones, a draft and a void one; each made by ``user``, or by
    ``owners[name]`` (its owner) when given."""
    from core.crm.models import Account, Product
    accounts = {key: Account.create(tenant=tenant, name=name) for key, name in ACCOUNT_NAMES.items()}
    products = {key: Product.create(tenant=tenant, name=key.title(), unit_price=Decimal("10"))
                for key in ("widget", "gadget")}
    invoices = {}
    for name, (account, status, age, due, balance) in SALES_PLAN.items():
        lines = [(n, products[p] if p else None, q, r, d, t) for n, p, q, r, d, t in SALES_LINES[name]]
        maker = (owners or {}).get(name, user)
        invoices[name] = make_invoice(registry, tenant, maker, accounts[account], lines, status,
                                      today + dt.timedelta(days=age), today + dt.timedelta(days=due), module,
                                      Decimal(balance) if balance else None)
    return {"accounts": accounts, "products": products, "invoices": invoices, "today": today}


def make_stranger_sale(registry, tenant, user, module: str = "books/invoices", today: dt.date = TODAY):
    """Another organisation's customer "Acme" with a large sent invoice due tomorrow: it must never count."""
    from core.crm.models import Account, Product
    account = Account.create(tenant=tenant, name="Acme")
    widget = Product.create(tenant=tenant, name="Widget", unit_price=Decimal("10"))
    return make_invoice(registry, tenant, user, account, [("Widget", widget, "9", "99.00", "0", "0")], "sent",
                        today - dt.timedelta(days=3), today + dt.timedelta(days=1), module)


def balance_of(name: str) -> Decimal:
    """What the customer still owes on invoice ``name`` of :data:`SALES_PLAN`."""
    _account, status, _age, _due, balance = SALES_PLAN[name]
    if status == "paid":
        return Decimal("0.00")
    return Decimal(balance) if balance else line_total(SALES_LINES[name])


def make_expense(registry, tenant, user, **fields):
    """An expense made as a user makes it (``date``, ``category``, ``amount``, ``tax``, ``deal_id`` ...)."""
    body = {"date": str(TODAY), "category": "Meals", **{k: str(v) if isinstance(v, (Decimal, dt.date)) else v
                                                         for k, v in fields.items()}}
    return create_record(registry.modules["expense/expenses"], tenant, user, body)
