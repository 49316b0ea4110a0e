"""The embedded finance application's tables. ``organization_id`` (a string) is on every row:
one database holds many organisations, as Zoho does. Ids are the finance application's own."""
from __future__ import annotations

from decimal import Decimal

import peewee

from ...models.base import RecordId
from .db import Money, Quantity, finance_db, utcnow

ZERO, ONE = Decimal("0.00"), Decimal("1.00")


class FinanceModel(peewee.Model):
    id = RecordId()  # a deleted record's id is never another's (the CRM keeps finance ids)
    organization_id = peewee.CharField(max_length=100)
    created_time = peewee.DateTimeField(default=utcnow)
    last_modified_time = peewee.DateTimeField(default=utcnow, index=False)

    class Meta:
        database = finance_db
        legacy_table_names = False

    def touch(self):
        self.last_modified_time = utcnow()


class Counter(peewee.Model):
    """The next number of a series (``INV``, ``EST`` ...) per organisation."""
    organization_id = peewee.CharField(max_length=100)
    series = peewee.CharField(max_length=20)
    value = peewee.IntegerField(default=0)

    class Meta:
        database = finance_db
        table_name = "fin_counter"
        indexes = ((("organization_id", "series"), True),)


class Contact(FinanceModel):
    crm_id = peewee.CharField(max_length=100, null=True)
    contact_name = peewee.CharField(max_length=300)
    company_name = peewee.CharField(max_length=300, default="")
    contact_type = peewee.CharField(max_length=20, default="customer")
    email = peewee.CharField(max_length=300, default="")
    phone = peewee.CharField(max_length=100, default="")
    website = peewee.CharField(max_length=300, default="")
    billing_address = peewee.TextField(default="{}")  # JSON
    status = peewee.CharField(max_length=20, default="active")
    outstanding_receivable_amount = Money(default=ZERO)
    overdue_receivable_amount = Money(default=ZERO)
    outstanding_payable_amount = Money(default=ZERO)
    #: quantities on the customer's open sales orders (Inventory's "Items ordered")
    open_salesorder_quantity = Quantity(default=ZERO)
    #: payments no longer applied to an invoice (one voided): Zoho's "customer credits"
    unused_credits_receivable_amount = Money(default=ZERO)
    #: its contact persons (JSON list, ``persons.py``); ``email``/``phone`` hold the primary's
    contact_persons = peewee.TextField(default="[]")

    class Meta:
        table_name = "fin_contact"
        indexes = ((("organization_id", "crm_id"), True),
                   (("organization_id", "last_modified_time", "id"), False))


class Item(FinanceModel):
    crm_id = peewee.CharField(max_length=100, null=True)
    name = peewee.CharField(max_length=300)
    sku = peewee.CharField(max_length=100, default="")
    rate = Money(default=ZERO)
    tax_percentage = peewee.CharField(max_length=20, default="0")
    description = peewee.TextField(default="")
    status = peewee.CharField(max_length=20, default="active")
    stock_on_hand = Money(default=ZERO)
    committed_stock = Money(default=ZERO)

    class Meta:
        table_name = "fin_item"
        indexes = ((("organization_id", "crm_id"), True),
                   (("organization_id", "last_modified_time", "id"), False))


class Document(FinanceModel):
    """Invoices, estimates, sales orders, purchase orders and bills (``doc_type``)."""
    doc_type = peewee.CharField(max_length=20)
    crm_id = peewee.CharField(max_length=100, null=True)
    number = peewee.CharField(max_length=40)
    status = peewee.CharField(max_length=20, default="draft")
    contact_id = peewee.IntegerField()  # the customer (or the vendor of a PO / bill)
    date = peewee.DateField(null=True)
    due_date = peewee.DateField(null=True)  # due / expiry / shipment / delivery date
    reference_number = peewee.CharField(max_length=100, default="")
    notes = peewee.TextField(default="")
    sub_total = Money(default=ZERO)
    tax_total = Money(default=ZERO)
    total = Money(default=ZERO)
    balance = Money(default=ZERO)
    source_id = peewee.IntegerField(null=True)  # bill <- PO, invoice <- estimate or sales order
    source_type = peewee.CharField(max_length=20, default="")  # the source's doc_type ("": older rows)
    subscription_id = peewee.IntegerField(null=True)

    class Meta:
        table_name = "fin_document"
        indexes = ((("organization_id", "doc_type", "crm_id"), True),
                   (("organization_id", "doc_type", "number"), True),
                   (("organization_id", "doc_type", "last_modified_time", "id"), False),
                   (("organization_id", "doc_type", "status"), False),
                   (("contact_id",), False))


