"""The CRM's own records: accounts, contacts, vendors, deals, products."""
from __future__ import annotations

import peewee

from ..i18n import N_
from ..models import MoneyField, TenantModel, User

DEAL_STAGES = (
    N_("Qualification"), N_("Needs Analysis"), N_("Value Proposition"), N_("Proposal/Price Quote"),
    N_("Negotiation/Review"), N_("Closed Won"), N_("Closed Lost"),
)


class Account(TenantModel):
    name = peewee.CharField(max_length=200)
    website = peewee.CharField(max_length=300, default="")
    phone = peewee.CharField(max_length=50, default="")
    email = peewee.CharField(max_length=254, default="")
    industry = peewee.CharField(max_length=100, default="")
    street = peewee.CharField(max_length=300, default="")
    city = peewee.CharField(max_length=100, default="")
    postal_code = peewee.CharField(max_length=20, default="")
    country = peewee.CharField(max_length=100, default="")
    description = peewee.TextField(default="")
    owner = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "crm_account"
        indexes = ((("tenant", "name", "id"), False),)


class Contact(TenantModel):
    first_name = peewee.CharField(max_length=100, default="")
    last_name = peewee.CharField(max_length=100)
    email = peewee.CharField(max_length=254, default="")
    phone = peewee.CharField(max_length=50, default="")
    title = peewee.CharField(max_length=100, default="")
    account = peewee.ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="contacts")
    owner = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "crm_contact"
        indexes = ((("tenant", "last_name", "id"), False),
                   (("tenant", "account", "last_name", "id"), False))

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Vendor(TenantModel):
    name = peewee.CharField(max_length=200)
    email = peewee.CharField(max_length=254, default="")
    phone = peewee.CharField(max_length=50, default="")
    website = peewee.CharField(max_length=300, default="")
    street = peewee.CharField(max_length=300, default="")
    city = peewee.CharField(max_length=100, default="")
    postal_code = peewee.CharField(max_length=20, default="")
    country = peewee.CharField(max_length=100, default="")
    owner = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "crm_vendor"
        indexes = ((("tenant", "name", "id"), False),)


class Deal(TenantModel):
    name = peewee.CharField(max_length=200)
    account = peewee.ForeignKeyField(Account, null=True, on_delete="SET NULL", backref="deals")
    contact = peewee.ForeignKeyField(Contact, null=True, on_delete="SET NULL", backref="deals")
    stage = peewee.CharField(max_length=50, default=DEAL_STAGES[0])
    amount = MoneyField(default=0)
    closing_date = peewee.DateField(null=True)
    owner = peewee.ForeignKeyField(User, null=True, on_delete="SET NULL")

    class Meta:
        table_name = "crm_deal"
        indexes = ((("tenant", "name", "id"), False),
                   (("tenant", "account", "closing_date", "id"), False),
                   (("tenant", "contact", "id"), False))


class Product(TenantModel):
    name = peewee.CharField(max_length=200)
    code = peewee.CharField(max_length=100, default="")
    unit_price = MoneyField(default=0)
    tax_rate = peewee.DecimalField(max_digits=7, decimal_places=3, default=0, auto_round=True)
    description = peewee.TextField(default="")
    is_active = peewee.BooleanField(default=True)

    class Meta:
        table_name = "crm_product"
        indexes = ((("tenant", "name", "id"), False),)


CRM_TABLES = [Account, Contact, Vendor, Deal, Product]
