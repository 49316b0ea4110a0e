"""The customer statement: a customer's invoices of one app with what is paid and what is due.

Balances are that app's finance application's (:func:`core.finance_records`); an invoice it has
not seen yet counts its total as due.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..declarations import EmailOption
from ..i18n import N_, _
from ..models import to_money
from ..pdf import referenced, render_pdf_template
from ..sync.remote import finance_records

#: the core's statement template (``core/web/templates/pdf/statement.html``)
STATEMENT_PDF = "pdf/statement.html"
#: invoices a statement leaves out: not issued, or cancelled
LEFT_OUT = ("draft", "void")


class CustomerStatement:
    """``CustomerStatement("books", INVOICES)``: the statement of ``invoices`` (a customer
    document module) as ``app``'s finance application knows them."""

    def __init__(self, app: str, invoices):
        self.app = app
        self.invoices = invoices

    def customer_invoices(self, record) -> list:
        """The invoices of ``record``'s customer (its account, else its contact), oldest first;
        drafts and void ones left out, except ``record`` itself (the invoice being sent)."""
        model = self.invoices.model
        query = model.scoped(record.tenant)
        if record.account_id:
            query = query.where(model.account_id == record.account_id)
        elif record.contact_id:
            query = query.where(model.contact_id == record.contact_id)
        else:
            return [record]
        query = query.where(model.status.not_in(LEFT_OUT) | (model.id == record.id))
        return list(query.order_by(model.date, model.id))

    def rows(self, record) -> tuple[list[dict], Decimal]:
        """``[{"invoice", "total", "paid", "balance"}]`` and the total balance due."""
        invoices = self.customer_invoices(record)
        remote = finance_records(self.app, self.invoices.name, record.tenant, [i.id for i in invoices])
        rows, due = [], Decimal("0.00")
        for invoice in invoices:
            known = (remote.get(invoice.id) or {}).get("balance")
            balance = to_money(known) if known not in (None, "") else invoice.total
            rows.append({"invoice": invoice, "total": invoice.total, "paid": invoice.total - balance,
                         "balance": balance})
            due += balance
        return rows, due

    def _customer(self, record):
        refs = referenced(self.invoices, record)
        return refs.get("account_id") or refs.get("contact_id")

    def render(self, record) -> bytes:
        rows, due = self.rows(record)
        return render_pdf_template(STATEMENT_PDF, tenant=record.tenant, customer=self._customer(record), rows=rows,
                                   balance_due=due, record=record, today=dt.date.today())

    def attachment(self, record) -> tuple[str, bytes]:
        """The e-mail option's attachment: ``Statement <customer>.pdf``."""
        customer = self._customer(record)
        name = getattr(customer, "name", None) or getattr(customer, "full_name", "") or _("customer")
        return _("Statement %(customer)s.pdf", customer=name), self.render(record)

    def option(self) -> EmailOption:
        """The e-mail dialog's "Attach customer statement" checkbox, unticked."""
        return EmailOption("attach_statement", N_("Attach customer statement"), False, self.attachment)