class Line(peewee.Model):
    document = peewee.ForeignKeyField(Document, backref="lines", on_delete="CASCADE")
    position = peewee.IntegerField(default=0)
    item_id = peewee.IntegerField(null=True, index=True)
    name = peewee.CharField(max_length=300)
    description = peewee.TextField(default="")
    quantity = Quantity()
    rate = Money()
    discount_percent = peewee.CharField(max_length=20, default="0")
    tax_percentage = peewee.CharField(max_length=20, default="0")
    item_total = Money()
    tax_amount = Money()
    quantity_packed = Quantity(default=ZERO)
    #: the organisation's tax the line was given by id (0: none; ``tax_percentage`` holds its rate)
    tax_id = peewee.IntegerField(default=0)

    class Meta:
        database = finance_db
        table_name = "fin_line"


class Tax(FinanceModel):
    """A tax of the organisation (Zoho's ``/settings/taxes``): what order lines name by id."""
    tax_name = peewee.CharField(max_length=100)
    tax_percentage = peewee.CharField(max_length=20)
    tax_type = peewee.CharField(max_length=20, default="tax")

    class Meta:
        table_name = "fin_tax"
        indexes = ((("organization_id", "tax_percentage"), False),)


class Payment(FinanceModel):
    number = peewee.CharField(max_length=40)
    customer_id = peewee.IntegerField()
    invoice_id = peewee.IntegerField(index=True, default=0)  # the first invoice it pays (0: none)
    amount = Money()
    date = peewee.DateField()
    reference_number = peewee.CharField(max_length=100, default="")
    crm_id = peewee.CharField(max_length=100, null=True)
    payment_mode = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "fin_payment"
        indexes = ((("organization_id", "last_modified_time", "id"), False),
                   (("organization_id", "crm_id"), True))


class PaymentApplication(peewee.Model):
    """What one payment pays of one invoice (``invoices[].amount_applied``)."""
    payment_id = peewee.IntegerField(index=True)
    invoice_id = peewee.IntegerField(index=True)
    amount_applied = Money()

    class Meta:
        database = finance_db
        table_name = "fin_payment_application"


class Expense(FinanceModel):
    crm_id = peewee.CharField(max_length=100, null=True)
    date = peewee.DateField()
    account_name = peewee.CharField(max_length=200)
    amount = Money()
    tax_amount = Money(default=ZERO)
    merchant = peewee.CharField(max_length=200, default="")
    description = peewee.TextField(default="")
    is_billable = peewee.BooleanField(default=False)
    customer_id = peewee.IntegerField(null=True)
    project_name = peewee.CharField(max_length=200, default="")
    report_id = peewee.IntegerField(null=True, index=True)

    class Meta:
        table_name = "fin_expense"
        indexes = ((("organization_id", "crm_id"), True),
                   (("organization_id", "last_modified_time", "id"), False))


class ExpenseReport(FinanceModel):
    crm_id = peewee.CharField(max_length=100, null=True)
    number = peewee.CharField(max_length=40)
    report_name = peewee.CharField(max_length=300)
    start_date = peewee.DateField(null=True)
    end_date = peewee.DateField(null=True)
    status = peewee.CharField(max_length=20, default="draft")
    total = Money(default=ZERO)

    class Meta:
        table_name = "fin_expense_report"
        indexes = ((("organization_id", "crm_id"), True),
                   (("organization_id", "last_modified_time", "id"), False))


class Subscription(FinanceModel):
    crm_id = peewee.CharField(max_length=100, null=True)
    number = peewee.CharField(max_length=40)
    customer_id = peewee.IntegerField()
    plan_code = peewee.CharField(max_length=100)
    plan_name = peewee.CharField(max_length=300, default="")
    quantity = Money(default=ONE)
    price = Money(default=ZERO)
    interval = peewee.IntegerField(default=1)
    interval_unit = peewee.CharField(max_length=10, default="months")
    starts_at = peewee.DateField()
    next_billing_at = peewee.DateField(null=True)
    status = peewee.CharField(max_length=20, default="live")

    class Meta:
        table_name = "fin_subscription"
        indexes = ((("organization_id", "crm_id"), True),
                   (("organization_id", "last_modified_time", "id"), False))


class Package(FinanceModel):
    number = peewee.CharField(max_length=40)
    salesorder_id = peewee.IntegerField(index=True)
    customer_id = peewee.IntegerField()
    date = peewee.DateField()
    line_items = peewee.TextField(default="[]")  # JSON, a copy of what was packed
    status = peewee.CharField(max_length=20, default="not_shipped")
    carrier = peewee.CharField(max_length=100, default="")
    tracking_number = peewee.CharField(max_length=100, default="")
    shipment_date = peewee.DateField(null=True)
    delivered_date = peewee.DateField(null=True)

    class Meta:
        table_name = "fin_package"
        indexes = ((("organization_id", "last_modified_time", "id"), False),)


#: columns added after their table's first release: ``init_finance_db`` adds them to an older database
ADDED_COLUMNS = ((Contact, "open_salesorder_quantity"), (Line, "tax_id"), (Contact, "contact_persons"),
                 (Contact, "unused_credits_receivable_amount"), (Payment, "payment_mode"),
                 (Document, "source_type"))

FINANCE_TABLES = [Counter, Contact, Item, Document, Line, Payment, PaymentApplication, Expense, ExpenseReport,
                  Subscription, Package, Tax]
