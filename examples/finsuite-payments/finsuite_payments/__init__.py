"""Payments: money a customer pays against one or more Books invoices, applied to them oldest
first up to each one's balance due, and synced to the finance organisation of those invoices."""
import datetime as dt
from decimal import Decimal

import peewee
from marshmallow import fields, validate

from core import (
    Aggregate, Column, Grouping, Manifest, Migration, Module, Money, MoneyField, Permission, RecordIdField, RecordSchema,
    RelatedList, Report, ReportDefinition, ReportFolder, StatusAction, SyncType, Tab, TenantModel, can_module, create_record,
    format_money, hookimpl, module_named, money_sum, perform_action, reference, text,
)

manifest = Manifest(name="payments", label="Payments", version="0.1.0", depends=("books",),
                    requires="finsuite>=1,<2", description="Customer payments against Books invoices.")
MODES = [(m, m.replace("_", " ").capitalize()) for m in ("cash", "check", "bank_transfer", "credit_card", "other")]
OPEN, ZERO = ("sent", "overdue", "partially_paid"), Decimal("0.00")  # the invoices that can be paid


class Payment(TenantModel):
    account_id = peewee.IntegerField(index=True)
    date = peewee.DateField(default=dt.date.today)
    amount = MoneyField(default=0)
    mode = peewee.CharField(max_length=30, default="cash")
    reference = peewee.CharField(max_length=100, default="")
    number = peewee.CharField(max_length=40, default="")  # the finance application's, PAY-000001
    chosen = None  # the invoice ids set, applied when it is saved
    invoice_ids = property(lambda self: [a.invoice_id for a in applied(self)] if self.chosen is None else self.chosen,
                           lambda self, ids: setattr(self, "chosen", list(ids)))

    class Meta:
        table_name = "payments_payment"

    def save(self, *args, **kwargs):
        """The amount goes to the invoices oldest first, to each up to what is left to pay on it."""
        ids, result, left = self.invoice_ids, super().save(*args, **kwargs), self.amount
        Applied.delete().where(Applied.payment_id == self.id).execute()
        for invoice, due in open_invoices(self.tenant_id, ids, self.id):
            if min(left, due) > 0:
                Applied.create(tenant=self.tenant_id, payment_id=self.id, invoice_id=invoice.id, amount=min(left, due))
                left -= min(left, due)
        self.chosen = None
        return result


class Applied(TenantModel):  # what a payment pays of one invoice
    payment_id = peewee.IntegerField(index=True)
    invoice_id = peewee.IntegerField(index=True)
    amount = MoneyField(default=0)

    class Meta:
        table_name = "payments_applied"


def applied(payment):
    return list(Applied.scoped(payment.tenant_id).where(Applied.payment_id == payment.id).order_by(Applied.id))


def open_invoices(tenant, ids, payment_id=None):
    """The invoices ``ids``, oldest first, each with what is left to pay: its balance due (its total
    until a sent invoice's comes back) less what payments not yet in Books (but this one) apply to it."""
    invoice = module_named("books/invoices").model
    rows = list(invoice.scoped(tenant).where(invoice.id.in_(list(ids) or [0])).order_by(invoice.date, invoice.id))
    pending = dict(Applied.scoped(tenant, Applied.invoice_id, money_sum(Applied.amount)).join(
        Payment, on=Payment.id == Applied.payment_id).where((Payment.number == "") & (Payment.id != (payment_id or 0))
                                                            & Applied.invoice_id.in_([i.id for i in rows] or [0]))
        .group_by(Applied.invoice_id).tuples())
    return [(i, (i.balance if i.balance or i.status not in ("sent", "overdue") else i.total) - pending.get(i.id, ZERO))
            for i in rows]


class PaymentSchema(RecordSchema):
    account_id = reference("Customer", required=True)
    invoice_ids = fields.List(RecordIdField(), required=True, error_messages={"required": "Choose at least one invoice."},
                              validate=validate.Length(min=1, error="Choose at least one invoice."), metadata={
                                  "label": "Invoices", "widget": "references", "module": "books/invoices",
                                  "help": "The amount goes to the oldest first, up to each one's balance due."})
    amount = Money(required=True, validate=validate.Range(min=Decimal("0.01"), error="Enter an amount above zero."),
                   metadata={"label": "Amount"})
    date = fields.Date(load_default=dt.date.today, metadata={"label": "Date"})
    mode = fields.String(load_default="cash", validate=validate.OneOf([m for m, _ in MODES], error="Choose a mode."),
                         metadata={"label": "Mode", "choices": MODES})
    reference = text(100, "Reference")
    number = fields.String(dump_only=True, metadata={"label": "Payment #"})


PAYMENTS = Module(
    name="payments/payments", label="Payments", singular="Payment", model=Payment, schema=PaymentSchema,
    app="payments", title_field="number",
    columns=(Column("date", "Date", link=True), Column("number", "Payment #"), Column("account_id", "Customer"),
             Column("amount", "Amount"), Column("mode", "Mode"), Column("reference", "Reference")),
    search_fields=("number", "reference"), sort_fields=("date", "number", "amount"), default_sort="-date",
    filter_fields=("mode", "account_id"), references={"account_id": "accounts"}, protects=("account_id",),
    locked=lambda p: f"Payment {p.number} is in Books: it can no longer be changed." if p.number else None)


@hookimpl
def register_modules():
    return [PAYMENTS]


