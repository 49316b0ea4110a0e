"""The CRM itself, declared through the same hooks as any finance plugin."""
from __future__ import annotations

from ..declarations import Column, Manifest, Migration, Module, Permission, RelatedList, Tab
from ..hookimpl import hookimpl
from ..i18n import N_
from ..permissions import can_module
from ..sorting import ascending
from .models import CRM_TABLES, Account, Contact, Deal, Product, Vendor
from .schemas import AccountSchema, ContactSchema, DealSchema, ProductSchema, VendorSchema

manifest = Manifest(name="crm", label=N_("CRM"), version="0.1.0",
                    description=N_("Accounts, contacts, vendors, deals and products."))

ACCOUNTS = Module(
    name="accounts", label=N_("Accounts"), singular=N_("Account"), model=Account, schema=AccountSchema,
    columns=(Column("name", N_("Account name"), link=True), Column("industry", N_("Industry")),
             Column("city", N_("City")), Column("phone", N_("Phone")), Column("email", N_("Email"))),
    search_fields=("name", "email", "city"), sort_fields=("name", "city", "industry", "created_at"),
    filter_fields=("industry", "country", "owner_id"), icon="building")
CONTACTS = Module(
    name="contacts", label=N_("Contacts"), singular=N_("Contact"), model=Contact, schema=ContactSchema,
    title_field="full_name", default_sort="last_name",
    columns=(Column("last_name", N_("Last name"), link=True), Column("first_name", N_("First name")),
             Column("account_id", N_("Account")), Column("email", N_("Email")), Column("phone", N_("Phone"))),
    search_fields=("first_name", "last_name", "email", "account_id"),
    sort_fields=("last_name", "first_name", "email", "created_at"),
    filter_fields=("account_id", "owner_id"), references={"account_id": "accounts"}, icon="user")
VENDORS = Module(
    name="vendors", label=N_("Vendors"), singular=N_("Vendor"), model=Vendor, schema=VendorSchema,
    columns=(Column("name", N_("Vendor name"), link=True), Column("email", N_("Email")),
             Column("phone", N_("Phone")), Column("city", N_("City"))),
    search_fields=("name", "email"), sort_fields=("name", "city", "created_at"),
    filter_fields=("country", "owner_id"), icon="truck")
DEALS = Module(
    name="deals", label=N_("Deals"), singular=N_("Deal"), model=Deal, schema=DealSchema,
    columns=(Column("name", N_("Deal name"), link=True), Column("account_id", N_("Account")),
             Column("stage", N_("Stage")), Column("amount", N_("Amount")), Column("closing_date", N_("Closing date"))),
    search_fields=("name", "account_id"),
    sort_fields=("name", "amount", "closing_date", "stage", "created_at"),
    filter_fields=("account_id", "contact_id", "stage", "owner_id"),
    references={"account_id": "accounts", "contact_id": "contacts"}, icon="handshake")
PRODUCTS = Module(
    name="products", label=N_("Products"), singular=N_("Product"), model=Product, schema=ProductSchema,
    columns=(Column("name", N_("Product name"), link=True), Column("code", N_("Code")),
             Column("unit_price", N_("Unit price")), Column("tax_rate", N_("Tax rate (%)"))),
    search_fields=("name", "code"), sort_fields=("name", "code", "unit_price", "created_at"),
    filter_fields=("is_active",), icon="box")

MODULES = (ACCOUNTS, CONTACTS, VENDORS, DEALS, PRODUCTS)
#: each module's New button as a whole, for a language whose words agree ("Nouvelle affaire"):
#: ``core.i18n.phrase`` finds them in the catalogue
NEW_BUTTONS = (N_("New Account"), N_("New Contact"), N_("New Vendor"), N_("New Deal"), N_("New Product"))


@hookimpl
def register_modules():
    return list(MODULES)


@hookimpl
def register_permissions():
    """Reports (B11): who may edit the organisation's default reports and restore them."""
    return [Permission("reports.manage", N_("Edit and restore the default reports"), N_("Reports"))]


@hookimpl
def register_tabs():
    return [Tab(key=m.name, label=m.label, modules=(m.name,), order=10 + i) for i, m in enumerate(MODULES)]


def _create_tables(migrator, database):
    database.create_tables(CRM_TABLES)


def _related_list_indexes(migrator, database):
    """Indexes that keep an account's contacts and deals lists cheap at any table size."""
    for model in (Contact, Deal):
        model._schema.create_indexes(safe=True)


@hookimpl
def register_migrations():
    return [Migration("crm", "0001_initial", _create_tables),
            Migration("crm", "0002_related_list_indexes", _related_list_indexes)]


@hookimpl
def related_lists(module, record, user):
    """Contacts and deals of an account; deals of a contact."""
    if module is ACCOUNTS:
        lists = []
        if can_module(user, CONTACTS, "view"):
            contacts = list(Contact.scoped(record.tenant_id).where(Contact.account == record)
                            .order_by(*ascending(Contact.last_name, Contact.id)).limit(50))
            lists.append(RelatedList(
                key="contacts", label=N_("Contacts"), module="contacts", records=contacts,
                columns=(Column("full_name", N_("Name"), link=True), Column("email", N_("Email")), Column("phone", N_("Phone"))),
                can_create=can_module(user, CONTACTS, "create"), new_params={"account_id": record.id}, order=10))
        if can_module(user, DEALS, "view"):
            deals = list(Deal.scoped(record.tenant_id).where(Deal.account == record)
                         .order_by(Deal.closing_date.desc(nulls="last"), Deal.id).limit(50))
            lists.append(RelatedList(
                key="deals", label=N_("Deals"), module="deals", records=deals,
                columns=(Column("name", N_("Deal name"), link=True), Column("stage", N_("Stage")), Column("amount", N_("Amount"))),
                can_create=can_module(user, DEALS, "create"), new_params={"account_id": record.id}, order=20))
        return lists
    if module is CONTACTS and can_module(user, DEALS, "view"):
        deals = list(Deal.scoped(record.tenant_id).where(Deal.contact == record).order_by(Deal.id).limit(50))
        return [RelatedList(
            key="deals", label=N_("Deals"), module="deals", records=deals,
            columns=(Column("name", N_("Deal name"), link=True), Column("stage", N_("Stage")), Column("amount", N_("Amount"))),
            can_create=can_module(user, DEALS, "create"),
            new_params={"contact_id": record.id, "account_id": record.account_id}, order=20)]
    return None


@hookimpl
def record_title(module, record):
    if module is CONTACTS:
        return record.full_name
    return None
