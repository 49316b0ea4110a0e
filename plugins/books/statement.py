"""The customer statement (B7): a customer's Books invoices with what is paid and what is due.

Balances are the finance application's (``core.finance_records``); an invoice it has not seen yet
counts its total as due.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core import finance_records, referenced, render_pdf_template, to_money

from .models import Invoice
from .modules import INVOICES

TEMPLATE = "books/statement.html"
#: invoices a statement leaves out: not issued, or cancelled
LEFT_OUT = ("draft", "void")


def customer_invoices(record) -> list:
    """The invoices of ``record``'s customer (its account, else its contact), oldest first; drafts
    and void ones left out, except ``record`` itself (the invoice being sent)."""
    query = Invoice.scoped(record.tenant)
    if record.account_id:
        query = query.where(Invoice.account_id == record.account_id)
    elif record.contact_id:
        query = query.where(Invoice.contact_id == record.contact_id)
    else:
        return [record]
    query = query.where(Invoice.status.not_in(LEFT_OUT) | (Invoice.id == record.id))
    return list(query.order_by(Invoice.date, Invoice.id))


def statement_rows(record) -> tuple[list[dict], Decimal]:
    """``[{"invoice", "total", "paid", "balance"}]`` and the total balance due."""
    invoices = customer_invoices(record)
    remote = finance_records("books", INVOICES.name, record.tenant, [i.id for i in invoices])
    rows, due = [], Decimal("0.00")
    for invoice in invoices:
        known = (remote.get(invoice.id) or {}).get("balance")
        balance = to_money(known) if known not in (None, "") else invoice.total
        rows.append({"invoice": invoice, "total": invoice.total, "paid": invoice.total - balance,
                     "balance": balance})
        due += balance
    return rows, due


def render_statement(record) -> bytes:
    refs = referenced(INVOICES, record)
    customer = refs.get("account_id") or refs.get("contact_id")
    rows, due = statement_rows(record)
    return render_pdf_template(TEMPLATE, tenant=record.tenant, customer=customer, rows=rows, balance_due=due,
                               record=record, today=dt.date.today())


def statement_attachment(record) -> tuple[str, bytes]:
    """The e-mail option's attachment: ``Statement <customer>.pdf``."""
    refs = referenced(INVOICES, record)
    customer = refs.get("account_id") or refs.get("contact_id")
    name = getattr(customer, "name", None) or getattr(customer, "full_name", "") or "customer"
    return f"Statement {name}.pdf", render_statement(record)
