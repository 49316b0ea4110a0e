"""Payments: what customers pay against Books invoices, applied oldest first, synced with Books."""
import datetime as dt

import peewee
from marshmallow import fields, validate

from core import (
    N_, Aggregate, Column, Grouping, Manifest, Migration, Module, Money, MoneyField, Permission, RecordIdField,
    RecordSchema, RelatedList, Report, ReportDefinition, ReportFolder, StatusAction, SyncType, Tab, TenantModel,
    can_module, create_record, format_money, gettext, hookimpl, lazy_gettext as _l, module_named, money_sum,
    perform_action, reference, text)

# Words: N_ marks what is declared (labels, shown in the reader's language), gettext what is said as it
# happens, lazy_gettext (_l) what is declared and shown as is (reports, validation messages); the French
# catalogue is the package's own, translations/fr/LC_MESSAGES/messages.po (docs/plugins.md "Translations").
manifest = Manifest(name="payments", label=N_("Payments"), version="0.1.0", depends=("books",),
                    requires="finsuite>=1,<2", description=N_("Customer payments against Books invoices."))
MODES = [("cash", N_("Cash")), ("check", N_("Check")), ("bank_transfer", N_("Bank transfer")),
         ("credit_card", N_("Credit card")), ("other", N_("Other"))]
OPEN, INVOICES, PICK = ("sent", "overdue", "partially_paid"), "books/invoices", _l("Choose at least one invoice.")

class Payment(TenantModel):
    account_id = peewee.IntegerField(index=True)
    date = peewee.DateField(default=dt.date.today)
    amount = MoneyField(default=0)
    mode = peewee.CharField(max_length=30, default="cash")
    reference = peewee.CharField(max_length=100, default="")
    number = peewee.CharField(max_length=40, default="")  # the finance application's, PAY-000001
    invoice_ids = property(lambda self: self.__dict__.get("chosen") or [a.invoice_id for a in applied(self)],
                           lambda self, ids: self.__dict__.update(chosen=list(ids)))  # applied when it is saved
    class Meta:
        table_name = "payments_payment"

    def save(self, *args, **kwargs):  # the amount goes to the oldest invoice first, to each up to what it owes
        ids, result, left = self.invoice_ids, super().save(*args, **kwargs), self.amount
        Applied.delete().where(Applied.payment_id == self.id).execute()
        for invoice, due in open_invoices(self.tenant_id, ids, self.id):
            if min(left, due) > 0:
                Applied.create(tenant=self.tenant_id, payment_id=self.id, invoice_id=invoice.id, amount=min(left, due))
                left -= min(left, due)
        self.__dict__.pop("chosen", None)
        return result

class Applied(TenantModel):  # what a payment pays of one invoice
    payment = peewee.ForeignKeyField(Payment, on_delete="CASCADE")  # gone with its payment
    invoice_id = peewee.IntegerField(index=True)
    amount = MoneyField(default=0)
    class Meta:
        table_name = "payments_applied"

def applied(payment):
    return list(Applied.scoped(payment.tenant_id).where(Applied.payment_id == payment.id).order_by(Applied.id))

def open_invoices(tenant, ids, payment_id=None):  # [(invoice, what is left to pay on it)], oldest first
    invoice = module_named(INVOICES).model
    unsynced = Payment.scoped(tenant, Payment.id).where((Payment.number == "") & (Payment.id != (payment_id or 0)))
    pending = dict(Applied.scoped(tenant, Applied.invoice_id, money_sum(Applied.amount)).where(
        Applied.payment_id.in_(unsynced)).group_by(Applied.invoice_id).tuples())
    # an open invoice's balance (its total until Books answers Mark as Sent) less payments not yet in Books
    return [(i, (i.balance or i.total if i.status in OPEN else 0) - pending.get(i.id, 0))
            for i in invoice.scoped(tenant).where(invoice.id.in_(list(ids))).order_by(invoice.date, invoice.id)]

class PaymentSchema(RecordSchema):
    account_id = reference(N_("Customer"), required=True)
    invoice_ids = fields.List(RecordIdField(), required=True, validate=validate.Length(min=1, error=PICK), metadata={
        "label": N_("Invoices"), "widget": "references", "module": INVOICES,
        "help": N_("The amount pays the oldest first, each up to its balance due.")}, error_messages={"required": PICK})
    amount = Money(required=True, validate=validate.Range(min=0, min_inclusive=False), metadata={"label": N_("Amount")})
    date = fields.Date(load_default=dt.date.today, metadata={"label": N_("Date")})
    mode = fields.String(load_default="cash", validate=validate.OneOf(dict(MODES)),
                         metadata={"label": N_("Mode"), "choices": MODES})
    reference = text(100, N_("Reference"))
    number = fields.String(dump_only=True, metadata={"label": N_("Payment #")})

NEW_BUTTON = N_("New Payment")  # the New button, a whole phrase (core.i18n.phrase)
PAYMENTS = Module(name="payments/payments", label=N_("Payments"), singular=N_("Payment"), model=Payment,
    schema=PaymentSchema, app="payments", title_field="number", default_sort="-date",
    sort_fields=("date", "number", "amount"),
    columns=(Column("date", N_("Date"), link=True), Column("number", N_("Payment #")),
             Column("account_id", N_("Customer")), Column("amount", N_("Amount")), Column("mode", N_("Mode")),
             Column("reference", N_("Reference"))),
    search_fields=("number", "reference", "account_id"), filter_fields=("mode", "account_id"),
    references={"account_id": "accounts"}, protects=("account_id",),
    locked=lambda p: p.number and gettext("Payment %(number)s is in Books: it can no longer change.", number=p.number))