@hookimpl
def register_tabs():
    return [Tab(key="payments", label="Payments", modules=(PAYMENTS.name,), order=55, app="payments")]


@hookimpl
def register_permissions():
    return [Permission("app.payments", "Access Payments", "Apps"),
            Permission("payments.record", "Record payments from an invoice", "Payments")]


@hookimpl
def register_migrations():
    return [Migration("payments", "0001_payments",
                      lambda migrator, database: database.create_tables([Payment, Applied], safe=True))]


@hookimpl
def validate_record(module, tenant, values, record, user):
    """Open invoices of the payment's customer, and no more than what is left to pay on them."""
    if module.name != PAYMENTS.name:
        return None
    ids = values.get("invoice_ids", record and record.invoice_ids)
    found = open_invoices(tenant, ids, record and record.id)
    wrong = [f"#{i}" for i in ids if i not in {inv.id for inv, _ in found}] + [
        inv.number or f"#{inv.id}" for inv, _ in found
        if inv.account_id != values.get("account_id", record and record.account_id) or inv.status not in OPEN]
    if wrong:
        return {"invoice_ids": [f"Not an open invoice of this customer: {', '.join(wrong)}."]}
    due = sum((left for _, left in found), ZERO)
    if values.get("amount", record and record.amount) > due:
        return {"amount": [f"More than the {format_money(due, tenant.currency)} left to pay on these invoices."]}
    return None


@hookimpl
def related_lists(module, record, user):
    """An account's payments; an invoice's, whose New is prefilled with what is left to pay on it."""
    if module.name not in ("accounts", "books/invoices") or not can_module(user, PAYMENTS, "view"):
        return None
    new, paid = {"account_id": record.id}, Payment.scoped(record.tenant_id).where(Payment.account_id == record.id)
    if module.name == "books/invoices":
        paid = Payment.scoped(record.tenant_id).where(
            Payment.id.in_(Applied.select(Applied.payment_id).where(Applied.invoice_id == record.id)))
        due = open_invoices(record.tenant_id, [record.id])[0][1] if record.status in OPEN and record.account_id else 0
        new = {"account_id": record.account_id, "invoice_ids": record.id, "amount": due} if due > 0 else None
    return [RelatedList(key="payments", label="Payments", module=PAYMENTS.name, columns=PAYMENTS.columns, order=45,
                        records=list(paid.order_by(Payment.date.desc(), Payment.id.desc()).limit(50)),
                        total=paid.count(), can_create=bool(new) and can_module(user, PAYMENTS, "create"),
                        new_params=new or {})]


@hookimpl
def status_actions(module, record, user):
    """Record payment: all that is left to pay on a sent invoice, in cash, today (New in its
    Payments list records part of it, or another mode), for who may record payments."""
    if (module.name != "books/invoices" or record.status not in OPEN or not record.account_id
            or not can_module(user, PAYMENTS, "create")):
        return None
    due = open_invoices(record.tenant_id, [record.id])[0][1]
    pay = lambda invoice, user: create_record(PAYMENTS, invoice.tenant, user, {  # noqa: E731
        "account_id": invoice.account_id, "invoice_ids": [invoice.id], "amount": str(due), "reference": invoice.number})
    return [StatusAction(key="record_payment", label="Record payment", run=pay, runs="crm", permission="payments.record",
                         style="primary", confirm=f"Record a cash payment of {format_money(due)} for {record.number}?")
            ] if due > 0 else None


@hookimpl
def register_report_folders():
    return [ReportFolder("payments", "Payment reports", app="payments", order=15)]


@hookimpl
def register_reports():
    by_month = ReportDefinition(PAYMENTS.name, group_by=(Grouping("date", "month"),), chart="bar",
                                aggregates=(Aggregate("sum", "amount", "Received"), Aggregate("count", "", "Payments")))
    return [Report("payments.by_month", "Payments received by month", "payments", by_month, app="payments",
                   description="What customers paid, month by month.")]


def payment_payload(payment, refs):
    return {"customer_id": refs.finance_id("accounts", payment.account_id), "date": payment.date.isoformat(),
            "amount": str(payment.amount), "payment_mode": payment.mode, "reference_number": payment.reference,
            "invoices": [{"invoice_id": refs.finance_id("books/invoices", a.invoice_id),
                          "amount_applied": str(a.amount)} for a in applied(payment)]}


@hookimpl
def register_sync_types():
    """Through Books' connection: to the organisation of the invoices a payment pays."""
    return [SyncType(module=PAYMENTS.name, app="books", doc_type="payments", to_payload=payment_payload,
                     apply_remote=lambda payment, remote: {"number": remote.get("payment_number") or payment.number},
                     refreshes=lambda payment: [("books/invoices", a.invoice_id) for a in applied(payment)])]


@hookimpl
def demo_records(tenant, records, users):
    """Three of Books' demo invoices sent, then paid in full, in half and in a quarter."""
    invoice = module_named("books/invoices").model
    for index, sent in enumerate(invoice.scoped(tenant).where(invoice.status == "draft").order_by(invoice.id).limit(3)):
        perform_action("books/invoices", sent, "mark_sent", users[0])
        create_record(PAYMENTS, tenant, users[0], {"account_id": sent.account_id, "invoice_ids": [sent.id],
                                                   "amount": str((sent.total / (1, 2, 4)[index]).quantize(ZERO)),
                                                   "mode": MODES[index + 1][0], "reference": f"DEMO-PAY-{index + 1}"})