# The declarations: each register hook answers a list (hookimpl marks a lambda as it marks a def).
register_modules = hookimpl(lambda: [PAYMENTS])
register_tabs = hookimpl(lambda: [Tab("payments", N_("Payments"), (PAYMENTS.name,), order=55, app="payments")])
register_permissions = hookimpl(lambda: [
    Permission("app.payments", N_("Access Payments"), N_("Apps")),
    Permission("payments.record", N_("Record payments from an invoice"), N_("Payments"))])
register_migrations = hookimpl(lambda: [Migration(  # the safe way: a new database gets every column of the model
    "payments", "0001_payments", lambda migrator, database: database.create_tables([Payment, Applied], safe=True))])
register_report_folders = hookimpl(lambda: [ReportFolder("payments", _l("Payment reports"), app="payments", order=15)])
register_reports = hookimpl(lambda: [Report(
    "payments.by_month", _l("Payments received by month"), "payments", app="payments", definition=ReportDefinition(
        PAYMENTS.name, group_by=(Grouping("date", "month"),),
        aggregates=(Aggregate("sum", "amount", _l("Received")), Aggregate("count", "", _l("Payments")))))])

@hookimpl
def validate_record(module, tenant, values, record, user):  # open invoices of one customer, what they still owe
    if module.name != PAYMENTS.name:
        return None
    current = lambda name: values.get(name, getattr(record, name, None))  # noqa: E731
    found = open_invoices(tenant, current("invoice_ids"), record and record.id)
    wrong = [f"#{i}" for i in current("invoice_ids") if i not in {inv.id for inv, _ in found}] + [
        inv.number or f"#{inv.id}" for inv, _ in found if inv.status not in OPEN  # Books' customer: the contact if any
        or (inv.account_id, inv.contact_id) != (current("account_id"), found[0][0].contact_id)]
    due = sum(left for _, left in found)
    if wrong or current("amount") > due:
        return {"invoice_ids": [gettext("Not an open invoice of this customer: %(invoices)s.",
                                        invoices=", ".join(wrong))]} if wrong else {
            "amount": [gettext("More than the %(amount)s left to pay on these invoices.",
                               amount=format_money(due, tenant.currency))]}

@hookimpl
def related_lists(module, record, user):  # New on an invoice Books has open: prefilled with what is left to pay
    if module.name not in ("accounts", INVOICES) or not can_module(user, PAYMENTS, "view"):
        return None
    invoice = module.name == INVOICES
    paid = Payment.scoped(record.tenant_id).where(Payment.id.in_(Applied.select(Applied.payment_id).where(
        Applied.invoice_id == record.id)) if invoice else Payment.account_id == record.id)
    due = invoice and record.account_id and record.balance and open_invoices(record.tenant_id, [record.id])[0][1]
    return [RelatedList(key="payments", label=N_("Payments"), module=PAYMENTS.name, columns=PAYMENTS.columns, order=45,
                        records=list(paid.order_by(Payment.date.desc(), Payment.id.desc()).limit(50)),
                        total=paid.count(), can_create=(due or not invoice) and can_module(user, PAYMENTS, "create"),
                        new_params={"account_id": record.account_id, "invoice_ids": record.id, "amount": due}
                        if invoice else {"account_id": record.id})]

@hookimpl
def status_actions(module, record, user):  # all it owes, in cash, today (its Payments list's New for less)
    if module.name != INVOICES or not can_module(user, PAYMENTS, "create"):
        return None
    due = record.account_id and record.balance and open_invoices(record.tenant_id, [record.id])[0][1]
    pay = lambda invoice, user: create_record(PAYMENTS, invoice.tenant, user, {  # noqa: E731
        "account_id": invoice.account_id, "invoice_ids": [invoice.id], "amount": str(due), "reference": invoice.number})
    return [StatusAction(key="record_payment", label=N_("Record payment"), run=pay, runs="crm", style="primary",
                         permission="payments.record",
                         confirm=gettext("Record a cash payment of %(amount)s?", amount=format_money(due)))
            ] if (due or 0) > 0 else None  # an account's invoice, once Books has it open (its balance is back)

def payment_payload(payment, refs):  # the customer is the invoices' in Books: their contact, else the account
    lines = applied(payment)
    contact = module_named(INVOICES).model.get_by_id(lines[0].invoice_id).contact_id
    return {"customer_id": refs.finance_id(*(("contacts", contact) if contact else ("accounts", payment.account_id))),
            "date": payment.date.isoformat(), "amount": str(payment.amount), "payment_mode": payment.mode,
            "reference_number": payment.reference, "invoices": [{"invoice_id": refs.finance_id(
                INVOICES, a.invoice_id), "amount_applied": str(a.amount)} for a in lines]}

# Through Books' connection (its finance organisation); the invoices it pays are read back once it is there.
register_sync_types = hookimpl(lambda: [SyncType(
    module=PAYMENTS.name, app="books", doc_type="payments", to_payload=payment_payload, delete_remote=True,
    apply_remote=lambda payment, remote: {"number": remote.get("payment_number") or payment.number},
    refreshes=lambda payment: [(INVOICES, a.invoice_id) for a in applied(payment)])])

@hookimpl
def demo_records(tenant, records, users):  # three of Books' demo invoices sent, paid in full, in half, in a third
    invoice = module_named(INVOICES).model
    for index, sent in enumerate(invoice.scoped(tenant).where(invoice.status == "draft").order_by(invoice.id).limit(3)):
        perform_action(INVOICES, sent, "mark_sent", users[0])
        create_record(PAYMENTS, tenant, users[0], {"account_id": sent.account_id, "invoice_ids": [sent.id],
                                                   "amount": str((sent.total / (index + 1)).quantize(sent.total)),
                                                   "mode": MODES[index + 1][0], "reference": f"DEMO-{index + 1}"})
